import type { Check, Finding } from '@mm-review/core';
import { parseGitHubRepoUrl } from '@mm-review/github';
import type { PluginContext } from '../context';
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
  run: (context, { mode }) =>
    withManifest(context, async (loaded) => {
      const raw = loaded.manifest.id ?? '';
      if (!raw) return { status: 'fail', summary: 'No id (see the manifest check).', findings: [] };
      const id = raw.toLowerCase();
      const findings = [...conventionFindings(loaded, raw), ...(await collisionFindings(context, loaded, id, mode))];
      return { summary: `${quote(id)}.`, findings };
    }),
};

function conventionFindings(loaded: LoadedManifest, raw: string): Finding[] {
  const id = raw.toLowerCase();
  const findings: Finding[] = [];
  if (raw !== id) {
    findings.push(at(loaded, 'id', 'warning', 'plugin-id/not-lowercase', `Plugin id ${quote(raw)} has upper-case letters; the server lowercases ids, so everything else sees ${quote(id)}: write it in lower case.`));
  }
  if (id === STARTER_TEMPLATE_ID) {
    findings.push(at(loaded, 'id', 'error', 'plugin-id/template-default', `Plugin id ${quote(id)} is the starter template's default; every plugin built from the template would clash: choose your own, such as com.github.<you>.<plugin>.`));
    return findings;
  }
  if (BLOCKED_IDS.includes(id)) {
    findings.push(at(loaded, 'id', 'error', 'plugin-id/blocked', `Plugin id ${quote(id)} is on the server's block list; choose another id.`));
  }
  const owner = repositoryOwner(loaded);
  if ((id.startsWith('com.mattermost.') || id.startsWith('mattermost-')) && !(owner && MATTERMOST_OWNERS.includes(owner))) {
    findings.push(at(loaded, 'id', 'error', 'plugin-id/reserved-namespace', `Plugin id ${quote(id)} is in Mattermost's namespace (com.mattermost.* and mattermost-* belong to Mattermost), but the plugin's repository${owner ? ` is owned by ${owner}` : ' is not a Mattermost one'}: use a namespace you control, such as com.github.${owner ?? '<you>'}.${id.replace(/^(com\.mattermost\.|mattermost-)/, '')}.`));
  } else if (!REVERSE_DNS.test(id)) {
    findings.push(at(loaded, 'id', 'warning', 'plugin-id/not-reverse-dns', `Plugin id ${quote(id)} does not follow the reverse-DNS convention (lower-case, dot-separated, in a namespace you control): use something like com.github.${owner ?? '<you>'}.${id.replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}.`));
  }
  return findings;
}

async function collisionFindings(context: PluginContext, loaded: LoadedManifest, id: string, mode: string): Promise<Finding[]> {
  const index = await context.marketplace();
  const listed = index.ids.get(id);
  if (!listed) return [];
  const repo = repositoryName(loaded);
  const ours = repo !== undefined && listed.repos.some((r) => r.toLowerCase() === repo.toLowerCase());
  if (mode === 'update' || ours) {
    return mode === 'update' ? [] : [at(loaded, 'id', 'notice', 'plugin-id/already-listed', `Plugin id ${quote(id)} is already in the Marketplace for this repository (${repo}); review it in update mode.`)];
  }
  if (listed.repos.length === 0) {
    return [at(loaded, 'id', 'warning', 'plugin-id/possible-collision', `Plugin id ${quote(id)} is already in the Marketplace (source: ${index.source}), with no repository recorded; if it is not this plugin, choose another id, as two plugins with one id overwrite each other.`)];
  }
  const owners = ` by ${listed.repos.join(', ')}`;
  return [at(loaded, 'id', 'error', 'plugin-id/collision', `Plugin id ${quote(id)} is already used in the Marketplace${owners} (source: ${index.source}); two plugins with one id overwrite each other on install: choose another id.`)];
}

function repositoryUrl(loaded: LoadedManifest): { owner: string; repo: string } | undefined {
  return parseGitHubRepoUrl(loaded.manifest.homepage_url) ?? parseGitHubRepoUrl(loaded.manifest.support_url);
}

function repositoryOwner(loaded: LoadedManifest): string | undefined {
  return repositoryUrl(loaded)?.owner.toLowerCase();
}

function repositoryName(loaded: LoadedManifest): string | undefined {
  return repositoryUrl(loaded)?.repo;
}
