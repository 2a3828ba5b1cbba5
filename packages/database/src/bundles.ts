import type { Check, Finding } from '@mm-review/core';
import { skipped } from '@mm-review/core';
import { parseManifestText } from '@mm-review/plugin';
import { contextDiff, type BundleOptions, type DatabaseContext } from './context';
import {
  ICON_PREFIX,
  PLATFORM_KEYS,
  download,
  normalizeManifest,
  readBundle,
  verifySignature,
  type Bundle,
} from '@mm-review/marketplace';
import { isRecord, stringField, type RawEntry } from './model';
import { locateProblem, type EntryProblem } from './problem';
import { BUNDLE_RULES } from './rules';

const RULE = 'bundle-integrity';
/** The largest real bundles (calls, with every platform's binary) are well under this. */
const DEFAULT_MAX_BUNDLE_BYTES = 256 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 120_000;

interface BundleRef {
  field: string;
  path: (string | number)[];
  url: string;
  signature: string;
  /** Only the main bundle's icon is what icon_data was taken from. */
  main: boolean;
}

/** `bundle-integrity` (opt-in, network): each added entry's bundles download, match the entry and verify. */
export const bundleIntegrityCheck: Check<DatabaseContext> = {
  id: 'bundle-integrity',
  requirement: null,
  title: 'Release bundles',
  rules: BUNDLE_RULES,
  async run(context) {
    if (!context.options.bundles)
      return skipped(
        'Bundles are not downloaded unless asked (the bundles input, or --bundles): their manifest, icon and signatures are not verified.',
        `${RULE}/not-requested`,
      );
    if (!context.base)
      return skipped(
        'Without a base it is not known which entries are new, so no bundle is downloaded.',
        `${RULE}/no-base`,
      );
    const diff = await contextDiff(context);
    if (!diff || diff.added.length === 0)
      return { findings: [], summary: 'No entry is added, so there is no bundle to verify.' };
    const findings: Finding[] = [];
    let bundles = 0;
    for (const { index } of diff.added) {
      const entry = (context.head.entries ?? [])[index];
      if (!isRecord(entry)) continue;
      for (const ref of bundleRefs(entry)) {
        bundles++;
        const problems = await verifyBundle(entry, ref, context.options.bundle);
        for (const problem of problems) findings.push(locateProblem(context.head, index, problem, true));
      }
    }
    const failed = findings.filter((f) => f.severity === 'error').length;
    return {
      findings,
      summary: `${bundles} bundle${bundles === 1 ? '' : 's'} of ${diff.added.length} added entr${diff.added.length === 1 ? 'y' : 'ies'} checked${failed ? `; ${failed} problem${failed === 1 ? '' : 's'}` : ''}.`,
    };
  },
};

function bundleRefs(entry: RawEntry): BundleRef[] {
  const refs: BundleRef[] = [];
  const url = stringField(entry, 'download_url');
  if (url)
    refs.push({
      field: 'download_url',
      path: ['download_url'],
      url,
      signature: stringField(entry, 'signature') ?? '',
      main: true,
    });
  const platforms = isRecord(entry.platforms) ? entry.platforms : {};
  for (const key of PLATFORM_KEYS) {
    const platformUrl = stringField(platforms[key], 'download_url');
    if (platformUrl)
      refs.push({
        field: `platforms.${key}`,
        path: ['platforms', key, 'download_url'],
        url: platformUrl,
        signature: stringField(platforms[key], 'signature') ?? '',
        main: false,
      });
  }
  return refs;
}

function problem(
  rule: string,
  message: string,
  path: (string | number)[],
  severity: EntryProblem['severity'] = 'error',
): EntryProblem {
  return { rule: `${RULE}/${rule}`, severity, message, path };
}

async function verifyBundle(entry: RawEntry, ref: BundleRef, options: BundleOptions): Promise<EntryProblem[]> {
  let data: Buffer;
  try {
    data = await download(ref.url, {
      maxBytes: options.maxBundleBytes ?? DEFAULT_MAX_BUNDLE_BYTES,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      retries: options.retries ?? 2,
      ...(options.backoffMs === undefined ? {} : { backoffMs: options.backoffMs }),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  } catch (error) {
    return [
      problem(
        'download-failed',
        `The ${ref.field} bundle could not be downloaded: ${(error as Error).message}. Servers cannot install this release: publish the bundle or fix the URL.`,
        ref.path,
      ),
    ];
  }
  const problems = await signatureProblems(data, ref, options.publicKeys);
  let bundle: Bundle;
  try {
    bundle = await readBundle(data);
  } catch (error) {
    return [
      ...problems,
      problem(
        'bundle-unreadable',
        `The ${ref.field} bundle is refused: ${(error as Error).message}. Rebuild it with the plugin's release tooling (make dist).`,
        ref.path,
      ),
    ];
  }
  if (!bundle.manifest)
    return [
      ...problems,
      problem(
        'manifest-missing',
        `The ${ref.field} bundle has no plugin.json (or plugin.yaml) at its top folder, so the server cannot install it: rebuild the bundle.`,
        ref.path,
      ),
    ];
  problems.push(...(await manifestProblems(entry, ref, bundle.manifest)));
  if (ref.main) problems.push(...iconProblems(entry, bundle));
  return problems;
}

async function signatureProblems(data: Buffer, ref: BundleRef, publicKeys: string[]): Promise<EntryProblem[]> {
  const signaturePath = ref.main ? ['signature'] : [...ref.path.slice(0, -1), 'signature'];
  if (ref.signature === '')
    return [
      problem(
        'signature-missing',
        `The ${ref.field} bundle has no signature in the entry, so it cannot be verified: add the base64 of its .sig file.`,
        signaturePath,
      ),
    ];
  if (publicKeys.length === 0) {
    return [
      problem(
        'signature-unverified',
        `The ${ref.field} signature was not verified because no public key was given: pass the Marketplace's signing key (public-key input, --public-key).`,
        signaturePath,
        'warning',
      ),
    ];
  }
  const verdict = await verifySignature(data, Buffer.from(ref.signature, 'base64'), publicKeys);
  if (verdict.verified) return [];
  return [
    problem(
      'signature-invalid',
      `The ${ref.field} signature does not verify${verdict.keyId ? ` (key ${verdict.keyId})` : ''}: ${verdict.reason ?? 'unknown reason'}. Servers that require signatures refuse it: sign the bundle with the Marketplace key and store that .sig.`,
      signaturePath,
    ),
  ];
}

async function manifestProblems(
  entry: RawEntry,
  ref: BundleRef,
  manifest: { file: string; text: string },
): Promise<EntryProblem[]> {
  const { loaded } = await parseManifestText(manifest.file, manifest.text);
  if (!loaded || !loaded.parsed)
    return [
      problem(
        'manifest-unreadable',
        `The ${ref.field} bundle's ${manifest.file} does not parse, so the server cannot install it: fix the manifest and rebuild.`,
        ref.path,
      ),
    ];
  const expected = normalizeManifest(loaded.manifest);
  const actual = isRecord(entry.manifest) ? entry.manifest : {};
  const differing = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].filter(
    (key) => canonical(expected[key]) !== canonical(actual[key]),
  );
  if (differing.length === 0) return [];
  const first = differing[0] as string;
  return [
    problem(
      'manifest-mismatch',
      `The entry's manifest differs from the ${ref.field} bundle's ${manifest.file} in ${differing.map((k) => `"${k}"`).join(', ')} (bundle: ${short(expected[first])}, entry: ${short(actual[first])}): regenerate the entry from this bundle instead of editing it.`,
      ['manifest', first],
      'error',
    ),
  ].map((p) => ({ ...p, which: 'key' as const }));
}

function iconProblems(
  entry: RawEntry,
  bundle: { files: Map<string, Buffer>; root?: string; manifest?: { text: string } },
): EntryProblem[] {
  const icon = stringField(entry, 'icon_data') ?? '';
  const iconPath = stringField(isRecord(entry.manifest) ? entry.manifest : undefined, 'icon_path');
  if (icon === '' || !iconPath) return [];
  const relative = iconPath.replace(/^\.?\//, '');
  const file = bundle.files.get(bundle.root ? `${bundle.root}/${relative}` : relative);
  if (!file)
    return [
      problem(
        'icon-missing',
        `manifest.icon_path "${iconPath}" is not in the bundle, yet the entry has icon_data: rebuild the bundle with its icon, or regenerate the entry.`,
        ['icon_data'],
      ),
    ];
  if (`${ICON_PREFIX}${file.toString('base64')}` === icon) return [];
  return [
    problem(
      'icon-mismatch',
      `icon_data is not the bundle's ${iconPath}: regenerate the entry from this bundle so the Marketplace shows the plugin's own icon.`,
      ['icon_data'],
    ),
  ];
}

/** JSON with object keys sorted, so Go-map order and JSON object order compare equal. */
function canonical(value: unknown, depth = 0): string {
  if (depth > 64) return '"(too deep)"';
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v, depth + 1)).join(',')}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k], depth + 1)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function short(value: unknown): string {
  const text = value === undefined ? 'absent' : (JSON.stringify(value) ?? 'absent');
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
