import type { Finding, Severity } from '@mm-review/core';
import type { PluginContext } from '@mm-review/plugin';
import { analyzeServer, type ServerProgram } from './go/program';
import type { GoFile } from './go/parse';
import { pluginSources, type PluginSources } from './sources';

export interface ServerCode extends PluginSources {
  program: ServerProgram;
}

/** Sources read once and the server program analysed once, shared by the five checks. */
export function serverCode(context: PluginContext): Promise<ServerCode> {
  return context.memo.get('server-code:program', async () => {
    const sources = await pluginSources(context);
    return { ...sources, program: analyzeServer(sources.server.files) };
  });
}

/** A finding located at a character offset of a source file. */
export function findingAt(file: { path: string; lines: GoFile['lines'] }, offset: number, severity: Severity, rule: string, message: string): Finding {
  return { severity, rule, message, file: file.path, ...file.lines.position(offset) };
}

export function plural(count: number, word: string, pluralWord = `${word}s`): string {
  return `${count} ${count === 1 ? word : pluralWord}`;
}

/** Findings in file and line order, so a check's list reads like the code. */
export function sortByLocation(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}
