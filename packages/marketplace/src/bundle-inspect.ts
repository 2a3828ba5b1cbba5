import { formatBytes, type Finding, type RuleDefinitions, type Severity } from '@mm-review/core';
import { parseManifestText, type LoadedManifest } from '@mm-review/plugin';
import { readBundle, type Bundle } from './bundle';
import type { DownloadOptions } from './download';
import { DownloadError } from './errors';
import { describeImage, isSvg, MAX_ICON_BYTES, svgActiveContent } from './icon';
import { verifySignature, type SignatureVerdict } from './signature';

/**
 * The steps of looking at a release bundle that validate-database (an entry's bundles) and
 * add-release (the bundle it is about to list) share: a download's failure, reading the
 * tarball as the server does, finding and loading its manifest, verifying a signature and
 * resolving the icon. Each step returns what it found, or a problem both checks report
 * under the same `bundle-integrity/*` rule; each check locates it (validate-database at the
 * entry's field, add-release in the bundle's manifest) and adds the rules of its own context.
 */

/** What a problem is about, for the check to locate it: the bundle (its URL), its signature, its manifest, its icon. */
export type BundleSubject = 'bundle' | 'signature' | 'manifest' | 'icon';

export interface BundleProblem {
  /** The rule id: one of BUNDLE_INSPECT_RULES. */
  rule: string;
  severity: Severity;
  /** What is wrong, naming the bundle or file (no final period). */
  problem: string;
  /** How to fix it (no final period). */
  fix: string;
  subject: BundleSubject;
}

/**
 * The finding message of a problem: what is wrong, then how to fix it. It opens with a
 * capital unless its first word is a field, file or URL (icon_path, com.example.demo/plugin.json).
 */
export function problemMessage(problem: BundleProblem): string {
  const text = `${problem.problem}: ${problem.fix}.`;
  return /^[^\s]*[_./:]/.test(text.split(' ')[0] ?? '') ? text : text.charAt(0).toUpperCase() + text.slice(1);
}

/** One download policy for bundles, whichever action fetches them (the largest real bundles are well under 512 MiB). */
export const BUNDLE_DOWNLOAD: DownloadOptions = {
  maxBytes: 512 * 1024 * 1024,
  timeoutMs: 300_000,
  retries: 3,
  backoffMs: 1000,
};
/** A detached signature is a few hundred bytes. */
export const SIGNATURE_MAX_BYTES = 64 * 1024;

function problem(rule: string, subject: BundleSubject, text: string, fix: string, severity: Severity = 'error') {
  return { rule: `bundle-integrity/${rule}`, severity, problem: text, fix, subject } satisfies BundleProblem;
}

/** A failed bundle download: 404 is `not-found`, anything else (status, time-out, size, connection) `download-failed`. */
export function downloadProblem(error: unknown, what: string): BundleProblem {
  const reason = String((error as Error)?.message ?? error).replace(/\.$/, '');
  if (error instanceof DownloadError && error.status === 404)
    return problem(
      'not-found',
      'bundle',
      `${what} is not there: ${reason}`,
      'servers cannot install the release; publish the bundle at that URL, or fix the URL (repository name and tag)',
    );
  return problem(
    'download-failed',
    'bundle',
    `${what} could not be downloaded: ${reason}`,
    'retry when the server or network failed; otherwise fix the URL or the bundle',
  );
}

/** Reads the tarball as the server would; an unsafe or unreadable one is refused before anything in it is used. */
export async function openBundle(data: Buffer, what: string): Promise<{ bundle: Bundle } | { problem: BundleProblem }> {
  try {
    return { bundle: await readBundle(data) };
  } catch (error) {
    return {
      problem: problem(
        'bundle-unreadable',
        'bundle',
        `${what} is refused: ${String((error as Error)?.message ?? error).replace(/\.$/, '')}`,
        "rebuild it with the plugin's release tooling (the starter template's make dist)",
      ),
    };
  }
}

export type BundleManifestResult =
  { loaded: LoadedManifest; findings: Finding[] } | { problem: BundleProblem; findings: Finding[] };

/**
 * The bundle's manifest, where the server looks (plugin.yml, plugin.yaml, plugin.json in
 * the single top folder) and loaded by the server's rules. `findings` are the manifest's
 * own errors (manifest/* rules, located in the bundle's manifest file).
 */
export async function loadBundleManifest(bundle: Bundle, what: string): Promise<BundleManifestResult> {
  const manifest = bundle.manifest;
  if (!manifest) {
    const where = bundle.root
      ? `in its folder ${bundle.root}/`
      : 'at its top level (which does not hold exactly one folder)';
    return {
      problem: problem(
        'manifest-missing',
        'bundle',
        `${what} has no plugin.yml, plugin.yaml or plugin.json ${where}, so the server cannot install it`,
        "build it with the plugin's release tooling (the starter template's make dist)",
      ),
      findings: [],
    };
  }
  const parsed = await parseManifestText(manifest.file, manifest.text);
  const findings = parsed.findings.filter((f) => f.severity === 'error');
  if (!parsed.loaded || !parsed.loaded.loadable) {
    const first = findings[0];
    return {
      problem: problem(
        'manifest-unreadable',
        'manifest',
        `${manifest.file} in ${what} cannot be loaded by the server${first ? ` (${first.message.replace(/\.$/, '')}${first.line ? `, line ${first.line}` : ''})` : ''}`,
        'fix the manifest and rebuild the bundle',
      ),
      findings,
    };
  }
  return { loaded: parsed.loaded, findings };
}

export interface SignatureResult {
  /** The binary signature packet (an armored `.asc` de-armored), when the bytes are an OpenPGP signature. */
  binary?: Buffer;
  verdict?: SignatureVerdict;
  problem?: BundleProblem;
}

/**
 * Reads a detached signature and verifies `data` against the public keys. Bytes that are no
 * OpenPGP signature are `signature-unreadable` whether or not a key was given; without a
 * key the result is `signature-unverified` (a warning; add-release applies its own policy).
 * `what` names the bundle, `signatureName` the signature (a URL, or the entry's field).
 */
export async function inspectSignature(
  data: Buffer,
  signature: Buffer,
  publicKeys: readonly string[],
  what: string,
  signatureName: string,
): Promise<SignatureResult> {
  const openpgp = await import('openpgp');
  const armored = signature.subarray(0, 256).toString('latin1').trimStart().startsWith('-----BEGIN PGP');
  let binary: Buffer;
  try {
    const parsed = armored
      ? await openpgp.readSignature({ armoredSignature: signature.toString('utf8') })
      : await openpgp.readSignature({ binarySignature: new Uint8Array(signature) });
    binary = armored ? Buffer.from(parsed.write() as Uint8Array) : signature;
  } catch (error) {
    return {
      problem: problem(
        'signature-unreadable',
        'signature',
        `${signatureName} is not an OpenPGP signature (${String((error as Error)?.message ?? error).split('\n')[0]})`,
        'use the detached signature that gpg --detach-sign writes for the bundle',
      ),
    };
  }
  if (publicKeys.length === 0)
    return {
      binary,
      verdict: await verifySignature(data, binary, []),
      problem: problem(
        'signature-unverified',
        'signature',
        `${signatureName} was not verified because no public key was given`,
        "pass the Marketplace's signing key (the public-key input, --public-key)",
        'warning',
      ),
    };
  const verdict = await verifySignature(data, binary, [...publicKeys]);
  if (verdict.verified) return { binary, verdict };
  return {
    binary,
    verdict,
    problem: problem(
      'signature-invalid',
      'signature',
      `${signatureName} does not verify for ${what}${verdict.keyId ? ` (key ${verdict.keyId})` : ''}: ${verdict.reason ?? 'unknown reason'}`,
      'servers that require signatures refuse the bundle; do not publish it, re-sign it with the Marketplace release key (or pass the right public key)',
    ),
  };
}

/**
 * The file icon_path names in the bundle, as it must be to become icon_data: present, an
 * SVG, at most MAX_ICON_BYTES, and a plain drawing (no script, handler or javascript: link).
 */
export function inspectIcon(bundle: Bundle, iconPath: string): { data: Buffer } | { problem: BundleProblem } {
  const inRoot = iconPath
    .split('/')
    .filter((s) => s !== '' && s !== '.')
    .join('/');
  const file = bundle.root ? `${bundle.root}/${inRoot}` : inRoot;
  const data = bundle.files.get(file);
  const size = bundle.sizes.get(file);
  const icon = `icon_path "${iconPath}"`;
  if (!data && size !== undefined)
    return {
      problem: problem(
        'icon-too-large',
        'icon',
        `${icon} is ${formatBytes(size)}, too large to embed as the entry's icon_data`,
        'use an SVG of a few KB',
      ),
    };
  if (!data)
    return {
      problem: problem(
        'icon-missing',
        'icon',
        `${icon} is not in the bundle (looked for ${file})`,
        'include the icon in the bundle or fix icon_path',
      ),
    };
  if (!isSvg(data))
    return {
      problem: problem(
        'icon-not-svg',
        'icon',
        `${icon} is ${describeImage(data)}, and the Marketplace shows only SVG icons`,
        'convert it to SVG',
      ),
    };
  if (data.length > MAX_ICON_BYTES)
    return {
      problem: problem(
        'icon-too-large',
        'icon',
        `${icon} is ${Math.ceil(data.length / 1024)} KiB, over the ${MAX_ICON_BYTES / 1024} KiB limit for icon_data, which every server downloads with plugins.json`,
        'simplify or optimise the SVG (svgo)',
      ),
    };
  const active = svgActiveContent(data.toString('utf8'));
  if (active)
    return {
      problem: problem(
        'icon-active-content',
        'icon',
        `${icon} holds ${active}, and an icon must be a plain drawing`,
        'remove scripts, event handlers, embedded HTML and javascript: links from the SVG',
      ),
    };
  return { data };
}

const GENERATOR_ICON = 'cmd/generator add reads icon_data from icon_path inside the bundle.';

/** The bundle-integrity rules both validate-database and add-release emit, declared once. */
export const BUNDLE_INSPECT_RULES: RuleDefinitions = {
  'bundle-integrity/not-found': {
    severity: 'error',
    description: 'The bundle URL answers 404.',
    rationale: 'Servers download the bundle from this URL to install the release.',
    fix: 'Publish the bundle to the store (or attach it to the GitHub release) under the expected name, or fix the URL.',
  },
  'bundle-integrity/download-failed': {
    severity: 'error',
    description:
      'The bundle or its signature could not be downloaded (an HTTP error other than 404, a time-out, the size limit, a broken connection).',
    fix: 'Retry when the server or the network failed; otherwise fix the URL.',
  },
  'bundle-integrity/bundle-unreadable': {
    severity: 'error',
    description:
      'The bundle is refused before anything in it is used: not a gzipped tarball, an unsafe entry (absolute path, "..", a link leaving the tree, a device), an archive tar readers read differently, or a size or entry limit.',
    rationale:
      "The server unpacks bundles with Go's archive/tar; an archive another reader sees differently can show one plugin to the review and install another.",
    fix: "Rebuild the bundle with the plugin's release tooling (the starter template's make dist).",
  },
  'bundle-integrity/manifest-missing': {
    severity: 'error',
    description:
      'The bundle has no plugin.yml, plugin.yaml or plugin.json where the server looks (its single top folder).',
    rationale: 'The server refuses a bundle without a manifest; cmd/generator add takes the manifest from the bundle.',
  },
  'bundle-integrity/manifest-unreadable': {
    severity: 'error',
    description: "The bundle's manifest cannot be loaded by the server (a syntax error, a field of the wrong type).",
  },
  'bundle-integrity/signature-missing': {
    severity: 'error',
    description:
      'The bundle has no signature: no .sig or .asc next to it (add-release), an empty signature in the entry (validate-database).',
    rationale: 'The Marketplace serves only signed bundles; servers that require signatures refuse the release.',
    fix: 'Sign the bundle and upload its .sig (the entry stores its base64).',
  },
  'bundle-integrity/signature-unreadable': {
    severity: 'error',
    description: 'The signature is not an OpenPGP signature (refused even without a key to verify with).',
    fix: 'Use the detached signature that gpg --detach-sign writes.',
  },
  'bundle-integrity/signature-unverified': {
    severity: 'warning',
    description:
      'No public key was given, so the signature was not verified (add-release reports this as database-entries/signature-unverified).',
    fix: "Pass the Marketplace's signing key (public-key input, --public-key).",
  },
  'bundle-integrity/signature-invalid': {
    severity: 'error',
    description:
      "A bundle's signature (the main bundle's or a platform bundle's) does not verify against the given public keys.",
    rationale:
      'Servers that require signatures refuse the bundle; a signature that does not verify may mean the bundle was altered.',
    fix: 'Do not publish the bundle; re-sign it with the Marketplace release key, or pass the right public key.',
  },
  'bundle-integrity/icon-missing': {
    severity: 'error',
    description: 'icon_path names a file that is not in the bundle.',
    rationale: GENERATOR_ICON,
  },
  'bundle-integrity/icon-not-svg': {
    severity: 'error',
    description: 'icon_path names a file that is not an SVG.',
    rationale: `The Marketplace shows only SVG icons (model.Plugin.IconData is "the base64 encoding of an svg image"). ${GENERATOR_ICON}`,
  },
  'bundle-integrity/icon-too-large': {
    severity: 'error',
    description: 'icon_path names a file too large to embed as icon_data.',
    rationale: 'icon_data is part of plugins.json, which every server downloads.',
  },
  'bundle-integrity/icon-active-content': {
    severity: 'error',
    description: 'The icon SVG holds active content: a script, an event handler, embedded HTML or a javascript: link.',
    rationale:
      "icon_data is shown by every server's Marketplace page; an SVG with scripts or handlers is active content, not a drawing.",
    fix: 'Remove scripts, on… attributes, foreignObject / iframe / embed / object elements and javascript: links from the SVG (svgo does this).',
  },
};
