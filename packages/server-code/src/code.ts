import type { Finding, Severity } from '@mm-review/core';
import type { PluginContext } from '@mm-review/plugin';
import { analyzeServer, type ServerProgram } from './go/program';
import type { GoFile } from './go/parse';
import { pluginSources, type PluginSources, type ServerBuild, type UnreadCode } from './sources';
import { EXCLUSION_LABELS, type ExclusionReason } from './go/module';

export interface ServerCode extends PluginSources {
  program: ServerProgram;
}

/** Sources read once and the server program analysed once, shared by the five checks. */
export function serverCode(context: PluginContext): Promise<ServerCode> {
  return context.memo.get('server-code:program', async () => {
    const sources = await pluginSources(context);
    return { ...sources, program: analyzeServer(sources.server.files, sources.server.build.requires) };
  });
}

/** A finding located at a character offset of a source file. */
export function findingAt(
  file: { path: string; lines: GoFile['lines'] },
  offset: number,
  severity: Severity,
  rule: string,
  message: string,
): Finding {
  return { severity, rule, message, file: file.path, ...file.lines.position(offset) };
}

export function plural(count: number, word: string, pluralWord = `${word}s`): string {
  return `${count} ${count === 1 ? word : pluralWord}`;
}

/** Findings in file and line order, so a check's list reads like the code. */
export function sortByLocation(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  );
}

/** The skip message when no Go server code was found. */
export const NO_SERVER_CODE = (what: string): string =>
  `No Go server code was found (no main package calling plugin.ClientMain, no server/ folder), so there is no ${what}.`;

/** `github.com/x/y v1.2.0 (why), …` for the plugin code this review could not read. */
export function unreadList(unread: readonly UnreadCode[]): string {
  return unread.map((u) => `${u.module}${u.version ? ` ${u.version}` : ''}`).join(', ');
}

const EXCLUDED_ORDER: ExclusionReason[] = ['test', 'test-helper', 'mock', 'generated', 'build-tag'];

/** What was read of the server code and what was left out, by reason, for a summary. */
export function readSummary(build: ServerBuild, files: number): string {
  if (files === 0) return '';
  const from =
    build.mainDir === undefined
      ? 'the server/ folder (no main package calling plugin.ClientMain was found)'
      : `the main package ${build.mainDir || '.'} and the packages it imports`;
  const left = EXCLUDED_ORDER.filter((r) => build.excluded[r]).map((r) => {
    const n = build.excluded[r] as number;
    const [one, many] = EXCLUSION_LABELS[r];
    return `${n} ${n === 1 ? one : many}`;
  });
  if (build.notImported)
    left.push(`${build.notImported} in packages the plugin does not import (tools, generators, other programs)`);
  const unread = build.unread.length
    ? ` Not readable here: ${build.unread.map((u) => `${u.module}${u.version ? ` ${u.version}` : ''} (${u.why})`).join('; ')}.`
    : '';
  return `Read ${plural(files, 'Go file')} in ${plural(build.packages.length, 'package')} from ${from}${left.length ? `; left out ${left.join(', ')}` : ''}.${unread}`;
}
