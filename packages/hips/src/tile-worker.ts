// The worker-thread side of a build (node:worker_threads; started by worker-pool.ts). Each message is a batch of
// tiles: 'resample' fills deepest-order tiles from the images and writes their FITS files, returning a bounded sample
// of their values (for the PNG cuts); 'png' turns existing FITS tiles into PNG tiles with the given cuts.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { writeFileAtomic } from './atomic.ts';
import { ValueSample } from './cuts.ts';
import { encodeTileFits, readTileFits } from './fits-tile.ts';
import { ImageCache } from './image-cache.ts';
import { tilePath } from './layout.ts';
import { encodeTilePng } from './png-tile.ts';
import { TileResampler } from './resample.ts';
import type { SourceImage } from './source-image.ts';

export interface WorkerInit {
  width: number;
  cacheBytes: number;
  images: SourceImage[];
  out: string;
  bunit?: string;
}

export type WorkerRequest =
  | { type: 'resample'; id: number; order: number; tiles: number[]; imageIndices: number[][] }
  | { type: 'png'; id: number; order: number; tiles: number[]; cut: [number, number] };

export interface WorkerReply {
  id: number;
  /** Finite pixel count per tile of the batch (resample), or tiles written (png). */
  finite: number[];
  sample?: Float32Array;
  min?: number;
  max?: number;
  error?: string;
}

const init = workerData as WorkerInit;
const cache = new ImageCache(init.cacheBytes);
const resampler = new TileResampler(init.width);
const buffer = new Float32Array(init.width * init.width);

async function resample(req: Extract<WorkerRequest, { type: 'resample' }>): Promise<WorkerReply> {
  const sample = new ValueSample(1 << 16);
  const finite: number[] = [];
  for (let t = 0; t < req.tiles.length; t++) {
    const npix = req.tiles[t];
    const loaded = [];
    for (const i of req.imageIndices[t]) loaded.push(await cache.get(init.images[i]));
    const n = resampler.fill(req.order, npix, loaded, buffer);
    finite.push(n);
    const path = join(init.out, tilePath(req.order, npix, 'fits'));
    if (n === 0) {
      await rm(path, { force: true });
      continue;
    }
    sample.addTile(buffer);
    const meta = { order: req.order, npix, ...(init.bunit ? { bunit: init.bunit } : {}) };
    await writeFileAtomic(path, encodeTileFits(buffer, init.width, meta));
  }
  return { id: req.id, finite, sample: sample.snapshot(), min: sample.min, max: sample.max };
}

async function png(req: Extract<WorkerRequest, { type: 'png' }>): Promise<WorkerReply> {
  const finite: number[] = [];
  for (const npix of req.tiles) {
    const data = await readTileFits(join(init.out, tilePath(req.order, npix, 'fits')));
    const path = join(init.out, tilePath(req.order, npix, 'png'));
    if (!data) {
      await rm(path, { force: true });
      finite.push(0);
      continue;
    }
    await writeFileAtomic(path, encodeTilePng(data, init.width, req.cut));
    finite.push(1);
  }
  return { id: req.id, finite };
}

parentPort!.on('message', (req: WorkerRequest) => {
  const run = req.type === 'resample' ? resample(req) : png(req);
  run.then(
    (reply) => parentPort!.postMessage(reply),
    (e: Error) => parentPort!.postMessage({ id: req.id, finite: [], error: e.stack ?? e.message }),
  );
});
