export * from './plugin-actions';
export * from './run';
export * from './tool';
export * from './submission';
