// Atomic file output: write to `<path>.tmp-<pid>` then rename, so a reader never sees a half-written file.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

function tempPath(path: string): string {
  return `${path}.tmp-${process.pid}`;
}

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tempPath(path);
  await writeFile(tmp, data);
  await rename(tmp, path);
}

/** A line-oriented writer with backpressure, renamed into place by `close()`, removed by `abort()`. */
export class AtomicLineWriter {
  private readonly tmp: string;
  private stream: ReturnType<typeof createWriteStream> | undefined;
  private buffer: string[] = [];
  private buffered = 0;

  constructor(readonly path: string) {
    this.tmp = tempPath(path);
  }

  async open(): Promise<this> {
    await mkdir(dirname(this.path), { recursive: true });
    this.stream = createWriteStream(this.tmp);
    return this;
  }

  /** Queues a line (without its newline); flushes in ~1 MB pieces. */
  async line(text: string): Promise<void> {
    this.buffer.push(text);
    this.buffered += text.length + 1;
    if (this.buffered > 1 << 20) await this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.stream || this.buffer.length === 0) return;
    const chunk = `${this.buffer.join('\n')}\n`;
    this.buffer = [];
    this.buffered = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    const s = this.stream!;
    s.end();
    await once(s, 'finish');
    await rename(this.tmp, this.path);
  }

  async abort(): Promise<void> {
    this.stream?.destroy();
    await rm(this.tmp, { force: true });
  }
}

/** One CSV field (RFC 4180 quoting when needed). */
export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** A number rounded to `digits` significant digits, as a compact string (deterministic across platforms). */
export function sig(v: number, digits = 8): string {
  if (!Number.isFinite(v)) return '';
  if (v === 0) return '0';
  return String(Number(v.toPrecision(digits)));
}

/** A number with a fixed count of decimals, without trailing zeros. */
export function fixed(v: number, decimals: number): string {
  if (!Number.isFinite(v)) return '';
  return String(Number(v.toFixed(decimals)));
}
