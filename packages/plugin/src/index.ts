export * from './context';
export * from './facts/index';
export * from './manifest/load';
export * from './manifest/schema';
export { displayPath } from './manifest/decode';
export * from './checks/index';
export * from './changelog-file';
export * from './markdown/index';
