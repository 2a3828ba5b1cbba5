export { runCli, usage, type CliIO } from './main';
export { emitReport, oneOf, type EmitOptions } from './output';
