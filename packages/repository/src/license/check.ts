import { readFailureFinding, type Check, type CheckOutcome, type Finding, type Workspace } from '@mm-review/core';
import type { PluginContext } from '@mm-review/plugin';
import {
  foldersNamedLike,
  isPrimaryLicenseName,
  readLicenseEntry,
  rootLicenseEntries,
  scanTree,
  type LicenseFile,
} from './files';
import { identifyLicenseText, MATCH_THRESHOLD, type LicenseMatch } from './identify';
import { LICENSE_RULES } from '../rules';
import { classifyTerms, type Terms } from './terms';

interface Assessed {
  file: LicenseFile;
  terms: Terms;
}

const RULE = 'license';

/** `license` (product-1): an OSI-approved license file, identified from its text. */
export const licenseCheck: Check<PluginContext> = {
  id: 'license',
  requirement: 'product-1',
  title: 'Open-source license',
  rules: LICENSE_RULES,
  async run(context) {
    return assessLicenses(context.workspace);
  },
};

export async function assessLicenses(workspace: Workspace): Promise<CheckOutcome> {
  const entries = await rootLicenseEntries(workspace);
  const scan = await scanTree(workspace);
  if (entries.length === 0)
    return missingLicense(
      workspace,
      scan.nested.map((e) => e.path),
    );
  const rootFiles = await Promise.all(entries.map((entry) => readLicenseEntry(workspace, entry, true)));
  const reached = new Set(rootFiles.map((f) => f.resolvedPath ?? f.path));
  const nestedFiles = await Promise.all(
    scan.nested.filter((e) => !reached.has(e.path)).map((entry) => readLicenseEntry(workspace, entry, false)),
  );
  const findings: Finding[] = [];
  const assessed: Assessed[] = [];
  for (const file of [...rootFiles, ...nestedFiles]) {
    if (!file.read.ok) {
      findings.push(unreadableFinding(file, file === mainCandidate(rootFiles)));
      continue;
    }
    assessed.push({ file, terms: classifyTerms(file.read.text, await identifyLicenseText(file.read.text)) });
  }
  const main = assessed.find((a) => a.file === mainCandidate(rootFiles)) ?? assessed.find((a) => a.file.atRoot);
  if (!main) return { findings, summary: 'No license file at the root could be read.' };
  findings.push(...mainFindings(main));
  for (const other of assessed) if (other !== main) findings.push(...otherFindings(other, main, scan.directories));
  return { findings, summary: summarize(main, assessed) };
}

/** The file GitHub would show as the repository's license: the best-named root file. */
function mainCandidate(rootFiles: readonly LicenseFile[]): LicenseFile | undefined {
  return rootFiles.find((f) => isPrimaryLicenseName(baseName(f.path))) ?? rootFiles[0];
}

async function missingLicense(workspace: Workspace, nested: readonly string[]): Promise<CheckOutcome> {
  const mention = await readmeMention(workspace);
  const elsewhere =
    nested.length > 0
      ? ` ${nested.slice(0, 3).join(', ')} ${nested.length === 1 ? 'exists' : 'exist'}, but GitHub and reviewers look for the license at the root.`
      : '';
  const finding: Finding = {
    severity: 'error',
    rule: `${RULE}/missing`,
    message: `The repository has no license file at its root (LICENSE, LICENSE.md, LICENSE.txt, COPYING).${elsewhere}${mention ? ` ${mention.file} line ${mention.line} mentions “${mention.phrase}”, but a mention in the README is not a license.` : ''} Add the full text of an OSI-approved license (for example Apache-2.0, as Mattermost's plugins use) as LICENSE.`,
  };
  if (mention) Object.assign(finding, { file: mention.file, line: mention.line, column: mention.column });
  return { findings: [finding], summary: 'No license file.' };
}

async function readmeMention(
  workspace: Workspace,
): Promise<{ file: string; line: number; column: number; phrase: string } | undefined> {
  const readme = await workspace.findIgnoringCase('', [
    'README.md',
    'README',
    'README.txt',
    'README.markdown',
    'README.rst',
  ]);
  if (!readme || readme.kind !== 'file') return undefined;
  const read = await workspace.readText(readme.path);
  if (!read.ok) return undefined;
  const lines = read.text.split(/\r\n?|\n/);
  // A license name first ("MIT", "Apache 2.0"), else any "license" heading or sentence.
  for (const pattern of [
    /\b(?:MIT|Apache(?:[- ]2\.0)?|[AL]?GPL(?:-?v?[23](?:\.0)?)?|BSD|MPL(?:-2\.0)?|ISC)\b/,
    /\blicen[sc]ed?\b/i,
  ]) {
    for (let i = 0; i < lines.length; i++) {
      const found = pattern.exec(lines[i] ?? '');
      if (found) return { file: readme.path, line: i + 1, column: found.index + 1, phrase: found[0] };
    }
  }
  return undefined;
}

function unreadableFinding(file: LicenseFile, isMain: boolean): Finding {
  if (!file.read.ok && (file.link === 'dangling' || file.link === 'outside')) return linkFinding(file);
  const failure = file.read as Extract<LicenseFile['read'], { ok: false }>;
  const finding = readFailureFinding(failure, `${RULE}/unreadable`, 'a license file', isMain ? 'error' : 'warning');
  finding.file = file.path;
  finding.message += isMain
    ? ' Replace it with the plain-text license (a few KiB).'
    : ' Replace it with the plain-text license or remove it.';
  return finding;
}

function linkFinding(file: LicenseFile): Finding {
  const stub = file.linkStub
    ? ' (it is checked out as a plain file holding the link target, as git does for symbolic links)'
    : '';
  const dangling = file.link === 'dangling';
  return {
    severity: 'warning',
    rule: `${RULE}/${dangling ? 'link-dangling' : 'link-outside'}`,
    message: dangling
      ? `${file.path} is a symbolic link to ${file.linkTarget}, which does not exist in the repository${stub}, so the terms it names cannot be read; commit the target file or remove the link.`
      : `${file.path} is a symbolic link to ${file.linkTarget}, outside the repository${stub}; it was not followed. Commit the license text itself.`,
    file: file.path,
    line: 1,
    column: 1,
  };
}

function mainFindings(main: Assessed): Finding[] {
  const { terms, file } = main;
  const findings: Finding[] = [];
  const where = { file: textPath(file), line: terms.marker?.line ?? 1, column: terms.marker?.column ?? 1 };
  if (terms.kind === 'unrecognized') {
    findings.push({
      severity: 'error',
      rule: `${RULE}/unrecognized`,
      ...where,
      message: `${describeFile(file)} matches no SPDX license closely enough (${nearestPhrase(terms.nearest)}; ${MATCH_THRESHOLD}% is needed, as on GitHub). Use the unmodified text of an OSI-approved license such as Apache-2.0 or MIT.`,
    });
  } else if (terms.kind !== 'osi') {
    findings.push({
      severity: 'error',
      rule: `${RULE}/not-open-source`,
      ...where,
      message: `${describeFile(file)} is ${describeTerms(terms)}, not an OSI-approved open-source license${nearestNote(terms)}; the Marketplace requires one (for example Apache-2.0 or MIT) for the plugin's code.`,
    });
  }
  if (terms.unmatchedSections.length > 0) findings.push(combinedFinding(main));
  return findings;
}

function combinedFinding({ file, terms }: Assessed): Finding {
  const first = terms.unmatchedSections[0];
  const parts = terms.matches.map((m) => m.spdxId).join(' and ');
  const ranges = terms.unmatchedSections.map((s) => `lines ${s.startLine}–${s.endLine}`).join(', ');
  return {
    severity: 'warning',
    rule: `${RULE}/combined-file`,
    message: `${describeFile(file)} combines ${parts} with text that matches no license (${ranges}); a reviewer must read that text to see which terms apply to which paths. Prefer one license per file and say in the README which paths each covers.`,
    file: textPath(file),
    line: first?.startLine ?? 1,
    column: 1,
  };
}

function otherFindings(other: Assessed, main: Assessed, directories: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  if (other.terms.unmatchedSections.length > 0) findings.push(combinedFinding(other));
  if (other.terms.key === main.terms.key) return findings;
  const openOnly = other.terms.kind === 'osi' && main.terms.kind === 'osi';
  const severity = !other.file.atRoot && openOnly ? 'notice' : 'warning';
  findings.push({
    severity,
    rule: `${RULE}/mixed-terms`,
    message: `${describeFile(other.file)} is ${describeTerms(other.terms)} and ${coverage(other.file, directories)}, while ${main.file.path} (${main.terms.label}) covers the rest of the repository; say in the README which paths each license covers${other.terms.kind === 'osi' ? '' : ', and keep the Marketplace plugin free of the restricted code'}.`,
    file: textPath(other.file),
    line: other.terms.marker?.line ?? 1,
    column: other.terms.marker?.column ?? 1,
  });
  return findings;
}

function coverage(file: LicenseFile, directories: readonly string[]): string {
  if (file.covers) return `covers ${file.covers}/`;
  const named = foldersNamedLike(baseName(file.path), directories);
  if (named.length > 0) return `presumably covers ${named.map((d) => `${d}/`).join(', ')} (named like the file)`;
  return 'does not say which paths it covers';
}

function describeFile(file: LicenseFile): string {
  return file.linkTarget ? `${file.path} (a link to ${file.linkTarget})` : file.path;
}

function describeTerms(terms: Terms): string {
  const marker = terms.marker ? ` (line ${terms.marker.line}: “${terms.marker.excerpt}”)` : '';
  switch (terms.kind) {
    case 'osi':
      return terms.label;
    case 'not-osi': {
      const nonOsi = terms.matches.find((m) => !m.osiApproved);
      return `${nonOsi?.spdxId} (${nonOsi?.name}, ${nonOsi?.score}% match)`;
    }
    case 'source-available':
      return `a source-available license${marker}`;
    case 'proprietary':
      return `a proprietary license${marker}`;
    default:
      return `a text that matches no SPDX license (${nearestPhrase(terms.nearest)})`;
  }
}

function nearestNote(terms: Terms): string {
  return terms.nearest ? ` (the nearest SPDX text, ${terms.nearest.spdxId}, matches only ${terms.nearest.score}%)` : '';
}

function nearestPhrase(nearest: LicenseMatch | undefined): string {
  return nearest ? `the nearest is ${nearest.spdxId} at ${nearest.score}%` : 'it has no license wording';
}

function summarize(main: Assessed, assessed: readonly Assessed[]): string {
  const describe = (a: Assessed): string => {
    const osi = a.terms.kind === 'osi' ? ', OSI-approved' : '';
    const covers = a === main ? '' : a.file.covers ? `, covers ${a.file.covers}/` : '';
    return `${describeFile(a.file)}: ${a.terms.kind === 'osi' || a.terms.kind === 'not-osi' ? a.terms.label : a.terms.kind}${osi}${covers}`;
  };
  return [main, ...assessed.filter((a) => a !== main)].map(describe).join('; ');
}

/** Where the license text is: the link's target for a link, so the line numbers fit. */
function textPath(file: LicenseFile): string {
  return file.link === 'inside' && file.resolvedPath ? file.resolvedPath : file.path;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
