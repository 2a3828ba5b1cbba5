import { readFailureFinding, type Finding, type Workspace } from '@mm-review/core';
import { isValidHttpUrl, type PluginContext } from '@mm-review/plugin';
import type { DocFile, DocRole, DocsModel, GitHubRepo, HomepageTarget } from './model';
import { docFile } from './parse';
import { TreeIndex } from './tree';
import { parseGitHubUrl, resolveRelative, sameRepo } from './url';

/** The memo key under which the parsed docs are shared between checks. */
export const DOCS_MEMO_KEY = 'docs';

/** READMEs over this size are refused with a finding rather than parsed. */
export const MAX_DOC_BYTES = 5 * 1024 * 1024;
/** How many Markdown files the README may pull in by linking to them. */
export const MAX_LINKED_DOCS = 20;

const README_NAMES = ['README.md', 'README.markdown', 'README.mdown', 'README', 'README.txt'];
const README_DIRS = ['', '.github', 'docs'];
const CONVENTIONAL_NAMES = ['DEVELOPMENT.md', 'DEVELOPING.md', 'CONTRIBUTING.md', 'HACKING.md', 'BUILDING.md', 'BUILD.md'];
const CONVENTIONAL_DIRS = ['', 'docs', '.github'];

/**
 * The plugin's documentation, found and parsed once per review: the README, the page
 * `homepage_url` points to when it is in this repository, the Markdown files they
 * link to, and development guides found by their conventional names.
 */
export function loadDocs(context: PluginContext): Promise<DocsModel> {
  return context.memo.get(DOCS_MEMO_KEY, () => buildDocsModel(context));
}

async function buildDocsModel(context: PluginContext): Promise<DocsModel> {
  const { workspace } = context;
  const load = await context.manifest();
  const manifest = load.found ? load.loaded.manifest : undefined;
  const repository = repositoryUnderReview(context.options.repository, manifest?.support_url, manifest?.homepage_url);
  const homepage = classifyHomepage(manifest?.homepage_url, repository);
  const reader = new DocReader(context);

  const readmePath = await findReadme(workspace);
  const readme = readmePath ? await reader.read(readmePath, 'readme', 'documentation/readme-unreadable', 'error') : undefined;
  if (homepage.kind === 'repository') await readHomepagePage(reader, workspace, homepage, readmePath);
  await readLinkedDocs(reader, workspace, repository);
  await readConventionalDocs(reader, workspace);

  return {
    ...(readme ? { readme } : {}),
    files: reader.files,
    homepage,
    ...(repository ? { repository } : {}),
    findings: reader.findings,
    tree: new TreeIndex(workspace),
  };
}

/** Reads and parses files at most once each, collecting read failures as findings. */
class DocReader {
  readonly files: DocFile[] = [];
  readonly findings: Finding[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly context: PluginContext) {}

  has(path: string): boolean {
    return this.seen.has(path);
  }

  async read(path: string, role: DocRole, rule: string, severity: Finding['severity']): Promise<DocFile | undefined> {
    if (this.seen.has(path)) return this.files.find((f) => f.path === path);
    this.seen.add(path);
    const result = await this.context.markdown(path, { maxBytes: MAX_DOC_BYTES, budget: 'documents' });
    if (!result.ok) {
      if (result.reason !== 'missing') this.findings.push(readFailureFinding(result, rule, 'documentation', severity));
      return undefined;
    }
    const file = docFile(result.document, role);
    this.files.push(file);
    return file;
  }
}

export function repositoryUnderReview(option: string | undefined, supportUrl: string | undefined, homepageUrl: string | undefined): GitHubRepo | undefined {
  const [owner, repo] = (option ?? '').split('/');
  if (owner && repo) return { owner, repo };
  for (const url of [supportUrl, homepageUrl]) {
    const parsed = url ? parseGitHubUrl(url) : undefined;
    if (parsed?.repo) return { owner: parsed.owner, repo: parsed.repo };
  }
  return undefined;
}

export function classifyHomepage(url: string | undefined, repository: GitHubRepo | undefined): HomepageTarget {
  if (!url) return { kind: 'missing' };
  if (!isValidHttpUrl(url)) return { kind: 'invalid', url };
  const github = parseGitHubUrl(url);
  if (!github) return { kind: 'external', url };
  if (!github.repo) return { kind: 'github-owner', url };
  const target = { owner: github.owner, repo: github.repo };
  if (repository && !sameRepo(target, repository)) return { kind: 'other-repository', url, ...target };
  const [page, , ...rest] = github.rest;
  if (page === undefined) return { kind: 'repository', url };
  if (page === 'blob' || page === 'tree') {
    const path = rest.join('/');
    return path ? { kind: 'repository', url, path } : { kind: 'repository', url };
  }
  if (page === 'wiki') return { kind: 'external', url };
  return { kind: 'repository-page', url, page };
}

async function findReadme(workspace: Workspace): Promise<string | undefined> {
  for (const dir of README_DIRS) {
    const entry = await workspace.findIgnoringCase(dir, README_NAMES);
    if (entry && entry.kind !== 'directory') return entry.path;
  }
  return undefined;
}

async function readHomepagePage(reader: DocReader, workspace: Workspace, homepage: Extract<HomepageTarget, { kind: 'repository' }>, readmePath: string | undefined): Promise<void> {
  if (!homepage.path) return;
  const info = await workspace.info(homepage.path).catch(() => undefined);
  const target = info?.kind === 'directory' ? (await workspace.findIgnoringCase(info.path, README_NAMES))?.path : info?.path;
  if (!target) reader.findings.push(homepagePageMissing(homepage));
  else if (target !== readmePath) await reader.read(target, 'homepage', 'documentation/homepage-page-unreadable', 'error');
}

function homepagePageMissing(homepage: Extract<HomepageTarget, { kind: 'repository' }>): Finding {
  return {
    severity: 'error',
    rule: 'documentation/homepage-page-missing',
    message: `homepage_url (${homepage.url}) points to ${homepage.path} in this repository, which does not exist here; fix the path or point homepage_url at the README.`,
  };
}

/** Markdown files the README (or the homepage page) links to, one hop deep. */
async function readLinkedDocs(reader: DocReader, workspace: Workspace, repository: GitHubRepo | undefined): Promise<void> {
  const sources = reader.files.filter((f) => f.role === 'readme' || f.role === 'homepage');
  let budget = MAX_LINKED_DOCS;
  for (const source of sources) {
    for (const link of source.links) {
      if (budget <= 0) return;
      const target = linkedPath(source.path, link.href, repository);
      if (!target || reader.has(target)) continue;
      const path = await markdownAt(workspace, target);
      if (!path || reader.has(path)) continue;
      budget--;
      await reader.read(path, 'linked', 'documentation/linked-doc-unreadable', 'notice');
    }
  }
}

/** The repository path a link leads to: a relative link, or a blob/tree URL of this repository. */
export function linkedPath(fromFile: string, href: string, repository: GitHubRepo | undefined): string | undefined {
  const relative = resolveRelative(fromFile, href);
  if (relative) return relative.outside ? undefined : relative.path;
  const github = parseGitHubUrl(href);
  if (!github?.repo || !repository || !sameRepo({ owner: github.owner, repo: github.repo }, repository)) return undefined;
  const [page, , ...rest] = github.rest;
  return (page === 'blob' || page === 'tree') && rest.length > 0 ? rest.join('/') : undefined;
}

/** The Markdown file a path names: itself when it is a .md file, or the README of a folder. */
async function markdownAt(workspace: Workspace, path: string): Promise<string | undefined> {
  if (path === '') return undefined;
  if (/\.(md|markdown|mdown)$/i.test(path)) return path;
  const info = await workspace.info(path).catch(() => undefined);
  if (info?.kind !== 'directory') return undefined;
  const readme = await workspace.findIgnoringCase(info.path, README_NAMES);
  return readme?.kind === 'file' ? readme.path : undefined;
}

async function readConventionalDocs(reader: DocReader, workspace: Workspace): Promise<void> {
  for (const dir of CONVENTIONAL_DIRS) {
    const entries = await workspace.list(dir);
    for (const name of CONVENTIONAL_NAMES) {
      const entry = entries.find((e) => e.name.toLowerCase() === name.toLowerCase());
      if (entry && entry.kind === 'file' && !reader.has(entry.path)) await reader.read(entry.path, 'conventional', 'documentation/linked-doc-unreadable', 'notice');
    }
  }
}
