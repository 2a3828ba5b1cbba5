import type { RuleDefinition, RuleDefinitions } from '@mm-review/core';

const REQUIREMENTS = {
  screenshot: { label: 'screenshot', add: 'Add a screenshot of the plugin at work (an image in the README, e.g. `![Slash command in a channel](assets/screenshot.png)`).' },
  features: { label: 'feature list', add: 'Add a "## Features" section with one bullet per thing the plugin does.' },
  development: { label: 'development guide', add: 'Add a "## Development" section saying how to build (`make dist`) and deploy the plugin, or link a DEVELOPMENT.md.' },
} as const;

/** The four rules each of screenshot / features / development can emit. */
function requirementRules(): Record<string, RuleDefinition> {
  const rules: Record<string, RuleDefinition> = {};
  for (const [id, { label, add }] of Object.entries(REQUIREMENTS)) {
    rules[`documentation/${id}-missing`] = {
      severity: 'error',
      description: `No ${label} in the README or the docs it links to.`,
      rationale: 'The Marketplace’s documentation review (documentation-1) asks for a screenshot, a feature list and a development guide.',
      fix: add,
    };
    rules[`documentation/${id}-unverified`] = {
      severity: 'notice',
      description: `No ${label} in the repository, and homepage_url points to documentation elsewhere that this review does not fetch: a person must check it there.`,
    };
    rules[`documentation/${id}-remote`] = {
      severity: 'notice',
      description: `The ${label} found is a remote image, counted as present without being downloaded.`,
    };
    rules[`documentation/${id}-unlinked`] = {
      severity: 'notice',
      description: `The ${label} was found only in a file no doc links to (DEVELOPMENT.md at the root).`,
      fix: 'Link it from the README so readers find it.',
    };
  }
  return rules;
}

/** Every rule the `documentation` check (documentation-1) can emit. */
export const DOCUMENTATION_RULES: RuleDefinitions = {
  'documentation/readme-missing': {
    severity: 'error',
    description: 'The repository has no README (a notice when homepage_url points to docs elsewhere).',
    fix: 'Add a README.md with a screenshot, a feature list, installation and usage instructions and a development guide.',
  },
  'documentation/readme-unreadable': { severity: 'error', description: 'The README could not be read as text (too large, binary, or a link out of the tree).' },
  'documentation/homepage-page-unreadable': { severity: 'error', description: 'The in-repository page homepage_url points to could not be read as text.' },
  'documentation/linked-doc-unreadable': { severity: 'notice', description: 'A Markdown file the README links to (or a DEVELOPMENT.md) could not be read as text, or was over the per-review budget for linked documents.' },
  'documentation/not-read': {
    severity: 'notice',
    description: 'A folder held more entries than a review reads (20,000 per folder, 200,000 per review); the rest was not listed.',
    rationale: 'The budget keeps a hostile tree from exhausting memory; links into the cut part are checked only against the entries read.',
  },
  'documentation/homepage-url-missing': {
    severity: 'error',
    description: 'The manifest has no homepage_url, which the Marketplace links as the plugin’s documentation.',
    fix: 'Set homepage_url to the repository URL (its README) or the docs page.',
    example: '"homepage_url": "https://github.com/example/mattermost-plugin-demo"',
  },
  'documentation/homepage-url-invalid': {
    severity: 'error',
    description: 'homepage_url is not an absolute http(s) URL (often a template placeholder never filled in).',
    fix: 'Set it to the repository URL or the docs page.',
  },
  'documentation/homepage-url-not-docs': {
    severity: 'warning',
    description: 'homepage_url points to a GitHub user or organisation page, or to a repository page that is not documentation (releases, issues).',
    fix: 'Point it at the repository (its README) or the docs page.',
  },
  'documentation/homepage-url-other-repo': { severity: 'notice', description: 'homepage_url names another GitHub repository (renamed or transferred?); the docs were checked in this one.' },
  'documentation/external-docs': { severity: 'notice', description: 'homepage_url points to documentation outside the repository, which a person must check.' },
  'documentation/homepage-page-missing': {
    severity: 'error',
    description: 'homepage_url points to a path of this repository that does not exist.',
    fix: 'Fix the path, or point homepage_url at the README.',
  },
  ...requirementRules(),
  'documentation/image-broken': {
    severity: 'error',
    description: 'A relative image in a reviewed doc does not exist (or differs in case, or leaves the repository): the reader sees a broken picture. A warning in unlinked docs.',
    fix: 'Fix the path (GitHub paths are case-sensitive) or add the file.',
  },
  'documentation/link-broken': { severity: 'warning', description: 'A relative link in the docs leads to no file of the repository.', fix: 'Fix the path or add the file.' },
  'documentation/anchor-broken': { severity: 'warning', description: 'A `#anchor` link matches no heading GitHub generates in the target file.', fix: 'Fix the link or the heading.' },
  'documentation/section-missing': {
    severity: 'notice',
    description: 'Recommended sections (requirements, installation, configuration, usage, troubleshooting, help) the docs lack, in one finding per document.',
  },
};

/** The rules the docs half of `issue-tracker` (product-3) can emit. */
export const ISSUE_TRACKER_DOCS_RULES: RuleDefinitions = {
  'issue-tracker/docs-link-missing': {
    severity: 'error',
    description: 'No doc a reviewer reads links to the issue tracker named by support_url.',
    fix: 'Add a line such as "Report bugs and request features at [GitHub issues](…/issues)" under a Help or Support section.',
  },
  'issue-tracker/docs-link-unverified': {
    severity: 'notice',
    description: 'The repository’s docs do not link to the tracker, and homepage_url points to docs elsewhere that a person must check.',
  },
};
