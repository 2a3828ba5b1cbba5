import { codeSpan, escapeMarkdown, type Report } from '@mm-review/core';
import type { AddOutcome, AddReleaseRequest, PullRequest } from './types';
import type { SignatureVerdict } from '@mm-review/marketplace';

export type { PullRequest } from './types';

/** The Marketplace's conventions: branch `add_<repo>_<tag>`, title `Add <tag> of <repo> to the Marketplace`. */
export function pullRequest(
  request: AddReleaseRequest,
  entry: Record<string, unknown>,
  verification: { bundle?: SignatureVerdict; platforms: Record<string, SignatureVerdict | undefined> },
  report: Report,
  outcome: AddOutcome,
): PullRequest {
  const manifest = entry.manifest as Record<string, string | undefined>;
  const keyed = request.publicKeys.length > 0;
  const signature = !keyed
    ? '**NOT VERIFIED**: no public key was given and the run set allow-unverified, so the signature was copied without being checked. Verify it before merging.'
    : verification.bundle?.verified
      ? `verified with key \`${verification.bundle.keyId}\``
      : 'did **not** verify';
  const platforms = Object.entries(entry.platforms as Record<string, { download_url?: string }>)
    .map(
      ([key, value]) =>
        `${codeSpan(key)} ${value.download_url ? (keyed ? (verification.platforms[key]?.verified ? '(signature verified)' : '(signature did not verify)') : '(signature not verified)') : '—'}`,
    )
    .join(', ');
  const warnings = report.checks.flatMap((c) => c.findings).filter((f) => f.severity !== 'notice');
  const lines = [
    ...(keyed
      ? []
      : [
          '> [!WARNING]',
          '> The bundle signature was **not verified** (allow-unverified, no public key). Check the signature against the release key before merging.',
          '',
        ]),
    `${outcome === 'replaced' ? 'Replaces' : 'Adds'} **${escapeMarkdown(String(manifest.name ?? ''))}** ${codeSpan(String(manifest.id ?? ''))} ${codeSpan(String(manifest.version ?? ''))} to the Marketplace (made by mm-review add-release).`,
    '',
    '| | |',
    '|---|---|',
    `| Repository | ${cell(request.repo)} |`,
    `| Tag | ${cell(request.tag)} |`,
    `| Minimum server version | ${manifest.min_server_version ? cell(manifest.min_server_version) : 'not set'} |`,
    `| Release notes | ${cell(entry.release_notes_url)} |`,
    `| Homepage | ${cell(entry.homepage_url)} |`,
    `| Author type / stage | ${cell(entry.author_type)} / ${cell(entry.release_stage)}${entry.enterprise ? ' / enterprise' : ''} |`,
    `| Hosting | ${entry.hosting ? cell(entry.hosting) : 'cloud and on-prem'} |`,
    `| Bundle | ${cell(entry.download_url)} |`,
    `| Signature | ${signature} |`,
    `| Platform bundles | ${platforms} |`,
    `| Icon | ${entry.icon_data ? 'SVG from the bundle' : 'none'} |`,
    '',
    warnings.length === 0 ? 'The manifest passed every rule.' : `Findings (${warnings.length}):`,
    ...warnings.slice(0, 20).map((f) => `- ${f.severity}: ${escapeMarkdown(f.message)}`),
    ...(warnings.length > 20 ? [`- … and ${warnings.length - 20} more (see the report).`] : []),
  ];
  return {
    branch: `add_${request.repo}_${request.tag}`,
    title: `Add ${request.tag} of ${request.repo} to the Marketplace`,
    body: lines.join('\n') + '\n',
  };
}

/** A value from the manifest or the request in a table cell: an inert code span, pipes escaped. */
function cell(value: unknown): string {
  return codeSpan(String(value ?? '')).replace(/\|/g, '\\|');
}
