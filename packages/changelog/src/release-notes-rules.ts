import type { RuleDefinitions } from '@mm-review/core';

const GITHUB_RELEASE = 'https://github.com/OWNER/REPO/releases/tag/v1.2.0';

/** Every rule the release-notes check emits (release_notes_url, the changelog, the GitHub release, update mode). */
export const releaseNotesRules: RuleDefinitions = {
  'release-notes/no-manifest': {
    severity: 'notice',
    description: 'No readable plugin manifest, so release_notes_url cannot be checked (the check is skipped).',
  },
  'release-notes/version-unknown': {
    severity: 'notice',
    description: "The version under review is unknown, so nothing can tell whether the notes are this release's.",
    fix: 'Pass the release tag (input tag, CLI --tag) or run on the tagged commit.',
  },
  'release-notes/url-missing': {
    severity: 'error',
    description: 'plugin.json has no release_notes_url and the build writes none.',
    rationale: 'The Marketplace links each version to its release notes; without the URL users see no notes.',
    fix: 'Add "release_notes_url" with the link to this version\'s GitHub release.',
    example: `"release_notes_url": "${GITHUB_RELEASE}"`,
  },
  'release-notes/url-empty': {
    severity: 'error',
    description: 'release_notes_url is present but empty.',
    fix: `Write the link to this version's release, e.g. ${GITHUB_RELEASE}.`,
  },
  'release-notes/url-invalid': {
    severity: 'error',
    description: 'release_notes_url is not an http(s) URL the server accepts (IsValid() rejects the manifest).',
    fix: 'Write a lowercase http(s) URL with a host and no template placeholder.',
  },
  'release-notes/url-injected': {
    severity: 'notice',
    description:
      'release_notes_url is left to the build and the tag (or the build tool) needed to know the URL it writes is not available.',
    fix: 'Pass the release tag (input tag, CLI --tag) or run on the tagged commit.',
  },
  'release-notes/url-injected-not-release': {
    severity: 'error',
    description:
      'The build writes release_notes_url from a homepage_url that is not a GitHub repository, so the URL it writes is no release page.',
    rationale:
      'build/manifest/main.go appends releases/tag/<tag> to homepage_url; on a permalink such as https://mattermost.com/pl/... that leads nowhere.',
    fix: "Set release_notes_url in plugin.json to this version's notes (a build that only fills an empty value then keeps it).",
  },
  'release-notes/url-overwritten-by-build': {
    severity: 'notice',
    description:
      "The build replaces plugin.json's release_notes_url with one built from homepage_url, so the URL it writes is the one checked.",
  },
  'release-notes/url-missing-slash': {
    severity: 'error',
    description: 'The URL glues the repository name to "releases" (a "/" is missing), so it is a 404.',
    rationale:
      'The older starter template builds homepage_url + "releases/tag/" + tag, which needs a homepage_url ending in "/".',
    fix: 'Use url.JoinPath(manifest.HomepageURL, "releases", "tag", BuildTagLatest) in build/manifest/main.go, end homepage_url with "/", or set release_notes_url.',
    example: 'https://github.com/OWNER/REPOreleases/tag/v1.2.0',
  },
  'release-notes/url-repository-mismatch': {
    severity: 'warning',
    description: 'release_notes_url names another repository than homepage_url / support_url.',
    fix: "Link the releases of the plugin's own repository.",
  },
  'release-notes/url-not-release': {
    severity: 'error',
    description:
      'release_notes_url points at a GitHub page that is not a release (an account, a tree, extra path parts).',
    fix: `Link ${GITHUB_RELEASE}.`,
  },
  'release-notes/url-repository-root': {
    severity: 'error',
    description: "release_notes_url points at the repository's front page.",
    fix: `Link ${GITHUB_RELEASE}.`,
  },
  'release-notes/url-releases-list': {
    severity: 'error',
    description: 'release_notes_url points at the list of all releases, which shows whatever is newest.',
    fix: "Link this version's release.",
  },
  'release-notes/url-releases-latest': {
    severity: 'error',
    description: 'release_notes_url points at releases/latest, which moves on with every release.',
    fix: "Link this version's release.",
  },
  'release-notes/url-no-tag': {
    severity: 'error',
    description: 'release_notes_url lacks "/tag/" before the tag name, so GitHub answers 404.',
    example: 'https://github.com/OWNER/REPO/releases/1.2.0',
  },
  'release-notes/url-tag-empty': {
    severity: 'error',
    description: 'release_notes_url ends in "/tag/" or "/tag/v" without a version.',
    example: 'https://github.com/OWNER/REPO/releases/tag/v',
  },
  'release-notes/url-version-mismatch': {
    severity: 'error',
    description: 'release_notes_url names a tag that is not the version under review (one side is not semver).',
  },
  'release-notes/url-prerelease-tag': {
    severity: 'error',
    description: 'release_notes_url names a pre-release tag of the final version under review.',
    example: 'releases/tag/v1.2.0-rc1 for 1.2.0',
  },
  'release-notes/url-older-version': {
    severity: 'error',
    description: 'release_notes_url names an older release: it was not updated for this one.',
  },
  'release-notes/url-other-version': {
    severity: 'error',
    description: 'release_notes_url (or its changelog anchor) names another version than the one under review.',
  },
  'release-notes/url-tag-mismatch': {
    severity: 'warning',
    description:
      'release_notes_url spells the tag differently from the release tag (v1.2.0 against 1.2.0); GitHub tags are exact.',
  },
  'release-notes/url-tag-case': {
    severity: 'notice',
    description: 'release_notes_url names the tag with a capital V; GitHub tags are case-sensitive.',
  },
  'release-notes/url-not-version-specific': {
    severity: 'warning',
    description:
      'release_notes_url leads to a page that is not specific to this version (a whole changelog file, a page not naming the version).',
    fix: "Link the entry's anchor or the GitHub release of this version.",
  },
  'release-notes/url-anchor-missing': {
    severity: 'error',
    description: 'release_notes_url links a changelog anchor that no heading has.',
  },
  'release-notes/url-anchor-not-checked': {
    severity: 'notice',
    description:
      "release_notes_url links another file than this repository's changelog, so its anchor could not be verified.",
  },
  'release-notes/changelog-missing': {
    severity: 'notice',
    description: 'No changelog file: the GitHub release is taken as the notes of this version.',
  },
  'release-notes/changelog-unreadable': {
    severity: 'warning',
    description: 'The changelog file cannot be read (too large, not text, a broken link).',
  },
  'release-notes/changelog-pointer': {
    severity: 'notice',
    description:
      "The changelog only points to the GitHub releases: the release is this plugin's changelog and no entry is required.",
  },
  'release-notes/changelog-template-stub': {
    severity: 'notice',
    description:
      "The changelog is still the starter template's 0.0.1 placeholder: the GitHub release is the changelog and no entry is required.",
    fix: 'Keep an entry per release in it, or replace it with a line pointing to the GitHub releases.',
  },
  'release-notes/changelog-no-entries': {
    severity: 'warning',
    description: "The changelog has no version headings, so no release's notes can be found in it.",
    example: '## 1.2.0 - 2024-05-01',
  },
  'release-notes/changelog-entry-missing': {
    severity: 'error',
    description:
      'The changelog has no entry for the version under review (a warning in update mode when the change keeps the version).',
    fix: 'Add a "## X.Y.Z" section with this release\'s changes, or rename "Unreleased" to the version.',
  },
  'release-notes/changelog-entry-empty': {
    severity: 'error',
    description:
      'The changelog entry for a version is empty (an error for the version under review, a notice for older ones).',
  },
  'release-notes/changelog-version-not-semver': {
    severity: 'warning',
    description: 'A changelog heading names a version that is not semantic versioning.',
  },
  'release-notes/changelog-duplicate-version': {
    severity: 'warning',
    description: 'A version has two entries in the changelog.',
  },
  'release-notes/changelog-out-of-order': {
    severity: 'warning',
    description: "A changelog entry breaks the file's own order (newest first or oldest first).",
  },
  'release-notes/changelog-unreleased-misplaced': {
    severity: 'notice',
    description: 'The "Unreleased" section sits below released versions.',
  },
  'release-notes/changelog-compare-link-mismatch': {
    severity: 'warning',
    description: "A heading's comparison link ends at another version than the heading names.",
  },
  'release-notes/changelog-base': {
    severity: 'notice',
    description:
      'Update mode: whether the changelog gained an entry was not checked (no base, the base is not a commit, or it is not in the history).',
    fix: 'Pass base-ref (the previous release tag) and check out with fetch-depth: 0.',
  },
  'release-notes/changelog-no-new-entry': {
    severity: 'error',
    description:
      'Update mode: a release (the version changed since the base, or require-version-bump is set) whose changelog gained no entry since the base.',
    fix: 'Add an entry for the new version describing what changed.',
  },
  'release-notes/changelog-next-entry': {
    severity: 'notice',
    description:
      'Update mode: the change keeps the version, so it is no release; the next release will need a changelog entry.',
    rationale: 'A docs or Dependabot pull request is not a release and must not fail for a missing entry.',
  },
  'release-notes/release-not-checked': {
    severity: 'notice',
    description: 'The GitHub release was not checked (no token, no network or no known repository).',
  },
  'release-notes/release-lookup-failed': {
    severity: 'notice',
    description: 'The GitHub API answered with an error, so the release was not checked.',
  },
  'release-notes/release-not-published-yet': {
    severity: 'notice',
    description: 'On a pull request, the release of the version it prepares does not exist yet, as expected.',
  },
  'release-notes/release-missing': {
    severity: 'error',
    description:
      "No published GitHub release for this version's tag (a warning when the changelog has the notes and release_notes_url does not link the release).",
    fix: 'gh release create vX.Y.Z --notes-file NOTES.md',
  },
  'release-notes/release-draft': {
    severity: 'error',
    description: 'The GitHub release is still a draft, which only maintainers can see.',
  },
  'release-notes/release-body-empty': {
    severity: 'error',
    description: 'The GitHub release has no description (a warning when the changelog has the notes).',
  },
  'release-notes/release-prerelease': {
    severity: 'warning',
    description: 'The GitHub release of a final version is marked as a pre-release.',
  },
};
