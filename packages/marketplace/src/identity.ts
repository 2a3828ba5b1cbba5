import type { RuleDefinitions } from '@mm-review/core';

/**
 * A plugin id names one plugin everywhere: the server lower-cases it and updates an
 * installed plugin by it, and the Marketplace serves the newest release per id. So a
 * release listed under an id another repository publishes, under a listed id in another
 * letter case, or under a new id for a repository that published another one, changes
 * what servers install. validate-database (a pull request to plugins.json) and add-release
 * (the tool writing the entry) both ask the same question of the listed entries.
 */

/** A listed entry, as much of it as identity needs. */
export interface ListedPlugin {
  id: string;
  /** repo_name; '' or absent when the entry has none. */
  repoName?: string;
  /** download_url: a GitHub release asset's URL names the repository (owner included). */
  downloadUrl?: string;
}

/** The release about to be listed. */
export interface CandidateRelease {
  id: string;
  /** Its repo_name ('' when unknown). */
  repository: string;
  /** `owner/repo` of the GitHub repository whose release holds the bundle, when known. */
  hosting?: string;
}

export type IdentityConflict =
  | {
      kind: 'other-repository';
      /** Index of the first listed entry of the id that comes from another repository. */
      index: number;
      /** The other repositories, as listed (repo_name, or owner/repo of a GitHub release). */
      repositories: string[];
    }
  | {
      kind: 'case-collision';
      /** Index of the first listed entry whose id differs from the candidate's only in case. */
      index: number;
      ids: string[];
    }
  | {
      kind: 'repository-id-changed';
      /** Index of the first listed entry of the repository under another id. */
      index: number;
      ids: string[];
      /** Every earlier id differs from the candidate's only in letter case. */
      caseOnly: boolean;
    };

export interface GitHubReleaseAsset {
  owner: string;
  repo: string;
  tag: string;
}

/** `https://github.com/<owner>/<repo>/releases/download/<tag>/<asset>`, the URL of a GitHub release asset. */
export function githubReleaseAsset(url: string | undefined): GitHubReleaseAsset | undefined {
  if (!url) return undefined;
  const match = /^https:\/\/github\.com\/([^/]+)\/([^/]+)\/releases\/download\/([^/]+)\/[^/]+$/i.exec(
    url.split(/[?#]/)[0] ?? url,
  );
  if (!match) return undefined;
  let tag = match[3] as string;
  try {
    tag = decodeURIComponent(tag);
  } catch {
    // keep it as written
  }
  return { owner: match[1] as string, repo: match[2] as string, tag };
}

function hostingOf(url: string | undefined): string | undefined {
  const asset = githubReleaseAsset(url);
  return asset ? `${asset.owner}/${asset.repo}` : undefined;
}

/**
 * How a listed entry relates to the candidate's repository: `other` when its repo_name
 * differs, or both bundles are GitHub release assets of different repositories (a fork
 * keeps the repo_name); `same` when its repo_name or GitHub repository matches and
 * nothing contradicts; `unknown` when neither is known.
 */
function relation(listed: ListedPlugin, own: string, ownHosting: string | undefined): 'same' | 'other' | 'unknown' {
  const repo = listed.repoName ? listed.repoName.toLowerCase() : '';
  if (repo !== '' && own !== '' && repo !== own) return 'other';
  // A listed bundle's GitHub repository matters only when the candidate's is known.
  const hosting = ownHosting ? hostingOf(listed.downloadUrl)?.toLowerCase() : undefined;
  if (hosting && hosting !== ownHosting) return 'other';
  if ((repo !== '' && repo === own) || (hosting && hosting === ownHosting)) return 'same';
  return 'unknown';
}

function otherName(listed: ListedPlugin, candidate: CandidateRelease): string {
  const repo = listed.repoName ?? '';
  if (repo !== '' && repo.toLowerCase() !== candidate.repository.toLowerCase()) return repo;
  return hostingOf(listed.downloadUrl) ?? repo;
}

/**
 * The identity conflicts of a candidate release with the listed entries, at most one of
 * each kind (with every listed value of that kind), in the order other-repository,
 * case-collision, repository-id-changed:
 * - other-repository: the id is listed from another repository, and never from this one
 *   (once a move is listed, the plugin's later releases pass);
 * - case-collision: a listed id differs only in letter case, and is not known to be this
 *   repository's own (that is repository-id-changed);
 * - repository-id-changed: this repository's listed entries carry other ids and never
 *   this one (a repository that went back to an earlier id passes).
 */
export function identityConflicts(listed: readonly ListedPlugin[], candidate: CandidateRelease): IdentityConflict[] {
  const conflicts: IdentityConflict[] = [];
  const id = candidate.id;
  const lower = id.toLowerCase();
  let sameId = false;
  let otherIndex = -1;
  const others: string[] = [];
  let twinIndex = -1;
  const twins: string[] = [];
  let ownHasId = false;
  let earlierIndex = -1;
  const earlier: string[] = [];
  const own = candidate.repository.toLowerCase();
  const ownHosting = candidate.hosting?.toLowerCase();
  listed.forEach((entry, index) => {
    const rel = relation(entry, own, ownHosting);
    if (entry.id === id) {
      if (rel === 'same') sameId = true;
      if (rel === 'other') {
        if (otherIndex < 0) otherIndex = index;
        const name = otherName(entry, candidate);
        if (!others.some((o) => o.toLowerCase() === name.toLowerCase())) others.push(name);
      }
    }
    if (rel === 'same') {
      if (entry.id === id) ownHasId = true;
      else {
        if (earlierIndex < 0) earlierIndex = index;
        if (!earlier.includes(entry.id)) earlier.push(entry.id);
      }
    } else if (entry.id !== id && entry.id.toLowerCase() === lower) {
      if (twinIndex < 0) twinIndex = index;
      if (!twins.includes(entry.id)) twins.push(entry.id);
    }
  });
  if (otherIndex >= 0 && !sameId) conflicts.push({ kind: 'other-repository', index: otherIndex, repositories: others });
  if (twinIndex >= 0) conflicts.push({ kind: 'case-collision', index: twinIndex, ids: twins });
  if (earlierIndex >= 0 && !ownHasId)
    conflicts.push({
      kind: 'repository-id-changed',
      index: earlierIndex,
      ids: earlier,
      caseOnly: earlier.every((other) => other.toLowerCase() === lower),
    });
  return conflicts;
}

/** The rule id of each conflict kind, the same in validate-database and add-release. */
export const IDENTITY_RULE: Record<IdentityConflict['kind'], string> = {
  'other-repository': 'database-changes/id-other-repository',
  'case-collision': 'database-changes/id-case-collision',
  'repository-id-changed': 'database-changes/repository-id-changed',
};

/**
 * The identity rules, declared once. Severities are add-release's (it refuses unless
 * allow-id-change); validate-database declares repository-id-changed a warning (see there).
 */
export const IDENTITY_RULES: RuleDefinitions = {
  'database-changes/id-other-repository': {
    severity: 'error',
    description:
      "The release's plugin id is listed from another repository (another repo_name, or a GitHub release of another owner's repository), and never from this one.",
    rationale:
      'Servers update an installed plugin by id and the Marketplace serves the newest release per id (getPlugins, internal/store/static.go), so a release from another repository would replace that plugin on every server that has it: the way a fork or a stranger takes over a plugin.',
    fix: 'Release the plugin under its own id. When the plugin really moved: in add-release pass allow-id-change (--allow-id-change); in a pull request to plugins.json a Marketplace maintainer confirms the move.',
  },
  'database-changes/id-case-collision': {
    severity: 'error',
    description:
      "The release's plugin id equals a listed id ignoring letter case, and that id is not known to be this repository's.",
    rationale:
      'The server lower-cases plugin ids, so both are one plugin to it: the release would install over the listed one.',
    fix: 'Use an id that differs from every listed id in more than case, or the listed id exactly when it is the same plugin (add-release: allow-id-change, --allow-id-change).',
  },
  'database-changes/repository-id-changed': {
    severity: 'error',
    description:
      "The repository's listed releases carry another plugin id and none carries this one (an error in add-release unless allow-id-change, a warning in validate-database).",
    rationale:
      'A changed id is another plugin to servers: the old one stays installed with its settings and data, and users must switch by hand. Real plugins did change ids on purpose (jira, playbooks, msteams), so it is a decision to confirm, not a takeover: add-release, which writes the entry, asks for that decision with allow-id-change; in a pull request to plugins.json, which has no such input and which a maintainer reviews anyway, it is a warning the maintainer confirms. When only the letter case changed, servers (which lower-case ids) see one plugin, while plugins.json lists it under two ids.',
    fix: "Keep the repository's listed id. When the change is intended: add-release allow-id-change (--allow-id-change); in a pull request, say so for the maintainer.",
  },
};
