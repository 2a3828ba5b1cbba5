/** One start or end tag found in an HTML fragment. */
export interface HtmlTag {
  /** Lower-case tag name. */
  name: string;
  closing: boolean;
  /** Attribute names are lower-cased; values are raw (entities are not decoded). */
  attrs: Map<string, string>;
  /** Offset of `<` in the fragment. */
  offset: number;
  /** Offset just past `>` (or the end of the fragment for an unterminated tag). */
  end: number;
}

const NAME_START = /[A-Za-z]/;
const SPACE = /[\s]/;

/**
 * Tags of an HTML fragment, in order. A hand-written scanner rather than regular
 * expressions, so that every character is looked at a bounded number of times: a
 * README with a megabyte-long attribute or thousands of stray `<` stays linear.
 */
export function* scanTags(html: string): Generator<HtmlTag> {
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt === -1) return;
    if (html.startsWith('<!--', lt)) {
      const close = html.indexOf('-->', lt + 4);
      if (close === -1) return;
      i = close + 3;
      continue;
    }
    const closing = html[lt + 1] === '/';
    const nameStart = lt + (closing ? 2 : 1);
    if (!NAME_START.test(html[nameStart] ?? '')) {
      i = lt + 1;
      continue;
    }
    let j = nameStart;
    while (j < html.length && /[A-Za-z0-9-]/.test(html[j] as string)) j++;
    const name = html.slice(nameStart, j).toLowerCase();
    const { attrs, end } = readAttributes(html, j);
    yield { name, closing, attrs, offset: lt, end };
    i = end;
  }
}

function readAttributes(html: string, from: number): { attrs: Map<string, string>; end: number } {
  const attrs = new Map<string, string>();
  let i = from;
  while (i < html.length) {
    while (i < html.length && SPACE.test(html[i] as string)) i++;
    const c = html[i];
    if (c === undefined) break;
    if (c === '>') return { attrs, end: i + 1 };
    if (c === '/' || c === '<') {
      if (c === '<') return { attrs, end: i };
      i++;
      continue;
    }
    const nameStart = i;
    while (i < html.length && !/[\s=>/<]/.test(html[i] as string)) i++;
    const name = html.slice(nameStart, i).toLowerCase();
    while (i < html.length && SPACE.test(html[i] as string)) i++;
    if (html[i] !== '=') {
      if (name) attrs.set(name, '');
      continue;
    }
    i++;
    while (i < html.length && SPACE.test(html[i] as string)) i++;
    const quote = html[i];
    let value: string;
    if (quote === '"' || quote === "'") {
      const close = html.indexOf(quote, i + 1);
      value = html.slice(i + 1, close === -1 ? html.length : close);
      i = close === -1 ? html.length : close + 1;
    } else {
      const valueStart = i;
      while (i < html.length && !/[\s>]/.test(html[i] as string)) i++;
      value = html.slice(valueStart, i);
    }
    if (name && !attrs.has(name)) attrs.set(name, value);
  }
  return { attrs, end: html.length };
}

/** The text of an HTML fragment with tags removed and whitespace collapsed. */
export function htmlText(html: string): string {
  let out = '';
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt === -1) {
      out += html.slice(i);
      break;
    }
    out += html.slice(i, lt);
    const gt = html.indexOf('>', lt);
    if (gt === -1) break;
    i = gt + 1;
  }
  return decodeBasicEntities(out).replace(/\s+/g, ' ').trim();
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

export function decodeBasicEntities(text: string): string {
  return text.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code =
        entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[entity.toLowerCase()] ?? whole;
  });
}
