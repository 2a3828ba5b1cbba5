import type { Check, Finding } from '@mm-review/core';
import { checkReleaseNotesUrl } from '@mm-review/changelog';
import { manifestRuleFindings, type LoadedManifest } from '@mm-review/plugin';
import type { Context } from '../context';
import { buildEntry } from '../entry';
import { normalizeManifest } from '@mm-review/marketplace';
import { serializeEntry } from '@mm-review/marketplace';
import { NEW_ENTRY_RULES } from './rules';

export const newEntry: Check<Context> = {
  id: 'database-entries',
  requirement: null,
  title: 'The new entry is valid',
  rules: NEW_ENTRY_RULES,
  async run(ctx) {
    if (!ctx.loaded || !ctx.bundleSignature || !ctx.source)
      return { status: 'skip', summary: 'The bundle could not be read, so no entry was built.', findings: [] };
    const loaded = ctx.loaded;
    const findings = manifestRuleFindings(loaded).map((f) => allow(ctx, f));
    const homepage = ctx.request.homepageUrl ?? loaded.manifest.homepage_url ?? '';
    const releaseNotes = ctx.request.releaseNotesUrl ?? loaded.manifest.release_notes_url ?? '';
    const fromManifest = (override: string | undefined) => (f: Finding) => (override === undefined ? allow(ctx, f) : f);
    findings.push(...homepageFindings(ctx, homepage).map(fromManifest(ctx.request.homepageUrl)));
    findings.push(...releaseNotesFindings(ctx, releaseNotes, homepage).map(fromManifest(ctx.request.releaseNotesUrl)));
    if (ctx.request.publicKeys.length === 0) {
      findings.push(
        ctx.request.allowUnverified
          ? {
              severity: 'warning',
              rule: 'database-entries/signature-unverified',
              message:
                'NOTHING WAS VERIFIED: no public key was given and allow-unverified (--allow-unverified) is set, so the signature copied into the entry was not checked against the bundle; pass the release key (public-key input, --public-key) so a tampered bundle is caught before it reaches servers.',
            }
          : {
              severity: 'error',
              rule: 'database-entries/signature-unverified',
              message:
                'No public key was given, so the bundle signature cannot be verified and nothing was added; pass the release key (public-key input, --public-key), or set allow-unverified (--allow-unverified) to add the release unverified on purpose.',
            },
      );
    }
    ctx.entry = buildEntry({
      homepageUrl: homepage,
      iconData: ctx.iconData,
      downloadUrl: ctx.source.bundleUrl,
      releaseNotesUrl: releaseNotes,
      flags: ctx.request.flags,
      signature: ctx.bundleSignature.toString('base64'),
      repoName: ctx.request.repo,
      manifest: normalizeManifest(loaded.manifest),
      platforms: ctx.platforms,
      updatedAt: (ctx.services.now ?? (() => new Date()))(),
    });
    ctx.entryText = serializeEntry(ctx.entry);
    return {
      findings,
      summary: `${loaded.manifest.id} ${loaded.manifest.version} (${ctx.request.flags.authorType}, ${ctx.request.flags.releaseStage}${ctx.request.flags.hosting ? `, ${ctx.request.flags.hosting}` : ''}${ctx.request.flags.enterprise ? ', enterprise' : ''})`,
    };
  },
};

/** `--allow-invalid-manifest` turns errors in the manifest (its rules and URLs) into warnings that still show. */
function allow(ctx: Context, finding: Finding): Finding {
  if (!ctx.request.allowInvalidManifest || finding.severity !== 'error') return finding;
  return {
    ...finding,
    severity: 'warning',
    message: `${finding.message} (Allowed by the allow-invalid-manifest input, --allow-invalid-manifest.)`,
  };
}

function homepageFindings(ctx: Context, homepage: string): Finding[] {
  const where = ctx.request.homepageUrl === undefined ? (ctx.loaded as LoadedManifest).at('homepage_url') : {};
  if (homepage === '') {
    return [
      {
        severity: 'error',
        rule: 'database-entries/homepage-url-empty',
        message:
          'homepage_url would be empty in the entry, so the Marketplace links nowhere; set homepage_url in plugin.json or pass the homepage-url input (--homepage-url).',
        ...where,
      },
    ];
  }
  if (!/^https?:\/\/[^\s/]+/i.test(homepage)) {
    return [
      {
        severity: 'error',
        rule: 'database-entries/homepage-url-invalid',
        message: `homepage_url "${homepage}" is not an http(s) URL; write the plugin's repository or documentation URL.`,
        ...where,
      },
    ];
  }
  return [];
}

function releaseNotesFindings(ctx: Context, url: string, homepage: string): Finding[] {
  const manifest = (ctx.loaded as LoadedManifest).manifest;
  const where = ctx.request.releaseNotesUrl === undefined ? (ctx.loaded as LoadedManifest).at('release_notes_url') : {};
  const subject =
    ctx.request.releaseNotesUrl === undefined
      ? undefined
      : `release_notes_url ${url} (from the release-notes-url input, --release-notes-url)`;
  const problems = checkReleaseNotesUrl(url, {
    version: ctx.version,
    tag: ctx.request.tag,
    homepageUrl: homepage,
    ...(manifest.support_url ? { supportUrl: manifest.support_url } : {}),
    ...(subject ? { subject } : {}),
  });
  const fix =
    ctx.request.releaseNotesUrl === undefined
      ? ' Fix it in plugin.json for the next release, or pass the release-notes-url input (--release-notes-url) for this entry.'
      : '';
  return problems.map((p) => ({
    severity: p.severity,
    rule: `database-entries/release-notes-${p.rule}`,
    message: `${p.message}${p.severity === 'error' ? fix : ''}`,
    ...where,
  }));
}
