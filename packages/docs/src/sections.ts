import type { DocFile, DocHeading } from './model';

/**
 * Heading text reduced to what a vocabulary match needs: lower case, without emoji,
 * numbering ("1.", "Step 2:", "IV)") or punctuation, so "🚀 2. Key Features:" → "key features".
 */
export function normalizeHeading(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\p{Extended_Pictographic}\u{FE0F}\u{200D}]/gu, ' ')
    .replace(/^\s*(step\s+)?(\d+|[ivx]+)(\.\d+)*\s*[.):-]\s*/u, '')
    .replace(/^\s*step\s+\d+\s*/u, '')
    .replace(/[^\p{L}\p{N}&+'\s-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Headings of the first kind a reader meets before the real title: not the plugin's overview. */
export const NOTICE_HEADING = /^(disclaimer|note|notice|warning|important|deprecat\w*|announcement|attention|caution)\b/;
/** Sections that introduce the plugin, where a feature list often lives. */
export const OVERVIEW_HEADING = /^(overview|about|introduction|intro|description|purpose|summary|what is\b.*|what's this)$/;

export const FEATURES_HEADING = /\bfeatures?\b(?!\s+requests?)|\bcapabilit(y|ies)\b|\bhighlights\b|\bfunctionality\b|\bwhat (it|this plugin|the plugin) (does|can do)\b|\bwhat you can do\b|^about\b|^overview$/;

export const DEVELOPMENT_HEADING = /\b(develop|development|developing|developer|developers|build|builds|building|compile|compiling|compilation|contribute|contributing|contribution|hacking)\b|\blocal (setup|development|environment)\b|\bgetting started locally\b|\bfrom source\b|\brunning (the )?tests\b/;

export interface RecommendedSection {
  id: 'requirements' | 'installation' | 'configuration' | 'usage' | 'troubleshooting' | 'help';
  label: string;
  pattern: RegExp;
  advice: string;
}

/** The sections the Marketplace's documentation reviewers look for, with the names seen in real READMEs. */
export const RECOMMENDED_SECTIONS: readonly RecommendedSection[] = [
  { id: 'requirements', label: 'Requirements', pattern: /\b(requirements?|prerequisites?|compatibility|compatible|supported versions|dependencies)\b/, advice: 'the Mattermost server version and any external service the plugin needs' },
  { id: 'installation', label: 'Installation', pattern: /\b(install|installation|installing|setup|set up|set-up|quick ?start|getting started)\b/, advice: 'how to download the release and upload it in System Console > Plugins' },
  { id: 'configuration', label: 'Configuration', pattern: /\b(config|configuration|configuring|configure|settings|options|setup|set up)\b/, advice: 'what each System Console setting does' },
  { id: 'usage', label: 'Usage', pattern: /\b(usage|use|using|how to use|commands?|slash commands?|user guide|examples?|quick ?start|tutorial|walkthrough)\b/, advice: 'how users work with the plugin: slash commands, buttons, examples' },
  { id: 'troubleshooting', label: 'Troubleshooting', pattern: /\b(troubleshoot|troubleshooting|faq|frequently asked questions|known (issues|limitations|problems)|limitations|caveats|q ?& ?a|common (issues|problems|errors))\b/, advice: 'known limitations and fixes for common problems, or a FAQ' },
  { id: 'help', label: 'Help and support', pattern: /^(?!.*\bhelp wanted\b)(?!.*\bfrequently asked\b).*\b(help|support|feedback|contact|questions|get involved|community|report(ing)? (a )?(bug|issue)s?)\b/, advice: 'where users ask questions and report bugs (link the issue tracker)' },
];

/** Index one past the last heading of a heading's section (the next heading of the same or a higher level). */
export function sectionEnd(file: DocFile, heading: DocHeading): number {
  for (let i = heading.index + 1; i < file.headings.length; i++) {
    if ((file.headings[i] as DocHeading).level <= heading.level) return i;
  }
  return file.headings.length;
}

/**
 * Whether an element sits in the plugin's overview: before any heading, under a
 * title-level heading that is not a notice (`# Disclaimer`), or under a heading
 * such as "Overview" or "About".
 */
export function inOverview(file: DocFile, elementHeading: number): boolean {
  if (elementHeading === -1) return true;
  const heading = file.headings[elementHeading];
  if (!heading) return false;
  const text = normalizeHeading(heading.text);
  if (OVERVIEW_HEADING.test(text)) return true;
  return heading.level === 1 && !NOTICE_HEADING.test(text);
}

/** The title heading: the first H1 that is not a notice and not empty (a badge-only heading). */
export function titleHeading(file: DocFile): DocHeading | undefined {
  return file.headings.find((h) => h.level === 1 && h.text !== '' && !NOTICE_HEADING.test(normalizeHeading(h.text))) ?? file.headings.find((h) => h.text !== '');
}
