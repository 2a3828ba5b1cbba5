/**
 * Test vectors transcribed, as data, from the Mattermost server's model tests and from the
 * behaviour of the Go functions the model calls. No server code: only inputs and the
 * verdicts those tests assert, each with its source.
 */

export interface Vector<T = string> {
  input: T;
  valid: boolean;
  source: string;
}

const UTILS_TEST = 'mattermost/server/public/model/utils_test.go TestIsValidHTTPURL';
const GO_URL =
  'Go net/url ParseRequestURI (url.go parse, parseAuthority, parseHost, validOptionalPort, unescape) as model.IsValidHTTPURL calls it';

/** model.IsValidHTTPURL (HomepageURL, SupportURL, ReleaseNotesURL in Manifest.IsValid). */
export const HTTP_URL_VECTORS: Vector[] = [
  { input: '', valid: false, source: `${UTILS_TEST} "empty url"` },
  { input: 'bad url', valid: false, source: `${UTILS_TEST} "bad url"` },
  { input: '/api/test', valid: false, source: `${UTILS_TEST} "relative url"` },
  { input: '/some/url/', valid: false, source: `${UTILS_TEST} "relative url ending with slash"` },
  { input: 'http-bad://mattermost.com', valid: false, source: `${UTILS_TEST} "url with invalid scheme"` },
  { input: 'http://', valid: false, source: `${UTILS_TEST} "url with just http"` },
  { input: 'https://', valid: false, source: `${UTILS_TEST} "url with just https"` },
  { input: 'https:///mattermost.com', valid: false, source: `${UTILS_TEST} "url with extra slashes"` },
  { input: 'http://mattermost.com', valid: true, source: `${UTILS_TEST} "correct url with http scheme"` },
  { input: 'https://mattermost.com/api/test', valid: true, source: `${UTILS_TEST} "correct url with https scheme"` },
  { input: 'https://localhost:8080/test', valid: true, source: `${UTILS_TEST} "correct url with port"` },
  { input: 'mattermost.com/some/url/', valid: false, source: `${UTILS_TEST} "correct url without scheme"` },
  { input: 'https://mattermost.com/some//url', valid: true, source: `${UTILS_TEST} "correct url with extra slashes"` },
  {
    input: 'some url',
    valid: false,
    source: 'mattermost/server/public/model/manifest_test.go TestIsValid "Invalid homePageURL"',
  },
  {
    input: 'http://someurl.com',
    valid: true,
    source: 'manifest_test.go TestIsValid "Invalid version" (a valid HomepageURL)',
  },
  {
    input: 'http://someotherurl.com/releases/v0.0.1',
    valid: true,
    source: 'manifest_test.go TestIsValid "Happy case"',
  },
  // What Go's parser does where the WHATWG URL parser differs.
  { input: 'http://a.com/%zz', valid: false, source: `${GO_URL}: a malformed %-escape in the path` },
  { input: 'http://a.com/%4', valid: false, source: `${GO_URL}: a truncated %-escape` },
  { input: 'https://example.com\\owner\\repo', valid: false, source: `${GO_URL}: a backslash in the host` },
  {
    input: 'https://github.com#readme',
    valid: false,
    source: `${GO_URL}: a fragment right after the host is part of the host`,
  },
  { input: 'https://exa mple.com/', valid: false, source: `${GO_URL}: a space in the host` },
  {
    input: 'https://github.com/owner/my repo',
    valid: true,
    source: `${GO_URL}: the path is not validated beyond %-escapes`,
  },
  {
    input: 'https://github.com/owner/repo#readme',
    valid: true,
    source: `${GO_URL}: ParseRequestURI does not split a fragment; "#" stays in the path`,
  },
  { input: 'https://example.com:99999/x', valid: true, source: `${GO_URL}: a port is any run of digits` },
  { input: 'https://example.com:/x', valid: true, source: `${GO_URL}: an empty port is allowed` },
  { input: 'https://example.com:8o/x', valid: false, source: `${GO_URL}: a port with a letter` },
  { input: 'HTTPS://example.com', valid: false, source: 'model.IsValidHTTPURL: the prefix test is case-sensitive' },
  { input: 'https://example.com/\u0007', valid: false, source: `${GO_URL}: a control character anywhere` },
  { input: 'https://user:pass@example.com/', valid: true, source: `${GO_URL}: userinfo` },
  { input: 'https://us er@example.com/', valid: false, source: `${GO_URL}: invalid userinfo` },
  { input: 'https://[::1]:8065/', valid: true, source: `${GO_URL}: an IPv6 literal with a port` },
  { input: 'https://[::1/', valid: false, source: `${GO_URL}: missing "]" in host` },
  { input: 'https://%41.com/', valid: false, source: `${GO_URL}: a %-escape of an ASCII byte in the host` },
  { input: 'https://bücher.example/', valid: true, source: `${GO_URL}: non-ASCII bytes are allowed in the host` },
  { input: 'https://example.com?q=1', valid: true, source: `${GO_URL}: a query right after the host` },
  { input: 'https://?q=1', valid: false, source: `${GO_URL}: no host before the query` },
];

/** model.IsValidPluginId, through Manifest.IsValid "invalid plugin ID". */
export const PLUGIN_ID_VECTORS: Vector[] = [
  { input: '', valid: false, source: 'mattermost/server/public/model/plugin_valid_test.go' },
  { input: 'a', valid: false, source: 'plugin_valid_test.go' },
  { input: 'ab', valid: false, source: 'plugin_valid_test.go' },
  { input: 'abc', valid: true, source: 'plugin_valid_test.go' },
  { input: 'abcdefghij'.repeat(19), valid: true, source: 'plugin_valid_test.go (190 characters, the maximum)' },
  { input: `${'abcdefghij'.repeat(19)}1`, valid: false, source: 'plugin_valid_test.go (191 characters)' },
  { input: '../path', valid: false, source: 'plugin_valid_test.go' },
  { input: '/etc/passwd', valid: false, source: 'plugin_valid_test.go' },
  { input: 'com.mattermost.plugin_with_features-0.9', valid: true, source: 'plugin_valid_test.go' },
  { input: 'PLUGINS-THAT-YELL-ARE-OK-2', valid: true, source: 'plugin_valid_test.go' },
  { input: 'some id', valid: false, source: 'manifest_test.go TestIsValid "Invalid Id"' },
];

/** Masterminds semver StrictNewVersion (Manifest.IsValid "failed to parse Version / MinServerVersion"). */
export const SEMVER_VECTORS: (Vector & { error?: string })[] = [
  { input: '5.10.0', valid: true, source: 'manifest_test.go TestIsValid "Invalid min version" (a valid Version)' },
  {
    input: '5.10.8',
    valid: true,
    source: 'manifest_test.go TestIsValid "SettingSchema error" (a valid MinServerVersion)',
  },
  { input: '0.0.1', valid: true, source: 'manifest_test.go TestIsValid "Happy case"' },
  {
    input: 'version',
    valid: false,
    error: 'invalid semantic version',
    source: 'manifest_test.go TestIsValid "Invalid version"',
  },
  { input: '1.2.3', valid: true, source: 'Masterminds/semver version_test.go TestStrictNewVersion' },
  { input: 'v1.2.3', valid: false, error: 'invalid characters in version', source: 'TestStrictNewVersion' },
  { input: '1.0', valid: false, error: 'invalid semantic version', source: 'TestStrictNewVersion' },
  { input: '1', valid: false, error: 'invalid semantic version', source: 'TestStrictNewVersion' },
  { input: '1.2.beta', valid: false, error: 'invalid characters in version', source: 'TestStrictNewVersion' },
  { input: '1.2.3.4', valid: false, error: 'invalid characters in version', source: 'TestStrictNewVersion' },
  { input: '01.2.3', valid: false, error: 'version segment starts with 0', source: 'TestStrictNewVersion' },
  { input: '1.02.3', valid: false, error: 'version segment starts with 0', source: 'TestStrictNewVersion' },
  { input: '1.2.03', valid: false, error: 'version segment starts with 0', source: 'TestStrictNewVersion' },
  { input: '1.2.3-alpha.01', valid: false, error: 'version segment starts with 0', source: 'TestStrictNewVersion' },
  { input: '1.2.3-beta.1+build.345', valid: true, source: 'TestStrictNewVersion' },
  { input: '1.2.3+test.01', valid: true, source: 'TestStrictNewVersion (metadata may have leading zeros)' },
];

/** Manifest.IsValid "a plugin name is needed": strings.TrimSpace(m.Name) == "" (unicode.IsSpace). */
export const NAME_VECTORS: Vector[] = [
  { input: 'some name', valid: true, source: 'manifest_test.go TestIsValid "Minimal valid manifest"' },
  { input: '  ', valid: false, source: 'manifest_test.go TestIsValid "Invalid Name"' },
  { input: '\u0085', valid: false, source: 'Go unicode.IsSpace: U+0085 NEXT LINE is white space' },
  { input: '\u00a0\u3000', valid: false, source: 'Go unicode.IsSpace: U+00A0 and U+3000 are white space' },
  {
    input: '\ufeff',
    valid: true,
    source: 'Go unicode.IsSpace: U+FEFF is not white space (JavaScript trim() removes it)',
  },
  { input: '\u200b', valid: true, source: 'Go unicode.IsSpace: U+200B is not white space' },
];

/** PluginSetting.isValid, through Manifest.IsValid "invalid settings schema: …". */
export const SETTING_VECTORS: { name: string; setting: Record<string, unknown>; error?: string; source: string }[] = [
  {
    name: 'Invalid setting type',
    setting: { type: 'invalid' },
    error: 'invalid setting type: invalid',
    source: 'manifest_test.go TestSettingIsValid',
  },
  {
    name: 'RegenerateHelpText error',
    setting: { type: 'text', regenerate_help_text: 'some text' },
    error: 'should not set RegenerateHelpText for setting type that is not generated',
    source: 'TestSettingIsValid',
  },
  {
    name: 'Placeholder error',
    setting: { type: 'bool', placeholder: 'some text' },
    error: 'should not set Placeholder for setting type not in text, generated, number, username, or custom',
    source: 'TestSettingIsValid',
  },
  { name: 'Nil Options', setting: { type: 'bool' }, source: 'TestSettingIsValid' },
  {
    name: 'Options error',
    setting: { type: 'generated', options: [] },
    error: 'should not set Options for setting type not in radio or dropdown',
    source: 'TestSettingIsValid',
  },
  {
    name: 'Options displayName error',
    setting: { type: 'radio', options: [{ value: 'some value' }] },
    error: 'should not have empty Displayname or Value for any option',
    source: 'TestSettingIsValid',
  },
  {
    name: 'Options value error',
    setting: { type: 'radio', options: [{ display_name: 'some name' }] },
    error: 'should not have empty Displayname or Value for any option',
    source: 'TestSettingIsValid',
  },
  {
    name: 'Happy case',
    setting: { type: 'radio', options: [{ display_name: 'Name', value: 'value' }] },
    source: 'TestSettingIsValid',
  },
  { name: 'Valid number setting', setting: { type: 'number', default: 10 }, source: 'TestSettingIsValid' },
  {
    name: 'Placeholder is allowed for text settings',
    setting: { type: 'text', placeholder: 'some Text' },
    source: 'TestSettingIsValid',
  },
  {
    name: 'Placeholder is allowed for long text settings',
    setting: { type: 'longtext', placeholder: 'some Text' },
    source: 'TestSettingIsValid',
  },
  {
    name: 'Placeholder is allowed for custom settings',
    setting: { type: 'custom', placeholder: 'some Text' },
    source: 'TestSettingIsValid',
  },
  {
    name: 'SettingSchema error (upper case type)',
    setting: { type: 'Invalid' },
    error: 'invalid setting type: Invalid',
    source: 'manifest_test.go TestIsValid "SettingSchema error"',
  },
];
