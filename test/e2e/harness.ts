import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { jest } from '@jest/globals';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The bundles under test: `dist/` unless MM_REVIEW_DIST names another build. */
export const DIST = path.resolve(ROOT, process.env.MM_REVIEW_DIST ?? 'dist');
/** The node binary to run bundles with (CI also runs them under Node 24). */
export const NODE = process.env.MM_REVIEW_NODE ?? process.execPath;

/**
 * Every end-to-end test spawns the bundled actions or CLI, which can take many seconds on a
 * loaded 2-core runner: each test file that imports this harness gets this timeout instead
 * of Jest's 5 s default (a test that spawns more may pass its own, longer one).
 */
export const SPAWN_TIMEOUT_MS = 120_000;
jest.setTimeout(SPAWN_TIMEOUT_MS);

export interface Annotation {
  level: 'error' | 'warning' | 'notice';
  file?: string;
  line?: number;
  col?: number;
  title?: string;
  message: string;
}

export interface ActionRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  annotations: Annotation[];
  /** The JSON report the `report` output names, read before the runner's temp dir is removed. */
  report?: Record<string, unknown>;
}

export interface ActionRunOptions {
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  /** Written to a file named by GITHUB_EVENT_PATH. */
  event?: object;
  eventName?: string;
  /** GITHUB_WORKSPACE and the working directory; default: the project root. */
  cwd?: string;
}

/** Environment variables of the host that must not leak into a simulated runner. */
function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      value === undefined ||
      key.startsWith('GITHUB_') ||
      key.startsWith('INPUT_') ||
      key.startsWith('RUNNER_') ||
      key === 'CI'
    )
      continue;
    env[key] = value;
  }
  return env;
}

/**
 * Runs `dist/actions/<name>.js` as the Actions runner does: inputs as INPUT_* variables,
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, an event payload file, and the workflow
 * commands on stdout parsed back into annotations.
 */
export async function runAction(name: string, options: ActionRunOptions = {}): Promise<ActionRun> {
  const temp = await mkdtemp(path.join(tmpdir(), 'mm-review-e2e-'));
  try {
    const files = {
      output: path.join(temp, 'output'),
      summary: path.join(temp, 'summary.md'),
      event: path.join(temp, 'event.json'),
      runnerTemp: temp,
    };
    await writeFile(files.output, '');
    await writeFile(files.summary, '');
    await writeFile(files.event, JSON.stringify(options.event ?? {}));
    const cwd = options.cwd ?? ROOT;
    const env: Record<string, string> = {
      ...cleanEnv(),
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      GITHUB_WORKSPACE: cwd,
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_EVENT_PATH: files.event,
      GITHUB_EVENT_NAME: options.eventName ?? 'push',
      RUNNER_TEMP: files.runnerTemp,
      ...options.env,
    };
    for (const [input, value] of Object.entries(options.inputs ?? {}))
      env[`INPUT_${input.replace(/ /g, '_').toUpperCase()}`] = value;
    const result = await spawn(NODE, [path.join(DIST, 'actions', `${name}.js`)], { cwd, env });
    const outputs = parseOutputs(await readFile(files.output, 'utf8'));
    const run: ActionRun = {
      ...result,
      outputs,
      summary: await readFile(files.summary, 'utf8'),
      annotations: parseAnnotations(result.stdout),
    };
    if (outputs.report) run.report = JSON.parse(await readFile(outputs.report, 'utf8')) as Record<string, unknown>;
    return run;
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/** Runs the committed CLI bundle (`dist/cli.js`). */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return spawn(NODE, [path.join(DIST, 'cli.js'), ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...cleanEnv(), NO_COLOR: '1', ...options.env },
  });
}

function spawn(
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string> },
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { ...options, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ exitCode: code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** Parses `name<<DELIMITER\nvalue\nDELIMITER` blocks (and plain `name=value` lines). */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = '', delimiter] = heredoc;
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i] ?? '');
      outputs[name] = value.join('\n');
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return outputs;
}

const unescapeData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
const unescapeProperty = (s: string) => unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',');

/** Parses `::error file=a,line=1,col=2,title=t::message` workflow commands. */
export function parseAnnotations(stdout: string): Annotation[] {
  const annotations: Annotation[] = [];
  for (const line of stdout.split('\n')) {
    const match = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!match) continue;
    const annotation: Annotation = { level: match[1] as Annotation['level'], message: unescapeData(match[3] ?? '') };
    for (const pair of (match[2] ?? '').split(',').filter(Boolean)) {
      const [key = '', value = ''] = pair.split('=');
      const v = unescapeProperty(value);
      if (key === 'file') annotation.file = v;
      else if (key === 'line') annotation.line = Number(v);
      else if (key === 'col') annotation.col = Number(v);
      else if (key === 'title') annotation.title = v;
    }
    annotations.push(annotation);
  }
  return annotations;
}
