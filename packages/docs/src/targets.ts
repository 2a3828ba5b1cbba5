import path from 'node:path';
import type { Finding } from '@mm-review/core';
import type { DocFile, DocsModel, Located } from './model';
import type { TargetState } from './tree';
import { anchorOf, resolveRelative, shorten, type RelativeTarget } from './url';

/** Findings per file and kind past which the rest are summed up in one line. */
export const MAX_TARGET_FINDINGS_PER_FILE = 25;

/**
 * Relative images and links of every doc checked against the tree, and `#anchors`
 * against the headings GitHub generates. A broken image in a reviewed doc is an
 * error (the reader sees a broken picture); broken links and anchors are warnings.
 */
export async function checkTargets(docs: DocsModel): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const file of docs.files) {
    const imageSeverity = file.role === 'conventional' ? 'warning' : 'error';
    const capped = new Capped(file, findings);
    for (const image of file.images) {
      if (image.kind === 'bare-url') continue;
      const target = resolveRelative(file.path, image.src);
      if (!target) continue;
      const problem = await problemOf(docs, target);
      if (problem) capped.push('documentation/image-broken', imageSeverity, image, () => `${file.path}:${image.line} shows the image ${quoteTarget(image.src)}${resolvedAs(image.src, target)}, which ${problem}; the reader sees a broken picture: fix the path (GitHub paths are case-sensitive) or add the file.`);
    }
    for (const link of file.links) {
      if (link.kind === 'bare-url') continue;
      const anchor = anchorOf(link.href);
      if (anchor !== undefined) {
        if (!hasAnchor(file, anchor)) capped.push('documentation/anchor-broken', 'warning', link, () => `${file.path}:${link.line} links to #${shorten(anchor, 60)}, but no heading of ${file.path} has that anchor${closestAnchor(file, anchor)}; fix the link or the heading.`);
        continue;
      }
      const target = resolveRelative(file.path, link.href);
      if (!target) continue;
      const problem = await problemOf(docs, target);
      if (problem) {
        capped.push('documentation/link-broken', 'warning', link, () => `${file.path}:${link.line} links to ${quoteTarget(link.href)}${resolvedAs(link.href, target)}, which ${problem}; fix the path or add the file.`);
        continue;
      }
      const targetAnchor = target.anchor;
      const linkedFile = targetAnchor ? docs.files.find((f) => f.path === target.path) : undefined;
      if (linkedFile && targetAnchor && !hasAnchor(linkedFile, targetAnchor)) {
        capped.push('documentation/anchor-broken', 'warning', link, () => `${file.path}:${link.line} links to ${shorten(link.href, 80)}, but ${linkedFile.path} has no heading with the anchor #${shorten(targetAnchor, 60)}; fix the link or the heading.`);
      }
    }
    capped.finish();
  }
  return findings;
}

async function problemOf(docs: DocsModel, target: RelativeTarget): Promise<string | undefined> {
  if (target.outside) return 'climbs out of the repository (GitHub cannot show it)';
  if (target.path === '') return undefined;
  return describeState(await docs.tree.state(target.path));
}

function describeState(state: TargetState): string | undefined {
  switch (state.kind) {
    case 'file':
    case 'directory':
      return undefined;
    case 'missing':
      return 'does not exist in the repository';
    case 'case-mismatch':
      return `exists only as ${state.actual} (different case)`;
    case 'outside':
      return `is ${state.detail}`;
  }
}

function hasAnchor(file: DocFile, anchor: string): boolean {
  // GitHub also answers `#readme` and line anchors (`#L10`) on any file page.
  return file.anchors.has(anchor) || anchor === 'readme' || /^l\d+(-l\d+)?$/.test(anchor) || file.anchors.has(`user-content-${anchor}`) || file.anchors.has(anchor.replace(/^user-content-/, ''));
}

function closestAnchor(file: DocFile, anchor: string): string {
  const squash = (s: string): string => s.replace(/[^\p{L}\p{N}]/gu, '');
  const match = file.headings.find((h) => squash(h.slug) === squash(anchor));
  return match ? ` (did you mean #${match.slug}, from "${shorten(match.text, 60)}" on line ${match.line}?)` : '';
}

/**
 * The repository path a relative link resolves to, when the link does not spell it out: a
 * link to "plugin.json" from docs/usage.md is docs/plugin.json, not the root's plugin.json.
 */
function resolvedAs(href: string, target: RelativeTarget): string {
  if (target.outside) return '';
  const written = href.trim().split(/[?#]/)[0] ?? '';
  let spelled: string;
  try {
    spelled = decodeURIComponent(written);
  } catch {
    spelled = written;
  }
  // The same path written with a leading or trailing slash, `./` or `a/../` needs no note.
  const same = path.posix.normalize(`/${spelled}`).replace(/^\/+|\/+$/g, '') === target.path;
  return same ? '' : `, that is ${target.path || 'the repository root'}`;
}

function quoteTarget(href: string): string {
  return JSON.stringify(shorten(href, 100));
}

/** Collects findings for one file, replacing everything past the cap with one summary line. */
class Capped {
  private count = 0;

  constructor(
    private readonly file: DocFile,
    private readonly findings: Finding[],
  ) {}

  /** `message` is a function so that costly hints are only worked out for findings that are kept. */
  push(rule: string, severity: Finding['severity'], at: Located, message: () => string): void {
    this.count++;
    if (this.count <= MAX_TARGET_FINDINGS_PER_FILE) this.findings.push({ severity, rule, message: message(), file: this.file.path, line: at.line, column: at.column });
  }

  finish(): void {
    const extra = this.count - MAX_TARGET_FINDINGS_PER_FILE;
    if (extra > 0) {
      this.findings.push({ severity: 'warning', rule: 'documentation/link-broken', message: `${this.file.path} has ${extra === 1 ? '1 more broken link or image' : `${extra} more broken links or images`} not listed here; fix the ones above and run the review again.`, file: this.file.path, line: 1, column: 1 });
    }
  }
}
