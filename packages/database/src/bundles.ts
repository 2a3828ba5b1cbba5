import type { Check, Finding } from '@mm-review/core';
import { skipped } from '@mm-review/core';
import type { LoadedManifest } from '@mm-review/plugin';
import { contextDiff, type BundleOptions, type DatabaseContext } from './context';
import {
  BUNDLE_DOWNLOAD,
  ICON_PREFIX,
  PLATFORM_KEYS,
  download,
  downloadProblem,
  inspectIcon,
  inspectSignature,
  loadBundleManifest,
  normalizeManifest,
  openBundle,
  problemMessage,
  type Bundle,
  type BundleProblem,
  type BundleSubject,
} from '@mm-review/marketplace';
import { isRecord, stringField, type RawEntry } from './model';
import { locateProblem, type EntryProblem } from './problem';
import { BUNDLE_RULES } from './rules';

const RULE = 'bundle-integrity';

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

/** The entry field a shared bundle problem is located at. */
function problemPath(ref: BundleRef, subject: BundleSubject): (string | number)[] {
  if (subject === 'signature') return ref.main ? ['signature'] : [...ref.path.slice(0, -1), 'signature'];
  if (subject === 'icon') return ['icon_data'];
  return ref.path;
}

function located(ref: BundleRef, shared: BundleProblem): EntryProblem {
  return {
    rule: shared.rule,
    severity: shared.severity,
    message: problemMessage(shared),
    path: problemPath(ref, shared.subject),
  };
}

async function verifyBundle(entry: RawEntry, ref: BundleRef, options: BundleOptions): Promise<EntryProblem[]> {
  const what = `the ${ref.field} bundle`;
  let data: Buffer;
  try {
    data = await download(ref.url, {
      ...BUNDLE_DOWNLOAD,
      ...(options.maxBundleBytes === undefined ? {} : { maxBytes: options.maxBundleBytes }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.retries === undefined ? {} : { retries: options.retries }),
      ...(options.backoffMs === undefined ? {} : { backoffMs: options.backoffMs }),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  } catch (error) {
    return [located(ref, downloadProblem(error, what))];
  }
  const problems: EntryProblem[] = [];
  if (ref.signature === '') {
    problems.push({
      rule: `${RULE}/signature-missing`,
      severity: 'error',
      message: `The ${ref.field} bundle has no signature in the entry, so it cannot be verified: add the base64 of its .sig file.`,
      path: problemPath(ref, 'signature'),
    });
  } else {
    const signature = await inspectSignature(
      data,
      Buffer.from(ref.signature, 'base64'),
      options.publicKeys,
      what,
      `the ${ref.field} signature`,
    );
    if (signature.problem) problems.push(located(ref, signature.problem));
  }
  const opened = await openBundle(data, what);
  if ('problem' in opened) return [...problems, located(ref, opened.problem)];
  const manifest = await loadBundleManifest(opened.bundle, what);
  if ('problem' in manifest) return [...problems, located(ref, manifest.problem)];
  problems.push(...manifestProblems(entry, ref, manifest.loaded));
  if (ref.main) problems.push(...iconProblems(entry, ref, opened.bundle));
  return problems;
}

function manifestProblems(entry: RawEntry, ref: BundleRef, loaded: LoadedManifest): EntryProblem[] {
  const expected = normalizeManifest(loaded.manifest);
  const actual = isRecord(entry.manifest) ? entry.manifest : {};
  const differing = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].filter(
    (key) => canonical(expected[key]) !== canonical(actual[key]),
  );
  if (differing.length === 0) return [];
  const first = differing[0] as string;
  return [
    {
      rule: `${RULE}/manifest-mismatch`,
      severity: 'error',
      message: `The entry's manifest differs from the ${ref.field} bundle's ${loaded.file} in ${differing.map((k) => `"${k}"`).join(', ')} (bundle: ${short(expected[first])}, entry: ${short(actual[first])}): regenerate the entry from this bundle instead of editing it.`,
      path: ['manifest', first],
      which: 'key',
    },
  ];
}

/**
 * The entry's icon_data against the bundle's icon: the icon must be one the generator
 * copies (the shared icon rules), and icon_data its base64.
 */
function iconProblems(entry: RawEntry, ref: BundleRef, bundle: Bundle): EntryProblem[] {
  const icon = stringField(entry, 'icon_data') ?? '';
  const iconPath = stringField(isRecord(entry.manifest) ? entry.manifest : undefined, 'icon_path');
  if (icon === '' || !iconPath) return [];
  const inspected = inspectIcon(bundle, iconPath);
  if ('problem' in inspected) {
    const shared = inspected.problem;
    return [
      located(
        ref,
        shared.rule === `${RULE}/icon-missing`
          ? { ...shared, fix: `${shared.fix}, and regenerate the entry (it has icon_data)` }
          : shared,
      ),
    ];
  }
  if (`${ICON_PREFIX}${inspected.data.toString('base64')}` === icon) return [];
  return [
    {
      rule: `${RULE}/icon-mismatch`,
      severity: 'error',
      message: `icon_data is not the bundle's ${iconPath}: regenerate the entry from this bundle so the Marketplace shows the plugin's own icon.`,
      path: ['icon_data'],
    },
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
