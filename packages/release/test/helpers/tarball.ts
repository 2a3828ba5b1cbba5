import { gzipSync } from 'node:zlib';

/** One tar entry for hand-built (and deliberately hostile) tarballs. */
export interface TarEntry {
  path: string;
  data?: string | Buffer;
  /**
   * '0' file, '1' hard link, '2' symlink, '3' char device, '4' block device, '5' folder, '6' FIFO,
   * '7' contiguous file, 'g' PAX global header, 'S' GNU sparse, '\0' old-style file; any other byte as given.
   */
  type?: string;
  linkpath?: string;
  /** Declared size when it should differ from the data (bombs, lies). */
  size?: number;
  /** PAX records written in an 'x' header before this entry. */
  pax?: Record<string, string>;
  /** A GNU long name ('L' header) before this entry. */
  longName?: string;
  /** A GNU long link name ('K' header) before this entry. */
  longLink?: string;
  /** The USTAR prefix field (joined to the name with a slash by readers). */
  prefix?: string;
  /** The header's magic: POSIX ustar (default) or old GNU. */
  format?: 'ustar' | 'gnu';
}

/** PAX records in their `<length> <key>=<value>\n` form. */
export function paxRecords(records: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  for (const [key, value] of Object.entries(records)) {
    const body = ` ${key}=${value}\n`;
    let length = Buffer.byteLength(body) + 1;
    while (String(length).length + Buffer.byteLength(body) !== length)
      length = String(length).length + Buffer.byteLength(body);
    parts.push(Buffer.from(`${length}${body}`));
  }
  return Buffer.concat(parts);
}

/** A ustar archive written byte by byte, so tests can put in what node-tar's writer would refuse. */
export function tarball(entries: TarEntry[], { gzip = true } = {}): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const meta: [string, Buffer][] = [];
    if (entry.pax) meta.push(['x', paxRecords(entry.pax)]);
    if (entry.longName !== undefined) meta.push(['L', Buffer.from(`${entry.longName}\0`)]);
    if (entry.longLink !== undefined) meta.push(['K', Buffer.from(`${entry.longLink}\0`)]);
    for (const [type, body] of meta) {
      blocks.push(
        header(
          { path: type === 'x' ? 'PaxHeader/x' : '././@LongLink', type, format: entry.format ?? 'ustar' },
          body.length,
        ),
        body,
        Buffer.alloc((512 - (body.length % 512)) % 512),
      );
    }
    const data = entry.data === undefined ? Buffer.alloc(0) : Buffer.from(entry.data);
    blocks.push(header(entry, entry.size ?? data.length));
    if (data.length > 0) blocks.push(data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  const tar = Buffer.concat(blocks);
  return gzip ? gzipSync(tar) : tar;
}

function header(entry: TarEntry, size: number): Buffer {
  const block = Buffer.alloc(512);
  const type = entry.type ?? '0';
  block.write(entry.path, 0, 100, 'utf8');
  block.write(octal(type === '5' ? 0o755 : 0o644, 8), 100);
  block.write(octal(0, 8), 108);
  block.write(octal(0, 8), 116);
  block.write(octal(size, 12), 124);
  block.write(octal(1_700_000_000, 12), 136);
  block.write('        ', 148);
  block.write(type, 156, 'latin1');
  if (entry.linkpath) block.write(entry.linkpath, 157, 100, 'utf8');
  block.write(entry.format === 'gnu' ? 'ustar  \u0000' : 'ustar\u000000', 257, 'latin1');
  if (entry.prefix) block.write(entry.prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'latin1');
  return block;
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\u0000`;
}

/** A plugin bundle: `<root>/plugin.json` (or another manifest name) plus extra files. */
export function pluginBundle(
  manifest: string,
  { root = 'com.example.demo', name = 'plugin.json', files = {} as Record<string, string | Buffer> } = {},
): Buffer {
  const entries: TarEntry[] = [
    { path: `${root}/`, type: '5' },
    { path: `${root}/${name}`, data: manifest },
  ];
  for (const [path, data] of Object.entries(files)) entries.push({ path: `${root}/${path}`, data });
  return tarball(entries);
}
