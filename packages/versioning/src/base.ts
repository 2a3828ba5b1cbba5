import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { git, showFile, tagsAtHead, type Finding } from '@mm-review/core';
import {
  isStrictSemver,
  MANIFEST_NAMES,
  MAX_MANIFEST_BYTES,
  parseManifestText,
  type LoadedManifest,
  type PluginContext,
} from '@mm-review/plugin';
import { compareVersions, isPrerelease, tagVersion } from './semver';

/** What an update is compared with. */
export interface BaseSide {
  kind: 'base-manifest' | 'base-ref' | 'release-tag';
  /** How messages name the base: `base-manifest old/plugin.json`, `base-ref 1a2b3c4`, `tag v1.2.0`. */
  label: string;
  loaded?: LoadedManifest;
  version?: string;
  /** Where the version came from, for messages: `its manifest`, `tag v1.2.0`. */
  versionFrom?: string;
  /** A revision for `git log <revision>..HEAD`, when the base is in the history. */
  revision?: string;
}

export interface BaseResolution {
  base?: BaseSide;
  findings: Finding[];
  /** Why there is no base, when there is none. */
  reason?: string;
}

export interface BaseRequest {
  /** The plugin root (a directory inside a git work tree, or not). */
  root: string;
  baseManifest?: string;
  baseRef?: string;
  /** The head version, to pick the last release below it. */
  headVersion?: string;
  /** Directory `baseManifest` is relative to. */
  cwd?: string;
}

/**
 * The base of an update, in the order of precedence: the `base-manifest` file, the
 * manifest at `base-ref`, else the last release: the highest semver `v*` tag that is
 * an ancestor of HEAD, not above the head version and not on HEAD itself.
 */
export async function resolveBase(request: BaseRequest): Promise<BaseResolution> {
  if (request.baseManifest) return baseFromFile(request.baseManifest, request.cwd ?? process.cwd());
  if (request.baseRef) return baseFromRef(request.root, request.baseRef);
  return baseFromLastRelease(request.root, request.headVersion);
}

async function baseFromFile(file: string, cwd: string): Promise<BaseResolution> {
  const absolute = path.resolve(cwd, file);
  // Adapters pass absolute paths; messages read better relative to where the user is.
  const relative = path.relative(cwd, absolute);
  const shown =
    relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)
      ? relative.split(path.sep).join('/')
      : file;
  const label = `base-manifest ${shown}`;
  const info = await stat(absolute).then(
    (stats) => ({ ok: true as const, stats }),
    (error: NodeJS.ErrnoException) => ({ ok: false as const, why: error.code ?? error.message }),
  );
  const unreadable = (detail: string): BaseResolution => ({
    findings: [
      {
        severity: 'error',
        rule: 'version-bump/base-unreadable',
        message: `The base manifest ${shown} ${detail}: give the path (relative to the working directory) of plugin.json as it was in the last release.`,
      },
    ],
    reason: `the base manifest ${shown} cannot be read`,
  });
  if (!info.ok) return unreadable(`cannot be read (${info.why})`);
  if (!info.stats.isFile()) return unreadable('is not a file');
  if (info.stats.size > MAX_MANIFEST_BYTES)
    return unreadable(`is ${info.stats.size} bytes, more than any real manifest`);
  const text = await readFile(absolute, 'utf8').catch(() => undefined);
  if (text === undefined) return unreadable('cannot be read');
  return decodeBase({ kind: 'base-manifest', label }, shown, text);
}

async function baseFromRef(root: string, ref: string): Promise<BaseResolution> {
  const commit = await resolveCommit(root, ref);
  if (!commit) {
    return {
      findings: [
        {
          severity: 'error',
          rule: 'version-bump/base-ref-missing',
          message: `The base-ref "${ref}" is not in this clone's history, so the update cannot be compared with it: check out with full history (actions/checkout with fetch-depth: 0) or fetch the base branch first.`,
        },
      ],
      reason: `base-ref ${ref} is not in the git history`,
    };
  }
  const label = `base-ref ${/^[0-9a-f]{40}$/i.test(ref) ? ref.slice(0, 7) : ref}`;
  const manifest = await manifestAt(root, commit);
  if (!manifest)
    return {
      findings: [],
      reason: `there is no plugin manifest at ${label}, so this is not an update of an existing plugin`,
    };
  const resolution = await decodeBase({ kind: 'base-ref', label, revision: commit }, manifest.file, manifest.text);
  if (resolution.base && !resolution.base.version) {
    const tag = await lastReleaseTag(root, commit, {});
    if (tag)
      Object.assign(resolution.base, {
        version: tag.version,
        versionFrom: `tag ${tag.tag}, the last release in ${ref}`,
      });
  }
  return resolution;
}

async function baseFromLastRelease(root: string, headVersion: string | undefined): Promise<BaseResolution> {
  // A tag of the head version below HEAD means that version is already released:
  // the commits since are no release of it (a docs PR after v1.2.0 keeps 1.2.0).
  const tag = await lastReleaseTag(root, 'HEAD', { below: headVersion, orEqual: true, excludeHead: true });
  if (!tag) {
    return {
      findings: [],
      reason:
        'no base to compare with: give base-ref or base-manifest, or run in a clone with the release tags (actions/checkout with fetch-depth: 0)',
    };
  }
  const base: BaseSide = {
    kind: 'release-tag',
    label: `tag ${tag.tag}`,
    revision: tag.tag,
    version: tag.version,
    versionFrom: `tag ${tag.tag}`,
  };
  const manifest = await manifestAt(root, tag.tag);
  if (!manifest) return { base, findings: [] };
  const resolution = await decodeBase(base, manifest.file, manifest.text);
  // The tag names the release; a manifest that says otherwise is what azure-devops and
  // bigbluebutton shipped, and the tag is what their users and the Marketplace saw.
  if (resolution.base) Object.assign(resolution.base, { version: tag.version, versionFrom: `tag ${tag.tag}` });
  return resolution;
}

async function decodeBase(base: BaseSide, file: string, text: string): Promise<BaseResolution> {
  const parsed = await parseManifestText(file, text);
  // A manifest the server could not load would give a diff against half a manifest.
  if (!parsed.loaded?.loadable) {
    const problem = parsed.findings.find((f) => f.severity === 'error');
    const why = problem
      ? `${problem.message.replace(/\.$/, '')}${problem.line ? ` (line ${problem.line})` : ''}`
      : 'it does not parse';
    return {
      base,
      findings: [
        {
          severity: 'warning',
          rule: 'version-bump/base-invalid',
          message: `The manifest at ${base.label} cannot be decoded (${why}), so its settings and id cannot be compared.`,
        },
      ],
    };
  }
  const version = parsed.loaded.manifest.version;
  return {
    base: { ...base, loaded: parsed.loaded, ...(version ? { version, versionFrom: 'its manifest' } : {}) },
    findings: [],
  };
}

async function resolveCommit(root: string, ref: string): Promise<string | undefined> {
  if (ref.startsWith('-')) return undefined;
  const result = await git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  return result.ok ? result.stdout.trim() : undefined;
}

/** The manifest at a revision, in the server's order of names. */
async function manifestAt(root: string, revision: string): Promise<{ file: string; text: string } | undefined> {
  for (const file of MANIFEST_NAMES) {
    const text = await showFile(root, revision, file);
    if (text !== undefined && Buffer.byteLength(text) <= MAX_MANIFEST_BYTES) return { file, text };
  }
  return undefined;
}

export interface ReleaseTag {
  tag: string;
  version: string;
}

/**
 * The highest semver `v*` tag reachable from `revision`, final releases before
 * prereleases, below a version when one is, and never a tag on HEAD itself.
 */
export async function lastReleaseTag(
  root: string,
  revision: string,
  options: { below?: string; orEqual?: boolean; excludeHead?: boolean },
): Promise<ReleaseTag | undefined> {
  const listed = await git(root, ['tag', '--merged', revision, '--list', 'v*']);
  if (!listed.ok) return undefined;
  const atHead = new Set(options.excludeHead ? await tagsAtHead(root) : []);
  const tags = listed.stdout.split('\n');
  // With no release below the head version, the newest one still shows the downgrade.
  return pickReleaseTags(tags, atHead, options.below, options.orEqual)[0] ?? pickReleaseTags(tags, atHead)[0];
}

/** Release tags, best candidate first: semver only, below `below` (or equal to it with `orEqual`), finals before prereleases. */
export function pickReleaseTags(
  tags: readonly string[],
  exclude: ReadonlySet<string>,
  below?: string,
  orEqual = false,
): ReleaseTag[] {
  const releases: ReleaseTag[] = [];
  for (const raw of tags) {
    const tag = raw.trim();
    if (!tag || exclude.has(tag)) continue;
    const parsed = tagVersion(tag);
    if (!parsed.ok) continue;
    if (below && isStrictSemver(below) && compareVersions(parsed.version, below) >= (orEqual ? 1 : 0)) continue;
    releases.push({ tag, version: parsed.version });
  }
  return releases.sort(
    (a, b) =>
      Number(isPrerelease(a.version)) - Number(isPrerelease(b.version)) || compareVersions(b.version, a.version),
  );
}

/**
 * The base of an update as every check finds it (version-bump, plugin-id-unchanged,
 * release-notes): base-manifest, else base-ref, else the last release tag below the
 * version under review. Resolved once per review.
 */
export function updateBase(context: PluginContext): Promise<BaseResolution> {
  return context.memo.get('update-base', async () => {
    const resolved = await context.version();
    return resolveBase({
      root: context.workspace.root,
      ...(context.options.baseManifest ? { baseManifest: context.options.baseManifest } : {}),
      ...(context.options.baseRef ? { baseRef: context.options.baseRef } : {}),
      ...(resolved.version ? { headVersion: resolved.version } : {}),
    });
  });
}

/** Whether an update is a release: `true` when the version moved since the base, `false` when it did not (or is not set). */
export interface UpdateRelease {
  /** Undefined when the base's version is unknown, so nothing tells. */
  release?: boolean;
  base?: BaseSide;
  /** Why there is no base. */
  reason?: string;
  version?: string;
}

/**
 * In update mode, a change that leaves the version alone is not a release (a docs
 * PR, a Dependabot bump): the release rules then say what the next release needs
 * instead of failing. The version comes from the manifest, else the release tag on
 * HEAD; an untagged commit of a plugin whose build injects the version is no release.
 */
export async function updateRelease(context: PluginContext): Promise<UpdateRelease> {
  const [resolution, resolved] = await Promise.all([updateBase(context), context.version()]);
  const out: UpdateRelease = {};
  if (resolution.base) out.base = resolution.base;
  if (resolution.reason) out.reason = resolution.reason;
  if (!resolved.version) return { ...out, release: false };
  out.version = resolved.version;
  const baseVersion = resolution.base?.version;
  if (baseVersion === undefined) return out;
  const same =
    isStrictSemver(baseVersion) && isStrictSemver(resolved.version)
      ? compareVersions(baseVersion, resolved.version) === 0
      : baseVersion === resolved.version;
  return { ...out, release: !same };
}
