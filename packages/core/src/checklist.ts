/**
 * The Marketplace's "Add plugin" and "Update plugin" checklists, item by item, in the
 * templates' order and (shortened) wording. Requirement ids index this table.
 */
export interface ChecklistItem {
  requirement: string;
  section: ChecklistSection;
  text: string;
}

export type ChecklistSection =
  'Product' | 'Technical' | 'Security' | 'Functional' | 'Documentation' | 'Update' | 'Other';

export const CHECKLIST_SECTIONS: readonly ChecklistSection[] = [
  'Product',
  'Technical',
  'Security',
  'Functional',
  'Documentation',
  'Update',
  'Other',
];

export const CHECKLIST: readonly ChecklistItem[] = [
  { requirement: 'product-1', section: 'Product', text: 'The plugin is published under an Open Source license.' },
  { requirement: 'product-2', section: 'Product', text: 'The source code is available in a public Git repository.' },
  {
    requirement: 'product-3',
    section: 'Product',
    text: 'There is a public issue tracker, linked in the documentation and via `support_url`.',
  },
  {
    requirement: 'product-4',
    section: 'Product',
    text: 'A changelog is published for this release and linked via `release_notes_url`.',
  },
  {
    requirement: 'product-5',
    section: 'Product',
    text: 'The plugin is out of Beta and released with at least v1.0.0.',
  },
  {
    requirement: 'product-6',
    section: 'Product',
    text: 'All configuration is accessible via the Mattermost interface.',
  },
  {
    requirement: 'product-7',
    section: 'Product',
    text: 'The plugin id does not collide with an existing Marketplace id and follows the naming convention.',
  },
  {
    requirement: 'technical-1',
    section: 'Technical',
    text: 'The plugin works for 60k concurrent connections and in a High Availability deployment.',
  },
  {
    requirement: 'technical-2',
    section: 'Technical',
    text: 'The plugin logs important events on appropriate log levels.',
  },
  {
    requirement: 'security-1',
    section: 'Security',
    text: 'Security reviews do not reveal any exploitable vulnerabilities.',
  },
  {
    requirement: 'security-2',
    section: 'Security',
    text: 'An email address or Community username is given for vulnerability reports.',
  },
  {
    requirement: 'functional-1',
    section: 'Functional',
    text: 'The plugin sets a `min_server_version` in the manifest.',
  },
  {
    requirement: 'functional-2',
    section: 'Functional',
    text: 'The plugin works on all Mattermost versions ≥ `min_server_version`.',
  },
  {
    requirement: 'documentation-1',
    section: 'Documentation',
    text: 'Usage documentation with a screenshot, a feature list and a development guide, linked as `homepage_url`.',
  },
  {
    requirement: 'documentation-2',
    section: 'Documentation',
    text: '`plugin.json` formatting is consistent with the System Console.',
  },
  { requirement: 'update-1', section: 'Update', text: 'All requirements are still met.' },
  {
    requirement: 'update-2',
    section: 'Update',
    text: 'The release follows Semantic Versioning (breaking changes and manual migrations need a major bump).',
  },
  { requirement: 'update-3', section: 'Update', text: 'A changelog is published and linked via `release_notes_url`.' },
  { requirement: 'update-id', section: 'Update', text: 'The plugin id is unchanged since the last release.' },
];

export function checklistItem(requirement: string | null): ChecklistItem | undefined {
  return requirement === null ? undefined : CHECKLIST.find((item) => item.requirement === requirement);
}

export function sectionOf(requirement: string | null): ChecklistSection {
  return checklistItem(requirement)?.section ?? 'Other';
}
