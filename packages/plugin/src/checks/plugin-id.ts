import type { Check, Finding } from '@mm-review/core';
import { PLUGIN_ID_RULES } from './rules';
import { parseGitHubRepoUrl } from '@mm-review/github';
import type { MarketplaceIndex, PluginContext } from '../context';
import type { LoadedManifest } from '../manifest/load';
import { at, quote, withManifest } from './shared';

export const STARTER_TEMPLATE_ID = 'com.mattermost.plugin-starter-template';
/** Ids the server refuses to activate (model.PluginIDBlocklist, 8.0–8.1). */
const BLOCKED_IDS = ['com.mattermost.plugin-incident-response', 'com.mattermost.plugin-incident-management'];
/** GitHub organisations that may use Mattermost's namespaces. */
const MATTERMOST_OWNERS = ['mattermost', 'mattermost-community'];
const REVERSE_DNS = /^[a-z0-9]+(?:[-_][a-z0-9]+)*(?:\.[a-z0-9]+(?:[-_][a-z0-9]+)*)+$/;

/** `plugin-id` (product-7): the naming convention, and no collision with a Marketplace id. */
export const pluginIdCheck: Check<PluginContext> = {
  id: 'plugin-id',
  requirement: 'product-7',
  title: 'Plugin id',
  rules: PLUGIN_ID_RULES,
  run: (context, { mode }) =>
    withManifest(context, async (loaded) => {
      const raw = loaded.manifest.id ?? '';
      if (!raw) return { status: 'fail', summary: 'No id (see the manifest check).', findings: [] };
      const id = raw.toLowerCase();
      const own = (await listingOf(context, loaded, id)).relation === 'own';
      const findings = [
        ...conventionFindings(loaded, raw, context, own || mode === 'update'),
        ...(await collisionFindings(context, loaded, id, mode)),
      ];
      return { summary: `${quote(id)}.`, findings };
    }),
};

/**
 * The naming convention. `settled`: the id is already in the Marketplace or this is an
 * update, so it must not change any more: a convention finding is then only a notice.
 */
function conventionFindings(loaded: LoadedManifest, raw: string, context: PluginContext, settled: boolean): Finding[] {
  const id = raw.toLowerCase();
  const findings: Finding[] = [];
  if (raw !== id) {
    findings.push(
      at(
        loaded,
        'id',
        'warning',
        'plugin-id/not-lowercase',
        `Plugin id ${quote(raw)} has upper-case letters; the server lowercases ids, so everything else sees ${quote(id)}: write it in lower case.`,
      ),
    );
  }
  if (id === STARTER_TEMPLATE_ID) {
    findings.push(
      at(
        loaded,
        'id',
        'error',
        'plugin-id/template-default',
        `Plugin id ${quote(id)} is the starter template's default; every plugin built from the template would clash: choose your own, such as com.github.<you>.<plugin>.`,
      ),
    );
    return findings;
  }
  if (BLOCKED_IDS.includes(id)) {
    findings.push(
      at(
        loaded,
        'id',
        'error',
        'plugin-id/blocked',
        `Plugin id ${quote(id)} is on the server's block list; choose another id.`,
      ),
    );
  }
  const repo = pluginRepository(loaded, context);
  const owner = repo?.owner.toLowerCase();
  if (settled) {
    const reserved =
      (id.startsWith('com.mattermost.') || id.startsWith('mattermost-')) &&
      !(owner && MATTERMOST_OWNERS.includes(owner));
    if (reserved || !REVERSE_DNS.test(id)) {
      const what = reserved
        ? "is in Mattermost's namespace (com.mattermost.* and mattermost-*)"
        : 'does not follow the reverse-DNS convention';
      findings.push(
        at(
          loaded,
          'id',
          'notice',
          reserved ? 'plugin-id/reserved-namespace' : 'plugin-id/not-reverse-dns',
          `Plugin id ${quote(id)} ${what}, but ${context.options.mode === 'update' ? 'this is an update' : 'it is already in the Marketplace for this plugin'}: keep it, as a changed id makes a different plugin to every server.`,
        ),
      );
    }
    return findings;
  }
  if (
    (id.startsWith('com.mattermost.') || id.startsWith('mattermost-')) &&
    !(owner && MATTERMOST_OWNERS.includes(owner))
  ) {
    const suggestion = `com.github.${owner ?? '<you>'}.${id.replace(/^(com\.mattermost\.|mattermost-)/, '')}`;
    findings.push(
      owner
        ? at(
            loaded,
            'id',
            'error',
            'plugin-id/reserved-namespace',
            `Plugin id ${quote(id)} is in Mattermost's namespace (com.mattermost.* and mattermost-* belong to Mattermost), but the plugin's repository (${repo?.from}) is owned by ${owner}: use a namespace you control, such as ${suggestion}.`,
          )
        : at(
            loaded,
            'id',
            'warning',
            'plugin-id/reserved-namespace',
            `Plugin id ${quote(id)} is in Mattermost's namespace (com.mattermost.* and mattermost-* belong to Mattermost), and the tool cannot tell who publishes the plugin (no GitHub repository in homepage_url or support_url, and none given): unless Mattermost publishes it, use a namespace you control, such as ${suggestion}.`,
          ),
    );
  } else if (!REVERSE_DNS.test(id)) {
    findings.push(
      at(
        loaded,
        'id',
        'warning',
        'plugin-id/not-reverse-dns',
        `Plugin id ${quote(id)} does not follow the reverse-DNS convention (lower-case, dot-separated, in a namespace you control): use something like com.github.${owner ?? '<you>'}.${id.replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}.`,
      ),
    );
  }
  return findings;
}

interface PluginRepository {
  owner: string;
  repo: string;
  /** Where the tool learnt it, for messages. */
  from: string;
}

/** The plugin's GitHub repository: the one under review, else the one homepage_url or support_url names. */
function pluginRepository(loaded: LoadedManifest, context: PluginContext): PluginRepository | undefined {
  const given = /^([^/\s]+)\/([^/\s]+)$/.exec(context.options.repository ?? '');
  if (given) return { owner: given[1] as string, repo: given[2] as string, from: `${given[1]}/${given[2]}` };
  for (const field of ['homepage_url', 'support_url'] as const) {
    const parsed = parseGitHubRepoUrl(loaded.manifest[field]);
    if (parsed) return { ...parsed, from: `${parsed.owner}/${parsed.repo}, from ${field}` };
  }
  return undefined;
}

/** A repository name without the usual plugin affixes, to recognise a renamed repository. */
function stem(name: string): string {
  return name
    .toLowerCase()
    .replace(/\.git$/, '')
    .replace(/^mattermost-plugin-|-mattermost-plugin$|^mattermost-|-plugin$/g, '');
}

const sameUrl = (a: string | undefined, b: string): boolean =>
  !!a && a.replace(/\/+$/, '').toLowerCase() === b.replace(/\/+$/, '').toLowerCase();

interface Listing {
  relation: 'none' | 'own' | 'no-repository' | 'repository-unknown' | 'other';
  repos: readonly string[];
  /** Why the listing is the plugin's own, for messages. */
  why?: string;
}

/** How the Marketplace listing of an id relates to this plugin. */
async function listingOf(context: PluginContext, loaded: LoadedManifest, id: string): Promise<Listing> {
  const listed = (await context.marketplace()).ids.get(id);
  if (!listed) return { relation: 'none', repos: [] };
  const repo = pluginRepository(loaded, context);
  const name = repo?.repo.toLowerCase();
  const byRepo = name !== undefined && listed.repos.some((r) => r.toLowerCase() === name);
  const byUrl = (listed.urls ?? []).some(
    (u) => sameUrl(loaded.manifest.homepage_url, u) || sameUrl(loaded.manifest.support_url, u),
  );
  const renamed = !byRepo && name !== undefined ? listed.repos.find((r) => stem(r) === stem(name)) : undefined;
  if (byRepo || byUrl || renamed) {
    const why = byRepo
      ? `for this repository (${repo?.repo})`
      : byUrl
        ? 'with this homepage_url or support_url'
        : `for ${renamed}, which looks like this repository (${repo?.repo}) before a rename`;
    return { relation: 'own', repos: listed.repos, why };
  }
  if (listed.repos.length === 0) return { relation: 'no-repository', repos: [] };
  return { relation: repo ? 'other' : 'repository-unknown', repos: listed.repos };
}

async function collisionFindings(
  context: PluginContext,
  loaded: LoadedManifest,
  id: string,
  mode: string,
): Promise<Finding[]> {
  const index = await context.marketplace();
  const repo = pluginRepository(loaded, context);
  const findings: Finding[] = [...idChangedFindings(loaded, index, id, repo)];
  const listing = await listingOf(context, loaded, id);
  // An update ships an id that was listed before; plugin-id-unchanged compares it with the base.
  if (listing.relation === 'none' || mode === 'update') return findings;
  const where = `(source: ${index.source})`;
  if (listing.relation === 'own') {
    findings.push(
      at(
        loaded,
        'id',
        'notice',
        'plugin-id/already-listed',
        `Plugin id ${quote(id)} is already in the Marketplace ${listing.why} ${where}: it is this plugin's own id, so review the release in update mode (--mode update).`,
      ),
    );
    return findings;
  }
  if (listing.relation === 'no-repository') {
    findings.push(
      at(
        loaded,
        'id',
        'notice',
        'plugin-id/possible-collision',
        `Plugin id ${quote(id)} is already in the Marketplace ${where}, with no repository recorded, so the tool cannot tell whether it is this plugin: if it is, review in update mode; if not, choose another id, as two plugins with one id overwrite each other.`,
      ),
    );
    return findings;
  }
  if (!repo) {
    findings.push(
      at(
        loaded,
        'id',
        'warning',
        'plugin-id/possible-collision',
        `Plugin id ${quote(id)} is already in the Marketplace for ${listing.repos.join(', ')} ${where}, and the tool does not know this plugin's repository (no GitHub repository in homepage_url or support_url): if it is that repository, review in update mode; if not, choose another id, as two plugins with one id overwrite each other.`,
      ),
    );
    return findings;
  }
  findings.push(
    at(
      loaded,
      'id',
      'error',
      'plugin-id/collision',
      `Plugin id ${quote(id)} is already used in the Marketplace by ${listing.repos.join(', ')} ${where}, not by this plugin's repository ${repo.repo}; two plugins with one id overwrite each other on install: choose another id.`,
    ),
  );
  return findings;
}

/** The repository was listed under other ids: a changed id is a new plugin to every server. */
function idChangedFindings(
  loaded: LoadedManifest,
  index: MarketplaceIndex,
  id: string,
  repo: PluginRepository | undefined,
): Finding[] {
  if (!repo) return [];
  const name = repo.repo.toLowerCase();
  const others = [...index.ids]
    .filter(([other, listing]) => other !== id && listing.repos.some((r) => r.toLowerCase() === name))
    .map(([other]) => other);
  if (others.length === 0) return [];
  const listedHere = index.ids.get(id)?.repos.some((r) => r.toLowerCase() === name);
  if (listedHere) return [];
  return [
    at(
      loaded,
      'id',
      'warning',
      'plugin-id/id-changed',
      `This repository (${repo.repo}) was listed in the Marketplace under the id ${others.map(quote).join(', ')}, not ${quote(id)}: the id changed, and servers treat a new id as a different plugin (the old one stays installed, its settings and data do not move). Keep ${quote(others[0] as string)} unless the change is deliberate and announced.`,
    ),
  ];
}
