// Quick-look PNGs of an image product for DataLink #preview (≤ 1024 px) and #thumbnail (≤ 256 px): the first plane of
// the first image HDU, block-averaged while it is read band by band (readImageSection over `factor` rows at a time, so
// the image is never held whole), an asinh stretch between the 0.5 and 99.5 percentiles (Lupton et al. 2004, PASP
// 116, 133), north up (FITS rows go up, PNG rows down), 8-bit grey, NaN black. Both sizes are rendered in one pass on
// the first request, in a worker thread, and cached on disk under <dataDir>/.cache/quicklook, keyed by the file's path,
// size and mtime.
import { createHash } from 'node:crypto';
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { axes, findImageHdu, openFits, readImageSection } from '@obscura/fits';
import { encode } from 'fast-png';

export type QuicklookKind = 'preview' | 'thumbnail';

export const QUICKLOOK_SIZES: Readonly<Record<QuicklookKind, number>> = { preview: 1024, thumbnail: 256 };

export interface SourceFile {
  absolutePath: string;
  size: number;
  mtimeMs: number;
}

/** A grey image of floats, row 0 at the bottom (FITS order). */
interface Plane {
  width: number;
  height: number;
  data: Float32Array;
}

/** Where the cached PNG of a file lives. */
export function quicklookPath(dataDir: string, file: SourceFile, kind: QuicklookKind): string {
  const key = createHash('sha256').update(`${file.absolutePath}\n${file.size}\n${file.mtimeMs}`).digest('hex');
  return join(dataDir, '.cache', 'quicklook', `${key.slice(0, 40)}.${kind}.png`);
}

/** Size of the cached PNG, or null when it has not been rendered yet. */
export async function cachedQuicklookSize(
  dataDir: string,
  file: SourceFile,
  kind: QuicklookKind,
): Promise<number | null> {
  try {
    return (await stat(quicklookPath(dataDir, file, kind))).size;
  } catch {
    return null;
  }
}

/** Block average by an integer factor (NaN pixels ignored; a block of NaN stays NaN). */
function shrink(src: Plane, factor: number): Plane {
  if (factor <= 1) return src;
  const width = Math.ceil(src.width / factor);
  const height = Math.ceil(src.height / factor);
  const sum = new Float64Array(width * height);
  const count = new Uint32Array(width * height);
  for (let y = 0; y < src.height; y++) {
    const oy = Math.floor(y / factor) * width;
    for (let x = 0; x < src.width; x++) {
      const v = src.data[y * src.width + x];
      if (Number.isNaN(v)) continue;
      const o = oy + Math.floor(x / factor);
      sum[o] += v;
      count[o]++;
    }
  }
  const data = new Float32Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = count[i] ? sum[i] / count[i] : Number.NaN;
  return { width, height, data };
}

/** Reads the first plane block-averaged to at most `maxSize` pixels a side, `factor` rows per read. */
async function readPlane(path: string, maxSize: number): Promise<Plane> {
  const file = await openFits(path);
  try {
    const hdu = findImageHdu(file.hdus);
    if (!hdu) throw new Error(`${path} holds no image`);
    const n = axes(hdu.header);
    const [w, h] = n;
    const factor = Math.max(1, Math.ceil(Math.max(w, h) / maxSize));
    const width = Math.ceil(w / factor);
    const height = Math.ceil(h / factor);
    const sum = new Float64Array(width * height);
    const count = new Uint32Array(width * height);
    for (let y0 = 0; y0 < h; y0 += factor) {
      const y1 = Math.min(h, y0 + factor);
      const start = n.map((_, i) => (i === 1 ? y0 : 0));
      const end = n.map((size, i) => (i === 0 ? size : i === 1 ? y1 : 1));
      const band = (await readImageSection(file, hdu, { start, end })).data;
      const row = Math.floor(y0 / factor) * width;
      for (let y = 0; y < y1 - y0; y++) {
        for (let x = 0; x < w; x++) {
          const v = Number(band[y * w + x]);
          if (Number.isNaN(v)) continue;
          const o = row + Math.floor(x / factor);
          sum[o] += v;
          count[o]++;
        }
      }
    }
    const data = new Float32Array(width * height);
    for (let i = 0; i < data.length; i++) data[i] = count[i] ? sum[i] / count[i] : Number.NaN;
    return { width, height, data };
  } finally {
    await file.close();
  }
}

/** The q-quantile of the finite values (sampled to at most 200 000 values). */
function percentiles(data: Float32Array, qs: number[]): number[] {
  const step = Math.max(1, Math.floor(data.length / 200_000));
  const sample: number[] = [];
  for (let i = 0; i < data.length; i += step) if (Number.isFinite(data[i])) sample.push(data[i]);
  if (sample.length === 0) return qs.map(() => 0);
  const sorted = Float64Array.from(sample).sort();
  return qs.map((q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]);
}

/** 8-bit grey PNG of a plane: asinh stretch between the 0.5 and 99.5 percentiles, north up. */
export function planeToPng(plane: Plane): Uint8Array {
  const [lo, hi] = percentiles(plane.data, [0.005, 0.995]);
  const span = hi > lo ? hi - lo : 1;
  const softening = 10; // asinh(a·t)/asinh(a): linear near the noise, logarithmic for bright sources
  const norm = Math.asinh(softening);
  const { width, height } = plane;
  const grey = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const src = (height - 1 - y) * width;
    const dst = y * width;
    for (let x = 0; x < width; x++) {
      const v = plane.data[src + x];
      if (!Number.isFinite(v)) continue;
      const t = Math.min(1, Math.max(0, (v - lo) / span));
      grey[dst + x] = Math.round((255 * Math.asinh(softening * t)) / norm);
    }
  }
  return encode({ width, height, data: grey, channels: 1, depth: 8 });
}

const inFlight = new Map<string, Promise<void>>();

async function writeAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, path);
}

/** Renders both quick looks of a file into the cache (in the calling thread; see renderInWorker). */
export async function renderQuicklooks(dataDir: string, file: SourceFile): Promise<void> {
  const preview = await readPlane(file.absolutePath, QUICKLOOK_SIZES.preview);
  const thumb = shrink(preview, Math.ceil(Math.max(preview.width, preview.height) / QUICKLOOK_SIZES.thumbnail));
  await mkdir(join(dataDir, '.cache', 'quicklook'), { recursive: true });
  await writeAtomic(quicklookPath(dataDir, file, 'preview'), planeToPng(preview));
  await writeAtomic(quicklookPath(dataDir, file, 'thumbnail'), planeToPng(thumb));
}

/** At most this many renders run at once (each in its own worker thread). */
const MAX_RENDERS = 2;
let running = 0;
const queue: (() => void)[] = [];

/**
 * Renders in a worker thread (DESIGN.md "Streaming": CPU-heavy work off the event loop; a 2048² image takes about
 * half a second). The worker runs TypeScript through tsx: Node 20 does not apply `--import tsx` to a Worker's entry,
 * so it starts from a one-line bootstrap that registers tsx's loader (as the TAP and HiPS workers do).
 */
async function renderInWorker(dataDir: string, file: SourceFile): Promise<void> {
  if (running >= MAX_RENDERS) await new Promise<void>((go) => queue.push(go));
  running++;
  try {
    const tsx = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./quicklook-worker.ts', import.meta.url).href;
    const bootstrap = `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(entry)}); });`;
    const worker = new Worker(bootstrap, { eval: true, workerData: { dataDir, file } });
    await new Promise<void>((resolve, reject) => {
      worker.once('message', (m: { error?: string }) => (m.error ? reject(new Error(m.error)) : resolve()));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`quick-look worker exited with ${code}`)));
    });
    await worker.terminate();
  } finally {
    running--;
    queue.shift()?.();
  }
}

/** The path of the cached PNG, rendering it first when needed. */
export async function quicklook(dataDir: string, file: SourceFile, kind: QuicklookKind): Promise<string> {
  const path = quicklookPath(dataDir, file, kind);
  if ((await cachedQuicklookSize(dataDir, file, kind)) !== null) return path;
  const key = quicklookPath(dataDir, file, 'preview');
  let job = inFlight.get(key);
  if (!job) {
    job = renderInWorker(dataDir, file).finally(() => inFlight.delete(key));
    inFlight.set(key, job);
  }
  await job;
  return path;
}
