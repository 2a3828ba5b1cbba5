import { git, tagsAtHead, type Workspace } from '@mm-review/core';

/** The manifest tool of the starter template and its descendants: it may write release_notes_url. */
export const BUILD_MANIFEST_TOOL = 'build/manifest/main.go';

/**
 * How a plugin's build writes release_notes_url, read from its manifest tool:
 * `url.JoinPath(manifest.HomepageURL, "releases", "tag", BuildTagLatest)` (the
 * current template: always one `/`), or `manifest.HomepageURL + "releases/tag/" +
 * BuildTagLatest` (the older template: a `/` is missing unless homepage_url ends in
 * one). `always` is a build that overwrites plugin.json's value (calls); otherwise it
 * fills it only when plugin.json leaves it empty.
 */
export type BuildReleaseNotes =
  | { kind: 'join-path'; file: string; line: number; elements: readonly string[]; always: boolean }
  | { kind: 'concat'; file: string; line: number; infix: string; always: boolean };

const JOIN_PATH =
  /url\.JoinPath\(\s*manifest\.HomepageURL\s*,((?:\s*"[^"\n]*"\s*,)*)\s*BuildTag(?:Latest|Current)\s*\)/;
const CONCAT = /ReleaseNotesURL\s*=\s*manifest\.HomepageURL\s*\+\s*"([^"\n]*)"\s*\+\s*BuildTag(?:Latest|Current)\b/;
const GUARD = /if\s+manifest\.ReleaseNotesURL\s*==\s*""/;
/** How far above the assignment the `if manifest.ReleaseNotesURL == ""` guard may sit. */
const GUARD_LINES = 3;
/** The template's tool is about 200 lines; a larger file is not one. */
const MAX_TOOL_BYTES = 256 * 1024;

/** Reads how the build writes release_notes_url; undefined when it writes none (or has no manifest tool). */
export async function readBuildReleaseNotes(workspace: Workspace): Promise<BuildReleaseNotes | undefined> {
  const read = await workspace.readText(BUILD_MANIFEST_TOOL, { maxBytes: MAX_TOOL_BYTES });
  return read.ok ? parseBuildReleaseNotes(BUILD_MANIFEST_TOOL, read.text) : undefined;
}

/** The pure part of readBuildReleaseNotes, on the text of the manifest tool. */
export function parseBuildReleaseNotes(file: string, text: string): BuildReleaseNotes | undefined {
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index] as string;
    if (/^\s*\/\//.test(raw)) continue;
    const guarded = lines.slice(Math.max(0, index - GUARD_LINES), index).some((l) => GUARD.test(l));
    const join = JOIN_PATH.exec(raw);
    // The joined URL must land in ReleaseNotesURL (on this line or in the few after it).
    if (join && lines.slice(index, index + GUARD_LINES + 2).some((l) => /ReleaseNotesURL\b/.test(l))) {
      const elements = [...(join[1] ?? '').matchAll(/"([^"\n]*)"/g)].map((m) => m[1] as string);
      return { kind: 'join-path', file, line: index + 1, elements, always: !guarded };
    }
    const concat = CONCAT.exec(raw);
    if (concat) return { kind: 'concat', file, line: index + 1, infix: concat[1] as string, always: !guarded };
  }
  return undefined;
}

/** The URL that build writes for a homepage and a tag, exactly as its Go code computes it. */
export function buildReleaseNotesUrl(how: BuildReleaseNotes, homepageUrl: string, tag: string): string {
  return how.kind === 'concat' ? `${homepageUrl}${how.infix}${tag}` : goJoinPath(homepageUrl, [...how.elements, tag]);
}

/**
 * Go's `url.JoinPath(base, elem...)`: the elements joined to the base's path with
 * `path.Join` (one `/` between parts, `.` and `..` resolved, a trailing `/` kept only
 * when the last element has one); query and fragment stay as they were.
 */
export function goJoinPath(base: string, elements: readonly string[]): string {
  const cut = base.search(/[?#]/);
  const head = cut === -1 ? base : base.slice(0, cut);
  const rest = cut === -1 ? '' : base.slice(cut);
  const authority = /^([a-z][a-z0-9+.-]*:\/\/[^/]*)(.*)$/i.exec(head);
  const prefix = authority ? (authority[1] as string) : '';
  const basePath = authority ? (authority[2] as string) : head;
  const segments: string[] = [];
  for (const part of [basePath, ...elements].join('/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') segments.pop();
    else segments.push(part);
  }
  const trailing = (elements[elements.length - 1] ?? basePath).endsWith('/') && segments.length > 0 ? '/' : '';
  const lead = authority || basePath.startsWith('/') ? '/' : '';
  return `${prefix}${lead}${segments.join('/')}${trailing}${rest}`;
}

/**
 * The tag the template's build names in release_notes_url on this commit
 * (`git describe --tags --match 'v*' --abbrev=0`, its BUILD_TAG_LATEST), when that tag
 * is on HEAD, i.e. this commit is the release. Undefined outside a tagged checkout.
 */
export async function buildTagAtHead(root: string): Promise<string | undefined> {
  const atHead = await tagsAtHead(root);
  if (!atHead.some((t) => t.startsWith('v'))) return undefined;
  const described = await git(root, ['describe', '--tags', '--match', 'v*', '--abbrev=0']);
  const tag = described.ok ? described.stdout.trim() : '';
  return tag && atHead.includes(tag) ? tag : undefined;
}
