import { skipped, Workspace, type Check, type CheckOutcome, type EntryInfo, type Finding } from '@mm-review/core';
import type { GitHubApi } from '@mm-review/github';
import type { MarkdownDocument, PluginContext } from '@mm-review/plugin';
import { SECURITY_CONTACT_RULES } from './rules';
import { fullName, targetRepository } from './target';

const RULE = 'security-contact';
const POLICY_NAMES = ['SECURITY.md', 'SECURITY.markdown', 'SECURITY.txt', 'SECURITY.rst', 'SECURITY'];
const POLICY_DIRS = ['', '.github', 'docs'];
const README_NAMES = ['README.md', 'README.markdown', 'README.txt', 'README.rst', 'README'];
const MAX_DOC_FILES = 40;
/** Policy files and docs over this size are not read. */
const MAX_READ_BYTES = 1024 * 1024;

export interface Contact {
  /** `page`: a vulnerability-report (responsible disclosure) web page, a channel reviewers accept. */
  kind: 'email' | 'community' | 'page';
  value: string;
  file: string;
  line: number;
  column: number;
}

interface Source {
  file: string;
  /** 1-based line of the section heading (or 1 for a whole policy file). */
  line: number;
  lines: string[];
  /** Line number of `lines[0]`. */
  firstLine: number;
  policy: boolean;
}

const EMAIL = /(?<![\w.+-])[\w.+-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})*\.[a-z]{2,24}\b/gi;
const COMMUNITY_LINK = /\bcommunity(?:-daily)?\.mattermost\.com\/[^\s)\]>"']*/i;
/** "@jdoe on the Mattermost Community", "Community username: @jdoe", "DM @jdoe on community.mattermost.com". */
const COMMUNITY_USER = /(?<![\w.])@([a-z0-9][\w.-]{1,63})(?![\w@])/gi;
const PRIVATE_REPORTING = /private vulnerability reporting|report a vulnerability|security\/advisories\/new/i;
/** "Security", "Reporting security issues", "Vulnerability disclosure"; not "a secure internal URL". */
const SECURITY_HEADING = /\bsecurity\b|vulnerab|disclos/i;
const URL_IN_TEXT = /https?:\/\/[^\s)\]>"'`]+/gi;
/** A web page for reporting vulnerabilities: a disclosure policy, a bug bounty, security.txt. */
const REPORT_PAGE =
  /vulnerab|disclos|bug-?bounty|\/\.well-known\/security\.txt|security[-_]?report|report[-_]?a?[-_]?(?:security|vuln)|\/security\/?(?:[?#]|$)|^https?:\/\/(?:www\.)?(?:hackerone\.com|bugcrowd\.com|intigriti\.com|yeswehack\.com)\//i;
/** Pages about security that are not a place to report: release bulletins, GitHub's own advisory pages. */
const NOT_REPORT_PAGE =
  /security-?(?:updates|bulletins?|advisories)(?!\/new)|\/security\/advisories\/(?!new)|\/security\/policy|docs\.github\.com/i;
/** Where GitHub looks for a repository's (and an owner's default) security policy. */
const DEFAULT_POLICY_PATHS = ['SECURITY.md', '.github/SECURITY.md', 'docs/SECURITY.md'];

/** `security-contact` (security-2): a policy or the docs say where to report vulnerabilities. */
export const securityContactCheck: Check<PluginContext> = {
  id: 'security-contact',
  requirement: 'security-2',
  title: 'Security contact',
  rules: SECURITY_CONTACT_RULES,
  async run(context) {
    const sources = await securitySources(context);
    const contact = firstContact(sources);
    if (contact)
      return { findings: [], summary: `Security contact: ${describe(contact)} in ${contact.file}:${contact.line}.` };
    return withoutWrittenContact(context, sources);
  },
};

/** The first email or Community contact of any source; failing that, the first report page. */
function firstContact(sources: readonly Source[]): Contact | undefined {
  let page: Contact | undefined;
  for (const source of sources) {
    const contact = findContact(source);
    if (contact?.kind !== 'page') {
      if (contact) return contact;
      continue;
    }
    page ??= contact;
  }
  return page;
}

async function withoutWrittenContact(context: PluginContext, sources: readonly Source[]): Promise<CheckOutcome> {
  const reporting = await privateReporting(context);
  if (reporting.enabled)
    return {
      findings: [],
      summary: `GitHub private vulnerability reporting is enabled on ${reporting.name} (GitHub API).`,
    };
  const pointer = sources.map((s) => ({ source: s, at: pointerLine(s) })).find((p) => p.at !== undefined);
  if (pointer?.at !== undefined) {
    const { source } = pointer;
    const where = { file: source.file, line: pointer.at, column: 1 };
    if (reporting.enabled === false) {
      return {
        findings: [
          {
            severity: 'error',
            rule: `${RULE}/private-reporting-disabled`,
            ...where,
            message: `${source.file} tells reporters to use GitHub private vulnerability reporting, but it is disabled on ${reporting.name}; enable it in Settings → Code security, or give an email address or Mattermost Community username.`,
          },
        ],
      };
    }
    return {
      status: 'manual',
      summary: `${source.file}:${pointer.at} points to GitHub private vulnerability reporting; ${reporting.why}.`,
      findings: [
        {
          severity: 'notice',
          rule: `${RULE}/private-reporting-unverified`,
          ...where,
          message: `${source.file} tells reporters to use GitHub private vulnerability reporting, which could not be verified (${reporting.why}); a reviewer must confirm it is enabled, or add an email address or Mattermost Community username.`,
        },
      ],
    };
  }
  // A policy file of the repository's own replaces the owner's default: its verdict stands.
  if (sources.some((s) => s.policy))
    return { findings: [noContactFinding(sources)], summary: 'No security contact found.' };
  return ownerDefault(context, sources);
}

/**
 * GitHub shows the owner's default SECURITY.md (from the public `<owner>/.github` repository)
 * on every repository without a policy of its own, so without one here the verdict depends
 * on that repository: read it through the API, or say that it cannot be told.
 */
async function ownerDefault(context: PluginContext, sources: readonly Source[]): Promise<CheckOutcome> {
  const target = await targetRepository(context);
  const inRepo =
    sources.length > 0
      ? `the security section of ${sources[0]?.file}:${sources[0]?.line} gives no contact`
      : 'the repository has no security policy or security section';
  const add = `add a SECURITY.md that ${HOW_TO.replace(/^say/, 'says')}`;
  if (!target) {
    return skipped(
      `Cannot tell whether reporters have a security contact: ${inRepo}, and the repository is unknown, so the owner's default SECURITY.md (which GitHub shows when a repository has none) cannot be looked up; give the repository (--repository OWNER/REPO), or ${add}.`,
      `${RULE}/unknown`,
    );
  }
  const owner = `${target.owner}/.github`;
  const api = context.options.offline ? undefined : context.services.github;
  if (!api?.readFile) {
    const why = context.options.offline ? 'the review runs offline' : 'no GitHub token was given';
    return skipped(
      `Cannot tell whether ${fullName(target)} has a security contact: ${inRepo}, and GitHub then shows the default SECURITY.md of ${owner} if there is one, which was not read (${why}); run with a token, or ${add}.`,
      `${RULE}/unknown`,
    );
  }
  let found: { path: string; text: string } | undefined;
  try {
    found = await defaultPolicy(api, target.owner);
  } catch (error) {
    return skipped(
      `Cannot tell whether ${fullName(target)} has a security contact: ${inRepo}, and reading the default SECURITY.md of ${owner} failed (${(error as Error).message}).`,
      `${RULE}/unknown`,
    );
  }
  if (!found)
    return {
      findings: [noContactFinding(sources, `, and ${owner} has no default SECURITY.md`)],
      summary: 'No security contact found.',
    };
  const file = `${owner}/${found.path}`;
  const source: Source = { file, line: 1, firstLine: 1, lines: splitLines(found.text), policy: true };
  const contact = findContact(source);
  if (contact)
    return {
      findings: [],
      summary: `Security contact: ${describe(contact)} in ${file}:${contact.line}, the owner's default policy that GitHub shows for ${fullName(target)} (GitHub API).`,
    };
  return {
    findings: [
      {
        severity: 'error',
        rule: `${RULE}/no-contact`,
        message: `${fullName(target)} has no security policy of its own, and the default one GitHub shows for it (${file}) gives no email address, Mattermost Community username or vulnerability-report page; ${add}, or add the contact to ${file}.`,
      },
    ],
    summary: 'No security contact found.',
  };
}

/** The owner's default SECURITY.md, when `<owner>/.github` is public and has one. */
async function defaultPolicy(api: GitHubApi, owner: string): Promise<{ path: string; text: string } | undefined> {
  const repository = await api.getRepository(owner, '.github');
  if (!repository || repository.private) return undefined;
  for (const path of DEFAULT_POLICY_PATHS) {
    const text = await api.readFile?.(owner, '.github', path);
    if (text !== undefined) return { path, text };
  }
  return undefined;
}

const HOW_TO =
  'say where to report vulnerabilities privately: an email address, your @username on the Mattermost Community (community.mattermost.com), or a vulnerability-report page';

function noContactFinding(sources: readonly Source[], tail = ''): Finding {
  const policy = sources.find((s) => s.policy);
  const section = sources.find((s) => !s.policy);
  const present = policy ?? section;
  if (present) {
    const what = present.policy
      ? `${present.file} gives`
      : `The security section of ${present.file} (line ${present.line}) gives`;
    return {
      severity: 'error',
      rule: `${RULE}/no-contact`,
      file: present.file,
      line: present.line,
      column: 1,
      message: `${what} no email address, Mattermost Community username or vulnerability-report page for reporting vulnerabilities${tail}; ${HOW_TO}.`,
    };
  }
  return {
    severity: 'error',
    rule: `${RULE}/missing`,
    message: `No security policy (SECURITY.md at the root, in .github/ or docs/) and no security section in the README or docs${tail}; add a SECURITY.md that ${HOW_TO.replace(/^say/, 'says')}.`,
  };
}

async function privateReporting(context: PluginContext): Promise<{ enabled?: boolean; name?: string; why: string }> {
  const target = await targetRepository(context);
  if (!target) return { why: 'the repository is unknown' };
  const name = fullName(target);
  if (context.options.offline) return { name, why: 'the review runs offline' };
  const api = context.services.github;
  if (!api) return { name, why: 'no GitHub token was given' };
  const enabled = await api.privateVulnerabilityReporting(target.owner, target.repo).catch(() => undefined);
  return enabled === undefined
    ? { name, why: 'the token may not read that setting' }
    : { enabled, name, why: enabled ? 'enabled' : 'disabled' };
}

/** Policy files first (root, .github/, docs/), then security sections of the README and docs. */
export async function securitySources(context: PluginContext): Promise<Source[]> {
  const { workspace } = context;
  const sources: Source[] = [];
  for (const dir of POLICY_DIRS) {
    const entry = await workspace.findIgnoringCase(dir, POLICY_NAMES);
    const text = entry?.kind === 'file' ? await readText(workspace, entry) : undefined;
    if (entry && text !== undefined)
      sources.push({ file: entry.path, line: 1, firstLine: 1, lines: splitLines(text), policy: true });
  }
  for (const entry of await documentationFiles(workspace)) {
    const read = await context.markdown(entry.path, { maxBytes: MAX_READ_BYTES });
    if (read.ok) sources.push(...securitySections(read.document));
  }
  return sources;
}

async function documentationFiles(workspace: Workspace): Promise<EntryInfo[]> {
  const files: EntryInfo[] = [];
  const readme = await workspace.findIgnoringCase('', README_NAMES);
  if (readme?.kind === 'file') files.push(readme);
  const isDoc = (e: EntryInfo): boolean => /\.(?:md|markdown)$/i.test(e.name) && !/^security\./i.test(e.name);
  for await (const entry of workspace.walk('docs', isDoc, { limit: MAX_DOC_FILES })) files.push(entry);
  return files;
}

async function readText(workspace: Workspace, entry: EntryInfo): Promise<string | undefined> {
  const read = await workspace.readText(entry.path, { maxBytes: MAX_READ_BYTES });
  return read.ok ? read.text : undefined;
}

function splitLines(text: string): string[] {
  return text.split(/\r\n?|\n/);
}

/**
 * Sections whose heading mentions security, vulnerabilities or disclosure, found with the
 * suite's one Markdown reader (so HTML headings count and code does not), each running to
 * the next heading of the same or a higher level.
 */
export function securitySections(document: MarkdownDocument): Source[] {
  const { headings } = document;
  const lines = splitLines(document.text);
  const sections: Source[] = [];
  headings.forEach((heading, i) => {
    if (!SECURITY_HEADING.test(heading.text)) return;
    const next = headings.slice(i + 1).find((h) => h.level <= heading.level);
    const end = next ? next.line - 1 : lines.length;
    sections.push({
      file: document.path,
      line: heading.line,
      firstLine: heading.line,
      lines: lines.slice(heading.line - 1, end),
      policy: false,
    });
  });
  return sections;
}

/** The first email address or Community contact of a source; failing that, its first vulnerability-report page. */
export function findContact(source: Source): Contact | undefined {
  let page: Contact | undefined;
  for (let i = 0; i < source.lines.length; i++) {
    const line = source.lines[i] ?? '';
    const at = source.firstLine + i;
    const contact = contactInLine(line, source.lines, i);
    if (contact) return { ...contact, file: source.file, line: at };
    if (!page) {
      const found = reportPageInLine(line);
      if (found) page = { ...found, file: source.file, line: at };
    }
  }
  return page;
}

function contactInLine(
  line: string,
  lines: readonly string[],
  index: number,
): Omit<Contact, 'file' | 'line'> | undefined {
  for (const match of line.matchAll(EMAIL)) {
    if (/^git@|@(?:example|users\.noreply\.github)\./i.test(match[0])) continue;
    return { kind: 'email', value: match[0], column: (match.index ?? 0) + 1 };
  }
  const link = COMMUNITY_LINK.exec(line);
  if (link) return { kind: 'community', value: `https://${link[0]}`, column: link.index + 1 };
  const context = [lines[index - 1], line, lines[index + 1]].join(' ');
  if (!/\bcommunity\b|\bmattermost\b/i.test(context)) return undefined;
  for (const match of line.matchAll(COMMUNITY_USER)) {
    if (/^(?:all|here|channel)$/i.test(match[1] ?? '')) continue;
    return { kind: 'community', value: match[0], column: (match.index ?? 0) + 1 };
  }
  return undefined;
}

/** A link to a page for reporting vulnerabilities (not GitHub's private reporting form, which the API can verify). */
function reportPageInLine(line: string): Omit<Contact, 'file' | 'line'> | undefined {
  for (const match of line.matchAll(URL_IN_TEXT)) {
    const url = match[0].replace(/[.,;:!?*_]+$/, '');
    if (PRIVATE_REPORTING.test(url) || NOT_REPORT_PAGE.test(url) || !REPORT_PAGE.test(url)) continue;
    return { kind: 'page', value: url, column: (match.index ?? 0) + 1 };
  }
  return undefined;
}

/** The line of a source that sends reporters to GitHub private vulnerability reporting. */
function pointerLine(source: Source): number | undefined {
  const index = source.lines.findIndex((line) => PRIVATE_REPORTING.test(line));
  return index === -1 ? undefined : source.firstLine + index;
}

function describe(contact: Contact): string {
  if (contact.kind === 'email') return `email ${contact.value}`;
  if (contact.kind === 'page') return `vulnerability-report page ${contact.value}`;
  return contact.value.startsWith('@')
    ? `Mattermost Community user ${contact.value}`
    : `Mattermost Community link ${contact.value}`;
}
