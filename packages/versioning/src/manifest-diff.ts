import semver from 'semver';
import { isStrictSemver, type LoadedManifest, type Manifest, type PluginSetting } from '@mm-review/plugin';
import type { BumpReason } from './reason';

interface SettingAt {
  key: string;
  type: string;
  displayName: string;
  /** Canonical path of the setting object, e.g. `settings_schema.sections.0.settings.2`. */
  path: string;
}

/**
 * What changed between two manifests that a release level must cover: settings
 * removed, renamed, retyped (major) or added (minor), server platforms dropped
 * (major), `min_server_version` raised (major across a server major, else minor).
 * `baseLabel` names the base in messages (`tag v1.2.0`, `base-ref main`).
 */
export function compareManifests(base: LoadedManifest, head: LoadedManifest, baseLabel: string): BumpReason[] {
  return [
    ...settingReasons(base, head, baseLabel),
    ...platformReasons(base, head, baseLabel),
    ...minServerReasons(base, head, baseLabel),
  ];
}

/** Settings by lower-cased key (the server lowercases keys), first occurrence wins. */
export function settingsOf(loaded: LoadedManifest): Map<string, SettingAt> {
  const found = new Map<string, SettingAt>();
  const add = (setting: PluginSetting | undefined | null, path: string) => {
    if (!setting || typeof setting.key !== 'string' || setting.key.trim() === '') return;
    const lower = setting.key.toLowerCase();
    if (found.has(lower)) return;
    found.set(lower, {
      key: setting.key,
      type: (setting.type ?? '').toLowerCase(),
      displayName: (setting.display_name ?? '').trim().toLowerCase(),
      path,
    });
  };
  const schema = loaded.manifest.settings_schema;
  (schema?.settings ?? []).forEach((setting, i) => add(setting, `settings_schema.settings.${i}`));
  (schema?.sections ?? []).forEach((section, j) =>
    (section?.settings ?? []).forEach((setting, i) => add(setting, `settings_schema.sections.${j}.settings.${i}`)),
  );
  return found;
}

function settingReasons(base: LoadedManifest, head: LoadedManifest, baseLabel: string): BumpReason[] {
  const before = settingsOf(base);
  const after = settingsOf(head);
  const removed = [...before.entries()].filter(([lower]) => !after.has(lower)).map(([, s]) => s);
  const added = [...after.entries()].filter(([lower]) => !before.has(lower)).map(([, s]) => s);
  const reasons: BumpReason[] = [];
  const successors = new RenameIndex(added);
  const renamedTo = new Set<SettingAt>();
  for (const old of removed) {
    const was = `line ${base.at(`${old.path}.key`).line} of ${base.file} at ${baseLabel}`;
    const successor = successors.take(old);
    if (successor) {
      renamedTo.add(successor);
      reasons.push({
        level: 'major',
        rule: 'version-bump/setting-renamed',
        what: `setting "${old.key}" renamed to "${successor.key}"`,
        message: `The setting "${old.key}" (${was}) was renamed to "${successor.key}": the server stores configuration by key, so what admins saved under "${old.key}" is not carried over and they must migrate it by hand; that needs a major version (or keep the old key).`,
        ...head.at(`${successor.path}.key`),
      });
      continue;
    }
    reasons.push({
      level: 'major',
      rule: 'version-bump/setting-removed',
      what: `setting "${old.key}" removed`,
      message: `The setting "${old.key}" (${was}) was removed: admins who configured it lose that configuration, a manual migration, so this needs a major version.`,
      ...head.at(old.path.replace(/\.\d+$/, '')),
    });
  }
  for (const fresh of added) {
    if (renamedTo.has(fresh)) continue;
    reasons.push({
      level: 'minor',
      rule: 'version-bump/setting-added',
      what: `setting "${fresh.key}" added`,
      message: `The setting "${fresh.key}" is new: a new configurable feature needs at least a minor version.`,
      ...head.at(`${fresh.path}.key`),
    });
  }
  for (const [lower, now] of after) {
    const old = before.get(lower);
    if (!old || !old.type || !now.type || old.type === now.type) continue;
    reasons.push({
      level: 'major',
      rule: 'version-bump/setting-type-changed',
      what: `setting "${now.key}" changed from ${old.type} to ${now.type}`,
      message: `The setting "${now.key}" changed type from ${old.type} (line ${base.at(`${old.path}.type`).line} of ${base.file} at ${baseLabel}) to ${now.type}: values admins saved as ${old.type} may not load as ${now.type}, so this needs a major version.`,
      ...head.at(`${now.path}.type`),
    });
  }
  return reasons;
}

/**
 * Finds the new setting a removed one was renamed to: the same non-empty label, or
 * the same type and key once case and separators are ignored. Indexed, so a manifest
 * with thousands of settings stays linear.
 */
class RenameIndex {
  /** Buckets hold candidates in reverse order, so the first candidate is popped first. */
  private readonly byLabel = new Map<string, SettingAt[]>();
  private readonly byShape = new Map<string, SettingAt[]>();
  private readonly taken = new Set<SettingAt>();

  constructor(added: readonly SettingAt[]) {
    for (const setting of [...added].reverse()) {
      if (setting.displayName !== '') push(this.byLabel, setting.displayName, setting);
      push(this.byShape, shapeOf(setting), setting);
    }
  }

  take(old: SettingAt): SettingAt | undefined {
    const found =
      (old.displayName !== '' ? this.popFree(this.byLabel.get(old.displayName)) : undefined) ??
      this.popFree(this.byShape.get(shapeOf(old)));
    if (found) this.taken.add(found);
    return found;
  }

  /** Each candidate leaves a bucket at most once, which keeps the matching linear. */
  private popFree(bucket: SettingAt[] | undefined): SettingAt | undefined {
    while (bucket && bucket.length > 0) {
      const candidate = bucket.pop() as SettingAt;
      if (!this.taken.has(candidate)) return candidate;
    }
    return undefined;
  }
}

function shapeOf(setting: SettingAt): string {
  return `${setting.type}\u0000${setting.key.toLowerCase().replace(/[^a-z0-9]/g, '')}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Platforms with their own executable; `undefined` when the manifest has no server part at all. */
function platformsOf(manifest: Manifest): { named: Set<string>; generic: boolean } | undefined {
  const server = manifest.server ?? manifest.backend;
  const named = new Set(
    Object.entries(server?.executables ?? {})
      .filter(([, file]) => typeof file === 'string' && file !== '')
      .map(([platform]) => platform),
  );
  const generic = typeof server?.executable === 'string' && server.executable !== '';
  return named.size > 0 || generic ? { named, generic } : undefined;
}

function platformReasons(base: LoadedManifest, head: LoadedManifest, baseLabel: string): BumpReason[] {
  const before = platformsOf(base.manifest);
  if (!before) return [];
  const after = platformsOf(head.manifest);
  if (!after) {
    return [
      {
        level: 'major',
        rule: 'version-bump/platform-dropped',
        what: 'server part removed',
        message: `The server part is gone (${base.file} at ${baseLabel} declared a server executable on line ${base.at(base.manifest.server ? 'server' : 'backend', 'key').line}): installations that rely on its server features lose them, so this needs a major version.`,
        ...head.at('server'),
      },
    ];
  }
  // A single `executable` serves every platform, so nothing named is lost beside it.
  if (after.generic) return [];
  const dropped = [...before.named].filter((platform) => !after.named.has(platform)).sort();
  if (dropped.length === 0) return [];
  return [
    {
      level: 'major',
      rule: 'version-bump/platform-dropped',
      what: `${dropped.join(', ')} dropped`,
      message: `Server platform${dropped.length > 1 ? 's' : ''} ${dropped.join(', ')} ${dropped.length > 1 ? 'are' : 'is'} no longer built (listed under server.executables at ${baseLabel}): servers on ${dropped.length > 1 ? 'them' : 'it'} cannot run this release, so it needs a major version.`,
      ...head.at('server.executables'),
    },
  ];
}

function minServerReasons(base: LoadedManifest, head: LoadedManifest, baseLabel: string): BumpReason[] {
  const now = head.manifest.min_server_version;
  if (!now || !isStrictSemver(now)) return [];
  const was = base.manifest.min_server_version;
  const at = head.at('min_server_version');
  if (!was) {
    return [
      {
        level: 'minor',
        rule: 'version-bump/min-server-raised',
        what: `min_server_version set to ${now}`,
        message: `min_server_version is now ${now} (${baseLabel} had none): servers older than ${now} can no longer install this release, which is usually at least a minor version.`,
        ...at,
      },
    ];
  }
  if (!isStrictSemver(was) || semver.compare(now, was) <= 0) return [];
  // Installed plugins keep working on older servers (the Marketplace offers only what a server
  // can run), so even across a server major this asks for a minor version, not a major one.
  const acrossMajor = semver.major(now) > semver.major(was);
  return [
    {
      level: 'minor',
      rule: 'version-bump/min-server-raised',
      what: `min_server_version raised from ${was} to ${now}`,
      message: `min_server_version rose from ${was} (at ${baseLabel}) to ${now}: servers older than ${now}${acrossMajor ? ` (every server on ${semver.major(was)}.x among them)` : ''} can no longer install this release, which is usually at least a minor version.`,
      ...at,
    },
  ];
}
