export { runCli, usage, type CliIO } from './main';
