import type { Check, Finding } from '@mm-review/core';
import type { LoadedManifest } from '@mm-review/plugin';
import {
  download,
  downloadProblem,
  DownloadError,
  inspectIcon,
  inspectSignature,
  loadBundleManifest,
  openBundle,
  problemMessage,
  ReleaseError,
  SIGNATURE_MAX_BYTES,
  type Bundle,
  type BundleProblem,
  type DownloadOptions,
  type SignatureResult,
  type SignatureVerdict,
} from '@mm-review/marketplace';
import { downloadOptions, type Context } from '../context';
import { SVG_DATA_PREFIX } from '../entry';
import { BUNDLE_INTEGRITY_RULES } from './rules';
import { githubSource, PLATFORMS, storeSource, type ReleaseSource } from '../source';

export const bundleIntegrity: Check<Context> = {
  id: 'bundle-integrity',
  requirement: null,
  title: 'Bundle downloads, is safe, and its signature verifies',
  rules: BUNDLE_INTEGRITY_RULES,
  async run(ctx) {
    const findings: Finding[] = [];
    try {
      await fetchBundle(ctx, findings);
    } catch (error) {
      if (error instanceof Refused) findings.push(finding(ctx, error.problem));
      else if (error instanceof DownloadError) findings.push(finding(ctx, downloadProblem(error, 'The release')));
      else if (error instanceof ReleaseError) {
        // The GitHub release could not be read (github, release-missing, bundle-missing).
        findings.push({ severity: 'error', rule: `bundle-integrity/${error.code}`, message: `${error.message}.` });
      } else throw error;
    }
    return { findings, summary: summaryOf(ctx) };
  },
};

/** A shared bundle problem as add-release reports it: in the bundle's manifest when it is about the icon. */
function finding(ctx: Context, shared: BundleProblem): Finding {
  const at = shared.subject === 'icon' && ctx.loaded ? ctx.loaded.at('icon_path') : {};
  return { severity: shared.severity, rule: shared.rule, message: problemMessage(shared), ...at };
}

/** Stops the check: the problem is reported and nothing after it can be looked at. */
class Refused extends Error {
  constructor(readonly problem: BundleProblem) {
    super(problem.problem);
  }
}

async function fetchBundle(ctx: Context, findings: Finding[]): Promise<void> {
  const { request } = ctx;
  const log = ctx.services.log ?? (() => undefined);
  ctx.source =
    request.source.kind === 'store'
      ? storeSource(request.source.url, request.repo, request.tag)
      : await githubSource(ctx.services.github, request.source.owner, request.source.repo, request.tag);
  log(`Downloading ${ctx.source.bundleUrl}`);
  const what = `the bundle ${ctx.source.bundleUrl}`;
  const data = await fetched(ctx.source.bundleUrl, downloadOptions(ctx), 'The bundle');
  const signature = await firstSignature(ctx, ctx.source.signatureUrls);
  if (!signature) {
    throw new Refused({
      rule: 'bundle-integrity/signature-missing',
      severity: 'error',
      problem: `No signature was found next to the bundle (${ctx.source.signatureUrls.join(', ') || `a .sig or .asc asset in ${ctx.source.label}`})`,
      fix: 'sign the bundle and upload its .sig, as the Marketplace serves only signed bundles',
      subject: 'signature',
    });
  }
  const checked = await signatureOf(ctx, data, signature, what);
  ctx.bundleSignature = checked.binary;
  const opened = await openBundle(data, 'the bundle');
  if ('problem' in opened) throw new Refused(opened.problem);
  ctx.bundle = opened.bundle;
  await loadManifest(ctx, findings);
  ctx.verification.bundle = verified(ctx, checked, findings, what);
  if (ctx.loaded) iconOf(ctx, findings);
  if (ctx.loaded) await probePlatforms(ctx, findings);
}

/** The bundle's signature read and checked against the keys; a signature that is not OpenPGP refuses the release. */
async function signatureOf(
  ctx: Context,
  data: Buffer,
  signature: { data: Buffer; url: string },
  what: string,
): Promise<SignatureResult & { binary: Buffer }> {
  const checked = await inspectSignature(
    data,
    signature.data,
    ctx.request.publicKeys,
    what,
    `the signature ${signature.url}`,
  );
  if (!checked.binary) throw new Refused(checked.problem as BundleProblem);
  return checked as SignatureResult & { binary: Buffer };
}

/**
 * Without a key nothing is verified: new-entry reports that (database-entries/signature-unverified)
 * with add-release's policy, so the shared signature-unverified warning is not repeated here.
 */
function verified(ctx: Context, checked: SignatureResult, findings: Finding[], what: string): SignatureVerdict {
  const verdict = checked.verdict ?? { verified: false, reason: 'no public key was given' };
  if (checked.problem && checked.problem.rule !== 'bundle-integrity/signature-unverified')
    findings.push(finding(ctx, checked.problem));
  if (verdict.verified) ctx.services.log?.(`Verified the signature of ${what} (key ${verdict.keyId})`);
  return verdict;
}

/** Downloads a bundle; a failure refuses the release (not-found on 404, download-failed otherwise). */
async function fetched(url: string, options: DownloadOptions, what: string): Promise<Buffer> {
  try {
    return await download(url, options);
  } catch (error) {
    if (!(error instanceof DownloadError)) throw error;
    throw new Refused(downloadProblem(error, what));
  }
}

async function firstSignature(
  ctx: Context,
  urls: readonly string[],
): Promise<{ url: string; data: Buffer } | undefined> {
  for (const url of urls) {
    const data = await optionalDownload(url, downloadOptions(ctx, SIGNATURE_MAX_BYTES), 'The signature');
    if (data) return { url, data };
  }
  return undefined;
}

/** A download that may legitimately be absent (4xx); other failures refuse the release. */
async function optionalDownload(url: string, options: DownloadOptions, what: string): Promise<Buffer | undefined> {
  try {
    return await download(url, options);
  } catch (error) {
    if (error instanceof DownloadError && error.status !== undefined && error.status >= 400 && error.status < 500)
      return undefined;
    if (error instanceof DownloadError) throw new Refused(downloadProblem(error, what));
    throw error;
  }
}

async function loadManifest(ctx: Context, findings: Finding[]): Promise<void> {
  const result = await loadBundleManifest(ctx.bundle as Bundle, 'the bundle');
  findings.push(...result.findings);
  if ('problem' in result) throw new Refused(result.problem);
  ctx.loaded = result.loaded;
  const bundled = result.loaded.manifest.version ?? '';
  if (bundled !== ctx.version) {
    const where = result.loaded.at('version');
    findings.push({
      severity: 'error',
      rule: 'bundle-integrity/version-mismatch',
      message: `The bundle's manifest says version "${bundled}", but the tag ${ctx.request.tag} names ${ctx.version}; the bundle was built from another commit or the tag is wrong.`,
      ...where,
    });
  }
}

function iconOf(ctx: Context, findings: Finding[]): void {
  const loaded = ctx.loaded as LoadedManifest;
  const iconPath = loaded.manifest.icon_path;
  if (!iconPath) {
    findings.push({
      severity: 'warning',
      rule: 'bundle-integrity/icon-unset',
      message:
        'The manifest has no icon_path, so the Marketplace shows a generic icon; add an SVG icon (assets/icon.svg) and set icon_path.',
      ...loaded.at('icon_path'),
    });
    return;
  }
  const icon = inspectIcon(ctx.bundle as Bundle, iconPath);
  if ('problem' in icon) findings.push(finding(ctx, icon.problem));
  else ctx.iconData = SVG_DATA_PREFIX + icon.data.toString('base64');
}

async function probePlatforms(ctx: Context, findings: Finding[]): Promise<void> {
  const source = ctx.source as ReleaseSource;
  const manifest = (ctx.loaded as LoadedManifest).manifest;
  for (const platform of PLATFORMS) {
    for (const candidate of source.platformCandidates(platform.names)) {
      const signature = await firstSignature(ctx, candidate.signatureUrls);
      if (!signature) continue;
      const data = await optionalDownload(candidate.bundleUrl, downloadOptions(ctx), `The ${platform.key} bundle`);
      if (!data) continue;
      const what = `the ${platform.key} bundle ${candidate.bundleUrl}`;
      const opened = await openBundle(data, what);
      if ('problem' in opened) throw new Refused(opened.problem);
      const inner = await loadBundleManifest(opened.bundle, what);
      const parsed = 'loaded' in inner ? inner.loaded.manifest : undefined;
      if (parsed?.id !== manifest.id || parsed?.version !== manifest.version) {
        findings.push({
          severity: 'error',
          rule: 'bundle-integrity/platform-mismatch',
          message: `The ${platform.key} bundle ${candidate.bundleUrl} holds ${parsed ? `${parsed.id} ${parsed.version}` : 'no readable manifest'}, not ${manifest.id} ${manifest.version}; rebuild and re-upload the platform bundles of this release.`,
        });
        break;
      }
      const checked = await signatureOf(ctx, data, signature, what);
      ctx.verification.platforms[platform.key] = verified(ctx, checked, findings, what);
      ctx.platforms[platform.key] = { download_url: candidate.bundleUrl, signature: checked.binary.toString('base64') };
      break;
    }
  }
}

function summaryOf(ctx: Context): string | undefined {
  if (!ctx.source) return undefined;
  const verdict = ctx.verification.bundle;
  const platforms = Object.keys(ctx.platforms);
  const signed =
    ctx.request.publicKeys.length === 0
      ? 'signature NOT verified (no public key given)'
      : verdict?.verified
        ? `signature verified (key ${verdict.keyId})`
        : 'signature did not verify';
  return `${ctx.source.bundleUrl}: ${signed}; platform bundles: ${platforms.length ? platforms.join(', ') : 'none'}`;
}
