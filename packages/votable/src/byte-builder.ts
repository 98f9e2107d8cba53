// Bytes gathered in a preallocated Buffer for the TABLEDATA, CSV and TSV writers and their body encoders
// (body-encoder.ts): each row's text is written straight into it (an ASCII row — every non-char datatype formats to
// ASCII, text-format.ts — with one latin1 write, other rows as UTF-8), so no per-chunk string concatenation, no
// flattening of long concatenated strings and no second pass to UTF-8.
import type { Output } from './output.ts';

/** Bytes gathered before the writer hands a chunk to its sink. */
export const CHUNK_BYTES = 64 * 1024;

/** Any character outside ASCII (a UTF-16 code unit above 0x7f): such a text is written as UTF-8. */
export const NON_ASCII = /[\u0080-\uffff]/;

interface FastWrites {
  latin1Write(s: string, offset: number): number;
  utf8Write(s: string, offset: number): number;
}

export class ByteBuilder {
  buf: Buffer;
  pos = 0;

  constructor(private readonly size = 2 * CHUNK_BYTES) {
    this.buf = Buffer.allocUnsafeSlow(size);
  }

  /** Makes room for n more bytes (a long char cell may need more than the buffer's size). */
  room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }

  /** A text of ASCII characters only. */
  ascii(s: string): void {
    this.room(s.length);
    this.pos += (this.buf as unknown as FastWrites).latin1Write(s, this.pos);
  }

  /** Any text, as UTF-8. */
  utf8(s: string): void {
    this.room(s.length * 3);
    this.pos += (this.buf as unknown as FastWrites).utf8Write(s, this.pos);
  }

  /** Bytes already encoded. */
  bytes(src: Uint8Array): void {
    this.room(src.length);
    this.buf.set(src, this.pos);
    this.pos += src.length;
  }

  /**
   * The bytes gathered, copied into a Buffer of their own of exactly their length (its ArrayBuffer can be transferred
   * to another thread whole, with nothing to copy again), the builder's buffer kept for the next ones: one ~64 KiB
   * copy a chunk instead of a fresh 128 KiB buffer, which left garbage outside the heap for the GC to find late.
   * A buffer grown past its first size is dropped unless `keepGrown` (a body encoder filling one batch after another).
   */
  take(keepGrown = false): Buffer {
    const out = Buffer.allocUnsafeSlow(this.pos);
    this.buf.copy(out, 0, 0, this.pos);
    this.pos = 0;
    if (!keepGrown && this.buf.length > this.size) this.buf = Buffer.allocUnsafeSlow(this.size);
    return out;
  }
}

/** Sends the bytes gathered in `b` to `out`, after any text waiting there before them. */
export function sendBuilt(out: Output, b: ByteBuilder): Promise<void> | undefined {
  if (b.pos === 0) return undefined;
  const chunk = b.take();
  const p = out.flush();
  if (p) return p.then(() => out.chunk(chunk));
  return out.chunk(chunk);
}

/**
 * Appends body bytes made elsewhere (body-encoder.ts) after the bytes gathered in `b`: a small piece is copied into
 * `b`, a large one goes to `out` as a chunk of its own (after what `b` holds), not copied.
 */
export async function sendBody(out: Output, b: ByteBuilder, bytes: Buffer): Promise<void> {
  if (b.pos + bytes.length < CHUNK_BYTES) {
    b.bytes(bytes);
    return;
  }
  const p = sendBuilt(out, b);
  if (p) await p;
  const f = out.flush();
  if (f) await f;
  if (bytes.length > 0) await out.chunk(bytes);
}
