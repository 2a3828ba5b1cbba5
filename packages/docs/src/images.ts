import type { DocImage } from './model';
import { hostOf, isRemote } from './url';

export type ImageKind = 'badge' | 'logo' | 'screenshot';

/** Services whose images are status badges, never screenshots. */
const BADGE_HOSTS = /(^|\.)(shields\.io|badgen\.net|badge\.fury\.io|codecov\.io|coveralls\.io|goreportcard\.com|circleci\.com|travis-ci\.(org|com)|appveyor\.com|bestpractices\.(coreinfrastructure\.org|dev)|codacy\.com|sonarcloud\.io|snyk\.io|david-dm\.org|gitter\.im|badgesize\.io|godoc\.org|pkg\.go\.dev|deepsource\.(io|com)|securityscorecards\.dev|codefactor\.io|codeclimate\.com|requires\.io|hits\.seeyoufarm\.com|visitor-badge\.\w+|img\.badgesize\.io|herokuapp\.com|opencollective\.com|liberapay\.com|ko-fi\.com|buymeacoffee\.com|api\.netlify\.com|dependabot\.com|github\.githubassets\.com)$/;
const BADGE_PATH = /\/badges?\/|\/badge(\.svg)?(\?|$)|badge\.svg|status\.svg|\/shields?\/|[?&]style=(flat|shield|for-the-badge|plastic)/i;
const LOGO_NAME = /(^|[/_.\-\s])(logo|logos|icon|icons|favicon|avatar|profile|emblem|brand|mascot|emoji)([/_.\-\s]|$)/i;
const LOGO_ALT = /\b(logo|icon|avatar|emblem|badge)\b/i;
/** Pixel sizes at or under this are icons, not screenshots. */
const ICON_MAX_PX = 100;
const ICON_MAX_PERCENT = 25;

/**
 * What an image in the docs is, judged from its URL, file name, alt text and size
 * attributes: a status badge, a logo or icon, or a candidate screenshot. Pixels are
 * never read, so a logo named `screen.png` with no size would count as a screenshot.
 */
export function classifyImage(image: DocImage): ImageKind {
  if (image.kind === 'video') return 'screenshot';
  const src = image.src.trim();
  if (isRemote(src) && isBadgeUrl(src)) return 'badge';
  if (image.linkHref && isBadgeUrl(image.linkHref) && /\.svg(\?|$)/i.test(src)) return 'badge';
  const fileName = fileNameOf(src);
  if (LOGO_NAME.test(fileName) || LOGO_ALT.test(image.alt)) return 'logo';
  if (isSmall(image.width) || isSmall(image.height)) return 'logo';
  if (/\.svg$/i.test(fileName) && !/screen|shot|demo|preview/i.test(`${fileName} ${image.alt}`)) return 'logo';
  return 'screenshot';
}

export function isBadgeUrl(url: string): boolean {
  const host = hostOf(url);
  if (!host) return false;
  if (BADGE_HOSTS.test(host)) return true;
  return BADGE_PATH.test(url) && !/user-images|user-attachments|\/assets\//i.test(url);
}

function fileNameOf(src: string): string {
  const withoutQuery = src.split(/[?#]/)[0] ?? '';
  return withoutQuery.slice(withoutQuery.lastIndexOf('/') + 1);
}

function isSmall(size: string | undefined): boolean {
  if (!size) return false;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(px|%)?\s*$/i.exec(size);
  if (!match) return false;
  const value = Number(match[1]);
  return match[2] === '%' ? value <= ICON_MAX_PERCENT : value <= ICON_MAX_PX;
}
