// What an icon_path file must be to become an entry's icon_data: shared by add-release, which
// copies it, and validate-database, which compares an entry's icon_data with its bundle.

/** Whether bytes are an SVG document: text whose first element is `<svg`. */
export function isSvg(data: Buffer): boolean {
  if (data.includes(0)) return false;
  const head = data
    .subarray(0, 64 * 1024)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const withoutProlog = head.replace(/^(\s|<\?xml[^>]*\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>)*/i, '');
  return /^<svg[\s>/]/i.test(withoutProlog);
}

/**
 * The largest icon SVG copied into icon_data (base64 makes it a third larger, in every
 * copy of plugins.json every server downloads); Marketplace icons are under 40 KiB.
 */
export const MAX_ICON_BYTES = 256 * 1024;

const ACTIVE_ELEMENTS = /^<\s*(script|foreignobject|iframe|embed|object|handler)\b/i;
const EVENT_ATTRIBUTE = /\son[a-z]+\s*=/i;

/**
 * What in an SVG could run or load code where the icon is shown inline: a script,
 * foreignObject, iframe/embed/object or handler element, an on… event attribute or a
 * javascript: URL. One pass over the tags (each `<…>` is looked at once).
 */
export function svgActiveContent(text: string): string | undefined {
  if (/javascript\s*:/i.test(text)) return 'a javascript: URL';
  for (let from = text.indexOf('<'); from >= 0;) {
    const close = text.indexOf('>', from + 1);
    const tag = text.slice(from, close < 0 ? text.length : close + 1);
    const element = ACTIVE_ELEMENTS.exec(tag)?.[1];
    if (element) return `a <${element}> element`;
    const handler = EVENT_ATTRIBUTE.exec(tag)?.[0];
    if (handler && !tag.startsWith('<!--'))
      return `an event handler attribute (${handler.trim().replace(/\s*=$/, '')})`;
    if (close < 0) break;
    from = text.indexOf('<', close + 1);
  }
  return undefined;
}

/** What an icon that is not SVG looks like, for the message. */
export function describeImage(data: Buffer): string {
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'a PNG image';
  if (data[0] === 0xff && data[1] === 0xd8) return 'a JPEG image';
  if (data.subarray(0, 4).toString('latin1') === 'GIF8') return 'a GIF image';
  return data.includes(0) ? 'a binary file' : 'text that is not SVG';
}
