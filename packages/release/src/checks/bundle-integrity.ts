import { formatBytes, type Check, type Finding } from '@mm-review/core';
import { parseManifestText, type LoadedManifest } from '@mm-review/plugin';
import { readBundle } from '@mm-review/marketplace';
import { downloadOptions, SIGNATURE_MAX_BYTES, type Context } from '../context';
import { download, type DownloadOptions } from '@mm-review/marketplace';
import { describeImage, isSvg, MAX_ICON_BYTES, SVG_DATA_PREFIX, svgActiveContent } from '../entry';
import { DownloadError, ReleaseError } from '@mm-review/marketplace';
import { verifySignature, type SignatureVerdict } from '@mm-review/marketplace';
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
      if (!(error instanceof ReleaseError)) throw error;
      findings.push({ severity: 'error', rule: `bundle-integrity/${ruleOf(error)}`, message: `${error.message}.` });
    }
    return { findings, summary: summaryOf(ctx) };
  },
};

function ruleOf(error: ReleaseError): string {
  if (error instanceof DownloadError) return error.status === 404 ? 'not-found' : 'download-failed';
  if (error.name === 'BundleError') return 'unsafe-bundle';
  return error.code;
}

async function fetchBundle(ctx: Context, findings: Finding[]): Promise<void> {
  const { request } = ctx;
  const log = ctx.services.log ?? (() => undefined);
  ctx.source =
    request.source.kind === 'store'
      ? storeSource(request.source.url, request.repo, request.tag)
      : await githubSource(ctx.services.github, request.source.owner, request.source.repo, request.tag);
  log(`Downloading ${ctx.source.bundleUrl}`);
  const data = await download(ctx.source.bundleUrl, downloadOptions(ctx));
  const signature = await firstSignature(ctx, ctx.source.signatureUrls);
  if (!signature) {
    throw new ReleaseError(
      'signature-missing',
      `no signature was found next to the bundle (${ctx.source.signatureUrls.join(', ') || `a .sig or .asc asset in ${ctx.source.label}`}); sign the bundle and upload its .sig, as the Marketplace serves only signed bundles`,
    );
  }
  ctx.bundleSignature = await binarySignature(signature, ctx.source.signatureUrls.join(' or '));
  ctx.bundle = await readBundle(data);
  await loadBundleManifest(ctx, findings);
  ctx.verification.bundle = await verifyWith(
    ctx,
    data,
    signature,
    findings,
    `the bundle ${ctx.source.bundleUrl}`,
    'signature',
  );
  if (ctx.loaded) iconOf(ctx, findings);
  if (ctx.loaded) await probePlatforms(ctx, findings);
}

async function firstSignature(ctx: Context, urls: readonly string[]): Promise<Buffer | undefined> {
  for (const url of urls) {
    const signature = await optionalDownload(url, downloadOptions(ctx, SIGNATURE_MAX_BYTES));
    if (signature) return signature;
  }
  return undefined;
}

/** A download that may legitimately be absent (4xx); other failures still throw. */
async function optionalDownload(url: string, options: DownloadOptions): Promise<Buffer | undefined> {
  try {
    return await download(url, options);
  } catch (error) {
    if (error instanceof DownloadError && error.status !== undefined && error.status >= 400 && error.status < 500)
      return undefined;
    throw error;
  }
}

async function loadBundleManifest(ctx: Context, findings: Finding[]): Promise<void> {
  const manifest = ctx.bundle?.manifest;
  if (!manifest) {
    const where = ctx.bundle?.root
      ? `in its folder ${ctx.bundle.root}/`
      : 'at its top level (which does not hold exactly one folder)';
    throw new ReleaseError(
      'manifest-missing',
      `the bundle has no plugin.yml, plugin.yaml or plugin.json ${where}, so the server cannot install it; build it with the starter template's make dist`,
    );
  }
  const parsed = await parseManifestText(manifest.file, manifest.text);
  const fatal = parsed.findings.filter((f) => f.severity === 'error');
  findings.push(...fatal);
  if (!parsed.loaded || !parsed.loaded.loadable) {
    throw new ReleaseError(
      'manifest-unreadable',
      `${manifest.file} in the bundle cannot be loaded by the server (see the findings above); fix it and rebuild the bundle`,
    );
  }
  ctx.loaded = parsed.loaded;
  const bundled = parsed.loaded.manifest.version ?? '';
  if (bundled !== ctx.version) {
    const where = parsed.loaded.at('version');
    findings.push({
      severity: 'error',
      rule: 'bundle-integrity/version-mismatch',
      message: `The bundle's manifest says version "${bundled}", but the tag ${ctx.request.tag} names ${ctx.version}; the bundle was built from another commit or the tag is wrong.`,
      ...where,
    });
  }
}

async function verifyWith(
  ctx: Context,
  data: Buffer,
  signature: Buffer,
  findings: Finding[],
  what: string,
  rule: string,
): Promise<SignatureVerdict> {
  const verdict = await verifySignature(data, signature, ctx.request.publicKeys);
  if (ctx.request.publicKeys.length === 0) return verdict;
  if (verdict.verified) {
    ctx.services.log?.(`Verified the signature of ${what} (key ${verdict.keyId})`);
  } else {
    findings.push({
      severity: 'error',
      rule: `bundle-integrity/${rule}-invalid`,
      message: `The signature of ${what} does not verify: ${verdict.reason}. Do not publish this bundle; re-sign it with the release key.`,
    });
  }
  return verdict;
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
  const inRoot = iconPath
    .split('/')
    .filter((s) => s !== '' && s !== '.')
    .join('/');
  const file = ctx.bundle?.root ? `${ctx.bundle.root}/${inRoot}` : inRoot;
  const data = ctx.bundle?.files.get(file);
  const size = ctx.bundle?.sizes.get(file);
  if (!data && size !== undefined) {
    findings.push({
      severity: 'error',
      rule: 'bundle-integrity/icon-too-large',
      message: `icon_path "${iconPath}" is ${formatBytes(size)}, too large to embed as the entry's icon_data; use an SVG of a few KB.`,
      ...loaded.at('icon_path'),
    });
  } else if (!data) {
    findings.push({
      severity: 'error',
      rule: 'bundle-integrity/icon-missing',
      message: `icon_path "${iconPath}" is not in the bundle (looked for ${file}); include the icon in the bundle or fix icon_path.`,
      ...loaded.at('icon_path'),
    });
  } else if (!isSvg(data)) {
    findings.push({
      severity: 'error',
      rule: 'bundle-integrity/icon-not-svg',
      message: `icon_path "${iconPath}" is ${describeImage(data)}; the Marketplace shows only SVG icons, so convert it to SVG.`,
      ...loaded.at('icon_path'),
    });
  } else if (data.length > MAX_ICON_BYTES) {
    findings.push({
      severity: 'error',
      rule: 'bundle-integrity/icon-too-large',
      message: `icon_path "${iconPath}" is ${Math.ceil(data.length / 1024)} KiB, over the ${MAX_ICON_BYTES / 1024} KiB limit for icon_data, which every server downloads with plugins.json; simplify or optimise the SVG (svgo).`,
      ...loaded.at('icon_path'),
    });
  } else if (svgActiveContent(data.toString('utf8'))) {
    findings.push({
      severity: 'error',
      rule: 'bundle-integrity/icon-active-content',
      message: `icon_path "${iconPath}" holds ${svgActiveContent(data.toString('utf8'))}; an icon must be a plain drawing, so remove scripts, event handlers, embedded HTML and javascript: links from the SVG.`,
      ...loaded.at('icon_path'),
    });
  } else {
    ctx.iconData = SVG_DATA_PREFIX + data.toString('base64');
  }
}

async function probePlatforms(ctx: Context, findings: Finding[]): Promise<void> {
  const source = ctx.source as ReleaseSource;
  const manifest = (ctx.loaded as LoadedManifest).manifest;
  for (const platform of PLATFORMS) {
    for (const candidate of source.platformCandidates(platform.names)) {
      const signature = await firstSignature(ctx, candidate.signatureUrls);
      if (!signature) continue;
      const data = await optionalDownload(candidate.bundleUrl, downloadOptions(ctx));
      if (!data) continue;
      const inner = (await readBundle(data)).manifest;
      const parsed = inner ? (await parseManifestText(inner.file, inner.text)).loaded?.manifest : undefined;
      if (parsed?.id !== manifest.id || parsed?.version !== manifest.version) {
        findings.push({
          severity: 'error',
          rule: 'bundle-integrity/platform-mismatch',
          message: `The ${platform.key} bundle ${candidate.bundleUrl} holds ${parsed ? `${parsed.id} ${parsed.version}` : 'no readable manifest'}, not ${manifest.id} ${manifest.version}; rebuild and re-upload the platform bundles of this release.`,
        });
        break;
      }
      ctx.verification.platforms[platform.key] = await verifyWith(
        ctx,
        data,
        signature,
        findings,
        `the ${platform.key} bundle ${candidate.bundleUrl}`,
        'platform-signature',
      );
      ctx.platforms[platform.key] = {
        download_url: candidate.bundleUrl,
        signature: (await binarySignature(signature, `${candidate.bundleUrl}.sig`)).toString('base64'),
      };
      break;
    }
  }
}

/**
 * plugins.json stores the binary signature: an armored `.asc` is de-armored, and bytes that
 * are no OpenPGP signature at all are refused even when no key was given to verify with.
 */
async function binarySignature(signature: Buffer, where: string): Promise<Buffer> {
  const openpgp = await import('openpgp');
  const armored = signature.subarray(0, 256).toString('latin1').trimStart().startsWith('-----BEGIN PGP');
  try {
    const parsed = armored
      ? await openpgp.readSignature({ armoredSignature: signature.toString('utf8') })
      : await openpgp.readSignature({ binarySignature: new Uint8Array(signature) });
    return armored ? Buffer.from(parsed.write() as Uint8Array) : signature;
  } catch (error) {
    throw new ReleaseError(
      'signature-unreadable',
      `${where} is not an OpenPGP signature (${(error as Error).message.split('\n')[0]}); upload the detached signature that gpg --detach-sign writes`,
    );
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
