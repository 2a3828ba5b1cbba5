import api from './tables/api.json';
import hooks from './tables/hooks.json';
import webapp from './tables/webapp.json';

export { PLUGINAPI_WRAPPERS } from './tables/pluginapi';

/** A server version table generated from the Mattermost tables by scripts/generate-tables.mjs. */
export interface VersionTable {
  source: string;
  /** Method or hook name → the minor version (`9.10`) that introduced it. */
  methods: Readonly<Record<string, string>>;
  /** Why a row's version is the later of two sources, for the finding message. */
  disputed: Readonly<Record<string, string>>;
  unsupported: readonly string[];
}

export interface WebappTable extends VersionTable {
  /** Methods only known to exist at 8.0 (the webapp history checked starts there). */
  knownOnlyFrom: readonly string[];
  /** Method → the last minor version that still had it. */
  removedAfter: Readonly<Record<string, string>>;
}

export const API_TABLE: VersionTable = api;
export const HOOK_TABLE: VersionTable = hooks;
export const WEBAPP_TABLE: WebappTable = webapp;

export function lookup(table: VersionTable, name: string): string | undefined {
  return Object.hasOwn(table.methods, name) ? table.methods[name] : undefined;
}

/** `[major, minor]` of `9.10`, `9.10.2`, `v9.10.0-rc1`; undefined when there is none. */
export function minorParts(version: string): [number, number] | undefined {
  const match = /^v?(\d+)\.(\d+)/.exec(version.trim());
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/** Compares two versions by major and minor only (a 9.10 method exists in 9.10.3). */
export function compareMinor(a: string, b: string): number {
  const [aMajor, aMinor] = minorParts(a) ?? [0, 0];
  const [bMajor, bMinor] = minorParts(b) ?? [0, 0];
  return aMajor - bMajor || aMinor - bMinor;
}

export function laterMinor(a: string, b: string): string {
  return compareMinor(a, b) >= 0 ? a : b;
}
