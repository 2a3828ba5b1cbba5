export * from './model';
export * from './location';
export * from './workspace';
export * from './check';
export * from './checklist';
export * from './render/index';
export * from './git';
export * from './go-json';
