// Where writers send their bytes: a Node Writable (backpressure: wait for 'drain') or a function receiving chunks
// (which may return a promise to apply its own backpressure). Text is gathered into ~64 KiB chunks first so a
// stream of millions of rows costs a few thousand writes, and memory stays bounded by one chunk.
import type { Writable } from 'node:stream';

export type ChunkConsumer = (chunk: Buffer) => void | Promise<void>;
export type Sink = Writable | ChunkConsumer;

const CHUNK_CHARS = 64 * 1024;

function waitDrain(w: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      w.off('drain', onDrain);
      w.off('error', onError);
      w.off('close', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    const onError = (e: Error) => done(e);
    const onClose = () => done(new Error('the output stream closed before the table was written'));
    w.on('drain', onDrain);
    w.on('error', onError);
    w.on('close', onClose);
  });
}

export class Output {
  private readonly sink: Sink;
  private pending = '';
  /** Bytes handed to the sink so far. */
  bytes = 0;

  constructor(sink: Sink) {
    this.sink = sink;
  }

  /** Sends a chunk now; returns a promise only when the sink asks to wait (backpressure). */
  chunk(buf: Buffer): Promise<void> | undefined {
    this.bytes += buf.length;
    if (typeof this.sink === 'function') {
      const r = this.sink(buf);
      return r instanceof Promise ? r : undefined;
    }
    if (this.sink.destroyed) throw new Error('the output stream was destroyed before the table was written');
    return this.sink.write(buf) ? undefined : waitDrain(this.sink);
  }

  /** Appends text; flushes a chunk when enough has gathered. */
  text(s: string): Promise<void> | undefined {
    this.pending += s;
    return this.pending.length >= CHUNK_CHARS ? this.flush() : undefined;
  }

  /** True when enough text has gathered to be worth a flush. */
  get full(): boolean {
    return this.pending.length >= CHUNK_CHARS;
  }

  /** Sends gathered text. */
  flush(): Promise<void> | undefined {
    if (this.pending === '') return undefined;
    const buf = Buffer.from(this.pending, 'utf8');
    this.pending = '';
    return this.chunk(buf);
  }
}
