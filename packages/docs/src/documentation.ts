import type { Check, CheckOutcome, Finding } from '@mm-review/core';
import { at, type LoadedManifest, type PluginContext } from '@mm-review/plugin';
import { describe, findDevelopment, findFeatures, findRecommendedSections, findScreenshot, reviewedFiles, type Evidence } from './evidence';
import { loadDocs } from './load';
import type { DocFile, DocsModel } from './model';
import { DOCUMENTATION_RULES } from './rules';
import { inOverview, RECOMMENDED_SECTIONS, titleHeading } from './sections';
import { checkTargets } from './targets';
import { hostOf, sameRepo } from './url';

interface Requirement {
  id: 'screenshot' | 'features' | 'development';
  label: string;
  searched: string;
  add: string;
}

const REQUIREMENTS: Record<Requirement['id'], Requirement> = {
  screenshot: {
    id: 'screenshot',
    label: 'screenshot',
    searched: 'an image or video that is not a badge, logo or icon',
    add: 'add at least one screenshot of the plugin in action, e.g. `![Slash command in a channel](assets/screenshot.png)` near the top',
  },
  features: {
    id: 'features',
    label: 'feature list',
    searched: 'a "Features" (or "Key features", "About", "Overview", "Capabilities") heading with a list or subsections, or a list in the overview',
    add: 'add a "## Features" section with one bullet per thing the plugin does',
  },
  development: {
    id: 'development',
    label: 'development guide',
    searched: 'a "Development", "Building", "Contributing" or "Getting started locally" section with commands or links, or a linked DEVELOPMENT.md',
    add: 'add a "## Development" section saying how to build (`make dist`) and deploy the plugin locally, or link a DEVELOPMENT.md',
  },
};

/** `documentation` (documentation-1): screenshot, feature list, development guide, homepage_url and recommended sections. */
export const documentationCheck: Check<PluginContext> = {
  id: 'documentation',
  requirement: 'documentation-1',
  title: 'Usage documentation',
  rules: DOCUMENTATION_RULES,
  async run(context) {
    const docs = await loadDocs(context);
    const load = await context.manifest();
    const loaded = load.found ? load.loaded : undefined;
    return reviewDocs(docs, loaded);
  },
};

export async function reviewDocs(docs: DocsModel, loaded: LoadedManifest | undefined): Promise<CheckOutcome> {
  const findings: Finding[] = [...docs.findings, ...homepageFindings(docs, loaded)];
  const external = docs.homepage.kind === 'external' ? docs.homepage.url : undefined;
  const anchor = anchorFile(docs);
  if (!anchor && !docs.findings.some((f) => f.rule === 'documentation/readme-unreadable')) findings.push(readmeMissing(external));

  const evidence = {
    screenshot: await findScreenshot(docs),
    features: findFeatures(docs),
    development: findDevelopment(docs),
  };
  for (const requirement of Object.values(REQUIREMENTS)) {
    const found = evidence[requirement.id];
    if (found) findings.push(...evidenceNotes(requirement, found));
    else if (anchor) findings.push(missingFinding(requirement, docs, anchor, external));
  }
  findings.push(...(await checkTargets(docs)));
  // Folder listings the review's entry budget cut short: links into them were checked against what was read.
  findings.push(...docs.tree.omissions().map((o): Finding => ({ severity: 'notice', rule: 'documentation/not-read', message: `${o}; links into it were checked against the entries read.` })));
  const sections = findRecommendedSections(docs);
  if (anchor) findings.push(...missingSections(sections, anchor, docs));

  const summary = summarize(evidence, sections, external);
  // Docs hosted elsewhere cannot pass on what the repository shows alone; only a
  // real error in the repository's own docs (a broken image) still fails the check.
  if (external && !findings.some((f) => f.severity === 'error')) return { status: 'manual', summary, findings };
  return { summary, findings };
}

/** The file findings about absences are attached to: the README, else the homepage page. */
function anchorFile(docs: DocsModel): DocFile | undefined {
  return docs.readme ?? docs.files.find((f) => f.role === 'homepage');
}

function homepageFindings(docs: DocsModel, loaded: LoadedManifest | undefined): Finding[] {
  if (!loaded) return [];
  const target = docs.homepage;
  const finding = (severity: Finding['severity'], rule: string, message: string): Finding[] => [at(loaded, 'homepage_url', severity, rule, message)];
  const suggestion = docs.repository ? `https://github.com/${docs.repository.owner}/${docs.repository.repo}` : 'the repository URL (its README)';
  switch (target.kind) {
    case 'missing':
      return finding('error', 'documentation/homepage-url-missing', `${loaded.file} has no homepage_url; the Marketplace links it as the plugin's documentation: set it to ${suggestion} or the docs page.`);
    case 'invalid':
      return finding('error', 'documentation/homepage-url-invalid', `homepage_url ${JSON.stringify(target.url)} is not an absolute http(s) URL${/__[A-Z_]+__|\{\{/.test(target.url) ? ' (a template placeholder never filled in)' : ''}; set it to ${suggestion} or the docs page.`);
    case 'github-owner':
      return finding('warning', 'documentation/homepage-url-not-docs', `homepage_url ${target.url} is a GitHub user or organisation page, not the plugin's documentation; set it to ${suggestion}.`);
    case 'repository-page':
      return finding('warning', 'documentation/homepage-url-not-docs', `homepage_url ${target.url} is the ${target.page} page of the repository, not its documentation; set it to ${suggestion}.`);
    case 'other-repository':
      return finding('notice', 'documentation/homepage-url-other-repo', `homepage_url points to the repository ${target.owner}/${target.repo}, not ${docs.repository ? `${docs.repository.owner}/${docs.repository.repo}` : 'this one'}; the docs were checked in this repository. If the repository was renamed or transferred, update the URL.`);
    case 'external':
      return finding('notice', 'documentation/external-docs', `homepage_url points to documentation outside the repository (${target.url}); this review reads only the repository, so a reviewer must check that page for a screenshot, a feature list and a development guide.`);
    case 'repository':
      return [];
  }
}

function readmeMissing(external: string | undefined): Finding {
  return external
    ? { severity: 'notice', rule: 'documentation/readme-missing', message: `The repository has no README; the docs are at ${external}, but a README.md with a short description and a link there helps readers of the repository.` }
    : { severity: 'error', rule: 'documentation/readme-missing', message: 'The repository has no README (README.md, readme.md or README at the root); add a README.md with a screenshot, a feature list, installation and usage instructions and a development guide.' };
}

function evidenceNotes(requirement: Requirement, found: Evidence): Finding[] {
  if (found.remote) {
    return [{ severity: 'notice', rule: `documentation/${requirement.id}-remote`, message: `The ${requirement.label} at ${found.file}:${found.line} is remote (${found.what}); it was counted as present without being downloaded, so check that it loads.`, file: found.file, line: found.line, column: found.column }];
  }
  if (found.unlinked) {
    return [{ severity: 'notice', rule: `documentation/${requirement.id}-unlinked`, message: `The ${requirement.label} is ${found.what}, but no doc links to it; link it from the README (e.g. "See [DEVELOPMENT.md](${found.file})") so readers find it.`, file: found.file, line: found.line, column: found.column }];
  }
  return [];
}

function missingFinding(requirement: Requirement, docs: DocsModel, anchor: DocFile, external: string | undefined): Finding {
  const where = reviewedFiles(docs).map((f) => f.path).join(', ') || anchor.path;
  const location = locationFor(anchor);
  if (external) {
    return { severity: 'notice', rule: `documentation/${requirement.id}-unverified`, message: `No ${requirement.label} in ${where}; homepage_url points to ${external}, which this review does not fetch: a reviewer must check it there.`, ...location };
  }
  const handoff = externalHandoff(docs, anchor);
  const hint = handoff ? ` ${anchor.path}:${handoff.line} sends readers to ${handoff.href}; if that page is the plugin's documentation, set homepage_url to it so reviewers look there.` : '';
  return {
    severity: 'error',
    rule: `documentation/${requirement.id}-missing`,
    message: `No ${requirement.label} found in ${where} (searched for ${requirement.searched}); ${requirement.add}.${hint}`,
    ...location,
  };
}

function locationFor(file: DocFile): { file: string; line: number; column: number } {
  const title = titleHeading(file);
  return { file: file.path, line: title?.line ?? 1, column: title?.column ?? 1 };
}

/** A link in the overview to documentation hosted elsewhere ("See the product documentation"). */
function externalHandoff(docs: DocsModel, file: DocFile): { href: string; line: number } | undefined {
  const link = file.links.find((l) => {
    if (!inOverview(file, l.heading) || !/^https?:/i.test(l.href)) return false;
    if (!/\b(documentation|docs|manual|user guide|admin guide|wiki)\b/i.test(l.text)) return false;
    const host = hostOf(l.href);
    if (host !== 'github.com' || !docs.repository) return true;
    const [owner, repo] = new URL(l.href).pathname.split('/').filter(Boolean);
    return !(owner && repo && sameRepo({ owner, repo }, docs.repository));
  });
  return link ? { href: link.href, line: link.line } : undefined;
}

/** One finding per document naming every recommended section it lacks. */
function missingSections(found: Map<string, Evidence>, anchor: DocFile, docs: DocsModel): Finding[] {
  const missing = RECOMMENDED_SECTIONS.filter((s) => !found.has(s.id));
  if (missing.length === 0) return [];
  const labels = missing.map((s) => `"${s.label}"`);
  const list = labels.length === 1 ? labels[0] : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
  const advice = missing.map((s) => `${s.label} (${s.advice})`).join('; ');
  return [
    {
      severity: 'notice',
      rule: 'documentation/section-missing',
      message: `Recommended ${missing.length === 1 ? 'section' : 'sections'} ${list} not found in ${reviewedFiles(docs).map((f) => f.path).join(', ') || anchor.path} (no heading or bold label like ${missing.length === 1 ? 'it' : 'them'}); add ${missing.length === 1 ? 'it' : 'them'}: ${advice}.`,
      ...locationFor(anchor),
    },
  ];
}

function summarize(evidence: Record<Requirement['id'], Evidence | undefined>, sections: Map<string, Evidence>, external: string | undefined): string {
  const parts = Object.values(REQUIREMENTS).map((r) => {
    const found = evidence[r.id];
    return found ? `${r.label}: ${describe(found)}` : `${r.label}: ${external ? 'not in the repository' : 'missing'}`;
  });
  const present = RECOMMENDED_SECTIONS.filter((s) => sections.has(s.id)).map((s) => s.label.toLowerCase());
  const tail = external ? `; docs at ${external} need a person` : '';
  return `${parts.join('; ')}; recommended sections ${present.length}/${RECOMMENDED_SECTIONS.length}${present.length ? ` (${present.join(', ')})` : ''}${tail}.`;
}

