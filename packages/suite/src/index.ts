export * from './plugin-actions';
export * from './run';
export * from './tool';
export * from './submission';
export * from './catalog';
export * from './config';
export * from './baseline';
