// The worker-thread side of a build (node:worker_threads; started by worker-pool.ts). Each message is a batch of
// tiles, and each tile is finished in the worker, FITS and PNG, straight from memory:
//  - 'resample': deepest-order tiles from the images (resample.ts), returning their finite-pixel counts and value
//    range (hips_data_range);
//  - 'lower': lower-order tiles from their four children's FITS tiles (pyramid.ts: 2×2 means), once every child of
//    the batch is written (the build dispatches one order after the other).
// The display stretch is fixed before the first tile (build.ts), so no pass over the tiles is needed afterwards.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { writeFileAtomic } from './atomic.ts';
import { encodeTileFits, readTileFits } from './fits-tile.ts';
import { ImageCache } from './image-cache.ts';
import { tilePath } from './layout.ts';
import { encodeTilePng, type ValueRange } from './png-tile.ts';
import { downsampleChildren } from './pyramid.ts';
import { TileResampler } from './resample.ts';
import type { SourceImage } from './source-image.ts';
import type { Stretch } from './stretch.ts';

export interface WorkerInit {
  width: number;
  cacheBytes: number;
  images: SourceImage[];
  out: string;
  stretch: Stretch;
  bunit?: string;
}

export type WorkerRequest =
  | { type: 'resample'; id: number; order: number; tiles: number[]; imageIndices: number[][] }
  | { type: 'lower'; id: number; order: number; tiles: number[] };

export interface WorkerReply {
  id: number;
  /** Finite pixel count per tile of the batch. */
  finite: number[];
  /** Smallest and largest finite value of the batch (NaN when none). */
  min?: number;
  max?: number;
  error?: string;
}

const init = workerData as WorkerInit;
const cache = new ImageCache(init.cacheBytes);
const resampler = new TileResampler(init.width);
const buffer = new Float32Array(init.width * init.width);

/**
 * Encodes the FITS and PNG files of the tile now held in `buffer` and starts writing them (or, without data,
 * removing them). The returned promise is awaited at the end of the batch, so the file system works while the next
 * tile is computed; `buffer` is free for reuse as soon as this returns (the encoded bytes are new arrays).
 */
function writeTile(order: number, npix: number, finite: number, range?: ValueRange): Promise<unknown> {
  const fits = join(init.out, tilePath(order, npix, 'fits'));
  const png = join(init.out, tilePath(order, npix, 'png'));
  if (finite === 0) return Promise.all([rm(fits, { force: true }), rm(png, { force: true })]);
  const meta = { order, npix, ...(init.bunit ? { bunit: init.bunit } : {}) };
  return Promise.all([
    writeFileAtomic(fits, encodeTileFits(buffer, init.width, meta)),
    writeFileAtomic(png, encodeTilePng(buffer, init.width, init.stretch, range)),
  ]);
}

async function resample(req: Extract<WorkerRequest, { type: 'resample' }>): Promise<WorkerReply> {
  const finite: number[] = [];
  const writes: Promise<unknown>[] = [];
  const range = { min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY };
  for (let t = 0; t < req.tiles.length; t++) {
    const npix = req.tiles[t];
    const loaded = [];
    for (const i of req.imageIndices[t]) loaded.push(await cache.get(init.images[i]));
    const n = resampler.fill(req.order, npix, loaded, buffer);
    finite.push(n);
    writes.push(writeTile(req.order, npix, n, range));
  }
  await Promise.all(writes);
  const any = range.min <= range.max;
  return { id: req.id, finite, min: any ? range.min : Number.NaN, max: any ? range.max : Number.NaN };
}

async function lower(req: Extract<WorkerRequest, { type: 'lower' }>): Promise<WorkerReply> {
  const finite: number[] = [];
  const writes: Promise<unknown>[] = [];
  for (const p of req.tiles) {
    const children = await Promise.all(
      [0, 1, 2, 3].map((q) => readTileFits(join(init.out, tilePath(req.order + 1, 4 * p + q, 'fits')))),
    );
    const n = downsampleChildren(children, init.width, buffer);
    finite.push(n);
    writes.push(writeTile(req.order, p, n));
  }
  await Promise.all(writes);
  return { id: req.id, finite };
}

parentPort!.on('message', (req: WorkerRequest) => {
  const run = req.type === 'resample' ? resample(req) : lower(req);
  run.then(
    (reply) => parentPort!.postMessage(reply),
    (e: Error) => parentPort!.postMessage({ id: req.id, finite: [], error: e.stack ?? e.message }),
  );
});
