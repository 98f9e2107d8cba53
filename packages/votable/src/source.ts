// Turns any input (string, bytes, a Node Readable or any async iterable of chunks) into text pieces of bounded size,
// gunzipping gzip input (magic 1f 8b) and honouring the XML declaration's encoding for byte input.
import { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { createGunzip } from 'node:zlib';

export type VOTableSource = string | Uint8Array | AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

const PIECE = 64 * 1024;

function* slices(s: string): Generator<string> {
  for (let i = 0; i < s.length; i += PIECE) yield s.slice(i, i + PIECE);
}

async function* chunksOf(source: VOTableSource): AsyncGenerator<Uint8Array | string> {
  if (typeof source === 'string' || source instanceof Uint8Array) {
    yield source;
    return;
  }
  yield* source as AsyncIterable<Uint8Array | string>;
}

function declaredEncoding(head: Uint8Array): string {
  const text = Buffer.from(head.subarray(0, 200)).toString('latin1');
  const m = /^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(text);
  return m ? m[1].toLowerCase() : 'utf-8';
}

/** Text of the source in pieces of at most 64 Ki characters. */
export async function* textPieces(source: VOTableSource): AsyncGenerator<string> {
  const it = chunksOf(source)[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return;
  let head = first.value;
  if (typeof head === 'string') {
    yield* slices(head);
    for (let r = await it.next(); !r.done; r = await it.next()) {
      const v = r.value;
      yield* slices(typeof v === 'string' ? v : Buffer.from(v).toString('utf8'));
    }
    return;
  }
  let bytes: AsyncIterable<Uint8Array | string> = {
    async *[Symbol.asyncIterator]() {
      yield head;
      for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
    },
  };
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    const gunzipped = Readable.from(bytes).pipe(createGunzip());
    const git = gunzipped[Symbol.asyncIterator]();
    const g1 = await git.next();
    if (g1.done) return;
    head = g1.value as Buffer;
    bytes = {
      async *[Symbol.asyncIterator]() {
        yield head;
        for (let r = await git.next(); !r.done; r = await git.next()) yield r.value as Buffer;
      },
    };
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(declaredEncoding(head as Uint8Array));
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  for await (const chunk of bytes) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    yield* slices(text);
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}
