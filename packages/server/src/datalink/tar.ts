// One tar archive of a product's files, streamed (POSIX.1-2001 pax / ustar, IEEE Std 1003.1 "pax" Archive
// Interchange Format): a 512-byte header per file, the file's bytes padded to 512, two zero blocks at the end. Names
// longer than ustar's 100 bytes are split into prefix/name at a '/' or, when that cannot be done, given in a pax
// extended header ('x' record `path=`); sizes beyond ustar's 8 GiB octal field get a `size=` record. The length is
// known before the first byte, so the response carries an exact Content-Length.
import { createReadStream } from 'node:fs';

const BLOCK = 512;
const USTAR_MAX_SIZE = 8 ** 11 - 1;

export interface TarEntry {
  /** Name inside the archive ('/'-separated, relative). */
  name: string;
  /** Path on disk. */
  path: string;
  size: number;
  mtimeMs: number;
}

function padded(n: number): number {
  return Math.ceil(n / BLOCK) * BLOCK;
}

/** ustar prefix/name split of a path, or null when it needs a pax record. */
function ustarName(name: string): { prefix: string; name: string } | null {
  const bytes = Buffer.byteLength(name);
  if (bytes <= 100) return { prefix: '', name };
  for (let i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100 && rest !== '')
      return { prefix, name: rest };
  }
  return null;
}

/** A pax record "<len> <key>=<value>\n" whose decimal length counts itself. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (String(len).length + Buffer.byteLength(body) !== len) len = String(len).length + Buffer.byteLength(body);
  return `${len}${body}`;
}

function paxBody(entry: TarEntry): string {
  let s = '';
  if (!ustarName(entry.name)) s += paxRecord('path', entry.name);
  if (entry.size > USTAR_MAX_SIZE) s += paxRecord('size', String(entry.size));
  return s;
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function header(name: string, size: number, mtimeMs: number, type: '0' | 'x'): Buffer {
  const h = Buffer.alloc(BLOCK);
  const split = ustarName(name) ?? { prefix: '', name: name.slice(-100) };
  h.write(split.name, 0, 100, 'utf8');
  h.write(octal(0o644, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(Math.min(size, USTAR_MAX_SIZE), 12), 124, 'ascii');
  h.write(octal(Math.floor(mtimeMs / 1000), 12), 136, 'ascii');
  h.write('        ', 148, 'ascii'); // checksum computed with its field as blanks
  h.write(type, 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  h.write(split.prefix, 345, 155, 'utf8');
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += h[i];
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

/** The archive's exact length in bytes. */
export function tarLength(entries: readonly TarEntry[]): number {
  let n = 2 * BLOCK;
  for (const e of entries) {
    const pax = paxBody(e);
    if (pax) n += BLOCK + padded(Buffer.byteLength(pax));
    n += BLOCK + padded(e.size);
  }
  return n;
}

/** The archive as a stream of chunks; each file is read from disk as it is reached. */
export async function* tarChunks(entries: readonly TarEntry[]): AsyncGenerator<Uint8Array> {
  for (const e of entries) {
    const pax = paxBody(e);
    if (pax) {
      const body = Buffer.from(pax, 'utf8');
      yield header(`PaxHeaders/${e.name}`, body.length, e.mtimeMs, 'x');
      yield Buffer.concat([body, Buffer.alloc(padded(body.length) - body.length)]);
    }
    yield header(e.name, e.size, e.mtimeMs, '0');
    let sent = 0;
    for await (const chunk of createReadStream(e.path, {
      start: 0,
      end: Math.max(0, e.size - 1),
    }) as AsyncIterable<Buffer>) {
      if (e.size === 0) break;
      const take = Math.min(chunk.length, e.size - sent);
      yield take === chunk.length ? chunk : chunk.subarray(0, take);
      sent += take;
      if (sent >= e.size) break;
    }
    // A file that shrank since it was measured still yields the announced length (zeros), keeping the archive valid.
    if (sent < e.size) yield Buffer.alloc(e.size - sent);
    const pad = padded(e.size) - e.size;
    if (pad > 0) yield Buffer.alloc(pad);
  }
  yield Buffer.alloc(2 * BLOCK);
}
