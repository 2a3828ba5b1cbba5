import type { RuleDefinitions } from '@mm-review/core';

/** Every rule the `license` check (product-1) can emit. */
export const LICENSE_RULES: RuleDefinitions = {
  'license/missing': {
    severity: 'error',
    description: 'The repository has no license file at its root (LICENSE, LICENSE.md, LICENSE.txt, COPYING).',
    rationale: 'The Marketplace lists only open-source plugins; GitHub and reviewers look for the license at the root.',
    fix: 'Add the full, unmodified text of an OSI-approved license (Apache-2.0, as Mattermost’s own plugins use, or MIT) as LICENSE.',
  },
  'license/unreadable': {
    severity: 'error',
    description:
      'A license file could not be read as text (too large, binary, or unreadable); error for the main license, warning for others.',
    fix: 'Replace it with the plain-text license (a few KiB).',
  },
  'license/link-dangling': {
    severity: 'warning',
    description:
      'A license file is a symbolic link to a file that does not exist in the repository, so the terms it names cannot be read.',
    fix: 'Commit the target file, or remove the link.',
  },
  'license/link-outside': {
    severity: 'warning',
    description: 'A license file is a symbolic link out of the repository; it is not followed.',
    fix: 'Commit the license text itself.',
  },
  'license/unrecognized': {
    severity: 'error',
    description: 'The main license file matches no SPDX license text closely enough (the threshold GitHub uses).',
    fix: 'Use the unmodified text of an OSI-approved license such as Apache-2.0 or MIT.',
  },
  'license/not-open-source': {
    severity: 'error',
    description: 'The main license is not OSI-approved (source-available, proprietary or non-OSI terms).',
    rationale:
      'The Marketplace requires an OSI-approved open-source license for the plugin’s code (checklist product-1).',
    fix: 'License the plugin under an OSI-approved license such as Apache-2.0 or MIT.',
  },
  'license/combined-file': {
    severity: 'warning',
    description:
      'A license file combines a known license with text that matches no license, so a person must read which terms apply where.',
    fix: 'Keep one license per file and say in the README which paths each covers.',
  },
  'license/mixed-terms': {
    severity: 'warning',
    description:
      'Another license file has different terms than the main one (a notice when both are open source and the other sits in a subfolder).',
    fix: 'Say in the README which paths each license covers, and keep restricted code out of the Marketplace plugin.',
  },
};

/** Every rule the `public-repository` check (product-2) can emit. */
export const PUBLIC_REPOSITORY_RULES: RuleDefinitions = {
  'public-repository/private': {
    severity: 'error',
    description: 'The repository is private or internal, according to the event payload or the GitHub API.',
    rationale: 'The Marketplace lists only plugins whose source is public (checklist product-2).',
    fix: 'Make the repository public in Settings → General → Danger Zone → Change visibility.',
  },
  'public-repository/not-found': {
    severity: 'error',
    description: 'The GitHub API does not show the repository with the given token: it is private or does not exist.',
    fix: 'Make the repository public, or correct the repository name.',
  },
  'public-repository/issues-disabled': {
    severity: 'error',
    description: 'support_url points to the repository’s issues, but issues are disabled on it.',
    fix: 'Enable Issues in Settings → General → Features, or point support_url at the tracker you use.',
  },
  'public-repository/unknown': {
    severity: 'notice',
    description:
      'Whether the repository is public cannot be told (offline, no token, or no repository known); the check is skipped with the reason.',
    fix: 'Run in a workflow (the default github-token is enough) or pass a token.',
  },
  'public-repository/api-error': {
    severity: 'notice',
    description: 'The GitHub API request for the repository failed; the check is skipped with the error.',
  },
};

/** Every rule the `security-contact` check (security-2) can emit. */
export const SECURITY_CONTACT_RULES: RuleDefinitions = {
  'security-contact/missing': {
    severity: 'error',
    description:
      'No security policy (in the repository or, read through the API, the owner’s default in <owner>/.github) and no security section in the docs.',
    rationale: 'Reviewers need a private channel for vulnerability reports (checklist security-2).',
    fix: 'Add a SECURITY.md that gives an email address, a Mattermost Community username, or a vulnerability-report page.',
    example: 'Report vulnerabilities privately to security@example.com; do not open a public issue.',
  },
  'security-contact/no-contact': {
    severity: 'error',
    description:
      'The security policy GitHub shows for the repository (its own, or the owner’s default) or its security section gives no email address, Community username or vulnerability-report page.',
    fix: 'Say where to report vulnerabilities privately: an email address, your @username on community.mattermost.com, or a vulnerability-report page.',
  },
  'security-contact/private-reporting-disabled': {
    severity: 'error',
    description: 'The docs send reporters to GitHub private vulnerability reporting, which the API says is disabled.',
    fix: 'Enable it in Settings → Code security, or give an email address or Mattermost Community username.',
  },
  'security-contact/private-reporting-unverified': {
    severity: 'notice',
    description:
      'The docs send reporters to GitHub private vulnerability reporting, which could not be verified (offline, no token, or no permission); a person must confirm it.',
  },
  'security-contact/unknown': {
    severity: 'notice',
    description:
      'The repository has no policy of its own and the owner’s default SECURITY.md (which GitHub shows instead) could not be read (offline, no token, unknown repository); the check is skipped with the reason.',
    fix: 'Run with a GitHub token, or add a SECURITY.md to the repository.',
  },
};
