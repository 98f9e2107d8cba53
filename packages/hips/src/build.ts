// `buildHips`: a HiPS image survey (HiPS 1.0 §4) from FITS images. Steps:
//  1. describe every image (celestial WCS, footprint, checksum); the deepest order from the finest pixel scale
//     (order.ts) unless given;
//  2. the deepest-order tiles each image touches: queryPolygon(order, footprint, inclusive) (a superset; tiles that
//     end up without data are not written);
//  3. the PNG display stretch (stretch.ts: asinh, cuts from robust noise statistics), from a sample of the images'
//     rows (source-sample.ts), or kept from an earlier build so unchanged PNG tiles stay consistent;
//  4. incremental: only tiles whose inputs changed since the manifest are resampled (manifest.ts), on worker
//     threads (worker-pool.ts), which write each tile's FITS and PNG files from memory;
//  5. lower orders down to 3 by 2×2 means (pyramid.ts), only above changed tiles, also on the workers (FITS + PNG),
//     one order after the other;
//  6. Norder3/Allsky.fits + .png (allsky.ts), Moc.fits (coverage.ts), properties (properties.ts), the manifest.

import { mkdir, readFile, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { queryPolygon, rangesToPixels } from '@obscura/sky';
import { ALLSKY_ORDER, buildAllsky } from './allsky.ts';
import { writeFileAtomic } from './atomic.ts';
import { encodeCoverageFits, skyFraction } from './coverage.ts';
import { type Cuts, ValueSample } from './cuts.ts';
import { type HipsDiagnostic, HipsError, hipsDiagnostic } from './diagnostics.ts';
import { encodeTileFits, readTileFits } from './fits-tile.ts';
import { allskyPath, tilePath } from './layout.ts';
import { inputsFingerprint, MANIFEST_VERSION, type Manifest, readManifest, writeManifest } from './manifest.ts';
import { hipsPixelSize, MIN_HIPS_ORDER, orderForPixelScale } from './order.ts';
import { encodeTilePng } from './png-tile.ts';
import { formatProperties, hipsDate, type Properties, parseProperties, property } from './properties.ts';
import { describeImage, type SourceImage } from './source-image.ts';
import { sampleImagePixels } from './source-sample.ts';
import { asinhStretchOf, STRETCHES, type Stretch, type StretchFunction } from './stretch.ts';
import { WorkerPool } from './worker-pool.ts';

export const TILE_WIDTH = 512;
/** Tiles per worker message: small enough to balance, large enough to amortise messaging. */
const BATCH = 4;
/** Images described (read + hashed) at the same time. */
const DESCRIBE_CONCURRENCY = 4;

/** `fn` over `items` with at most `limit` calls in flight; results in input order. */
async function mapConcurrent<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const k = next++;
      out[k] = await fn(items[k]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

export interface HipsBuildOptions {
  /** FITS image files. */
  images: string[];
  /** HiPS root directory. */
  out: string;
  /** Deepest order; default from the pixel scale. */
  order?: number;
  /** creator_did (HiPS 1.0 §4.4.1), e.g. ivo://obscura.demo/P/VLASS. */
  creatorDid: string;
  obsTitle: string;
  obsCollection?: string;
  obsRegime?: string;
  /** Worker threads; default os.availableParallelism(). */
  workers?: number;
  /** Memory for cached image planes over all workers, MB (default 1024). */
  cacheMb?: number;
  onProgress?: (p: HipsProgress) => void;
  /** Clock for hips_release_date (tests). */
  now?: Date;
}

export interface HipsProgress {
  phase: 'describe' | 'stretch' | 'resample' | 'lower-orders' | 'allsky';
  done: number;
  total: number;
}

export interface HipsBuildResult {
  order: number;
  /** Deepest-order tiles with data. */
  tiles: number;
  /** Deepest-order tiles recomputed by this build. */
  resampled: number;
  /** Lower-order tiles recomputed. */
  lowerTiles: number;
  /** Deepest-order tiles removed (their images are gone). */
  removed: number;
  images: number;
  cuts: Cuts | null;
  /** The PNG display stretch (hips_pixel_cut and the obscura_pixel_stretch / obscura_asinh_softening keys). */
  stretch: Stretch;
  diagnostics: HipsDiagnostic[];
  seconds: number;
  /** Deepest-order tiles resampled (FITS + PNG written) per second (resample phase only). */
  tilesPerSecond: number;
}

function groupKey(indices: number[]): string {
  return indices.join(',');
}

export async function buildHips(options: HipsBuildOptions): Promise<HipsBuildResult> {
  const t0 = performance.now();
  const width = TILE_WIDTH;
  const progress = options.onProgress ?? (() => {});
  const diagnostics: HipsDiagnostic[] = [];

  // 1. Images.
  // A few at a time: reading and hashing one file overlaps with the others' (the order of `images` is kept).
  const images: SourceImage[] = [];
  let described = 0;
  const descriptions = await mapConcurrent(options.images, DESCRIBE_CONCURRENCY, async (path) => {
    const d = await describeImage(path);
    progress({ phase: 'describe', done: ++described, total: options.images.length });
    return d;
  });
  for (const d of descriptions) {
    if ('code' in d) diagnostics.push(d);
    else images.push(d);
  }
  if (images.length === 0) {
    diagnostics.push(hipsDiagnostic('HIPS_NO_IMAGES', 'no usable image: nothing to build'));
    throw new HipsError(`no usable images among ${options.images.length} inputs`, diagnostics);
  }
  const order = options.order ?? orderForPixelScale(Math.min(...images.map((i) => i.pixelScaleDeg)), width);
  if (!(Number.isInteger(order) && order >= MIN_HIPS_ORDER && order <= 24 - Math.log2(width))) {
    throw new HipsError(`order ${order} is outside ${MIN_HIPS_ORDER}..${24 - Math.log2(width)}`, [
      hipsDiagnostic('HIPS_BAD_ORDER', `order ${order} is not possible with ${width}-pixel tiles`),
    ]);
  }
  const bunit = images.find((i) => i.bunit)?.bunit;

  // 2. Tiles and their inputs.
  const tileImages = new Map<number, number[]>();
  for (const [k, img] of images.entries()) {
    const poly = img.footprint.map(([ra, dec]) => ({ ra, dec }));
    for (const t of rangesToPixels(queryPolygon(order, poly, { inclusive: true }))) {
      const list = tileImages.get(t);
      if (list) list.push(k);
      else tileImages.set(t, [k]);
    }
  }

  // 3. What changed since the last build.
  await mkdir(options.out, { recursive: true });
  let old = await readManifest(options.out);
  if (old && (old.order !== order || old.width !== width)) {
    for (let o = 0; o <= 29; o++) await rm(join(options.out, `Norder${o}`), { recursive: true, force: true });
    old = null;
  }
  const manifest: Manifest = { version: MANIFEST_VERSION, order, width, tiles: {}, images: {} };
  for (const img of images) manifest.images[img.path] = { sha256: img.checksum, size: img.size };
  const dirty: number[] = [];
  for (const [t, list] of tileImages) {
    const inputs = inputsFingerprint(list.map((i) => images[i].checksum));
    const before = old?.tiles[t];
    manifest.tiles[t] = { inputs, ...(before?.inputs === inputs && before.empty ? { empty: true } : {}) };
    if (before?.inputs !== inputs) dirty.push(t);
  }
  const removed = old
    ? Object.keys(old.tiles)
        .map(Number)
        .filter((t) => !tileImages.has(t))
    : [];
  for (const t of removed) {
    for (const f of ['fits', 'png'] as const) await rm(join(options.out, tilePath(order, t, f)), { force: true });
  }

  // Tiles grouped by their image set, so that a worker's image cache is reused batch after batch.
  dirty.sort((a, b) => {
    const ka = groupKey(tileImages.get(a)!);
    const kb = groupKey(tileImages.get(b)!);
    return ka < kb ? -1 : ka > kb ? 1 : a - b;
  });

  // 3. The display stretch: an earlier build's (so that unchanged PNG tiles stay consistent), else from the images.
  const propsPath = join(options.out, 'properties');
  const oldProps = old ? await readFile(propsPath, 'utf8').then(parseProperties, () => null) : null;
  const stretch = (oldProps && stretchOfProperties(oldProps)) || (await stretchOfImages(images, progress));

  const workers = Math.max(
    1,
    Math.min(options.workers ?? availableParallelism(), Math.ceil(dirty.length / BATCH) || 1),
  );
  const cacheBytes = Math.floor(((options.cacheMb ?? 1024) * 1024 * 1024) / workers);
  const pool = new WorkerPool(workers, {
    width,
    cacheBytes,
    images,
    out: options.out,
    stretch,
    ...(bunit ? { bunit } : {}),
  });
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let resampleSeconds = 0;
  try {
    const tr = performance.now();
    let done = 0;
    const batches: Promise<void>[] = [];
    // Worker k gets the k-th contiguous share of the (image-grouped) tiles; idle workers steal from the end.
    const batchCount = Math.ceil(dirty.length / BATCH);
    for (let b = 0; b < dirty.length; b += BATCH) {
      const tiles = dirty.slice(b, b + BATCH);
      const affinity = Math.floor(((b / BATCH) * workers) / batchCount);
      batches.push(
        pool
          .run({ type: 'resample', order, tiles, imageIndices: tiles.map((t) => tileImages.get(t)!) }, affinity)
          .then((reply) => {
            reply.finite.forEach((n, k) => {
              const entry = manifest.tiles[tiles[k]];
              if (n === 0) entry.empty = true;
              else delete entry.empty;
            });
            if (reply.min !== undefined && reply.min < min) min = reply.min;
            if (reply.max !== undefined && reply.max > max) max = reply.max;
            done += tiles.length;
            progress({ phase: 'resample', done, total: dirty.length });
          }),
      );
    }
    await Promise.all(batches);
    resampleSeconds = (performance.now() - tr) / 1000;

    // 5. Lower orders, above the changed (or removed) tiles only, on the workers: one order after the other (a parent
    // needs its four children written), each order in batches over all workers.
    let changed = new Set([...dirty, ...removed]);
    const parentsByOrder = new Map<number, number[]>();
    for (let o = order - 1; o >= MIN_HIPS_ORDER; o--) {
      const parents = [...new Set([...changed].map((t) => Math.floor(t / 4)))].sort((a, b) => a - b);
      parentsByOrder.set(o, parents);
      changed = new Set(parents);
    }
    const lowerTotal = [...parentsByOrder.values()].reduce((a, l) => a + l.length, 0);
    let lowerTiles = 0;
    for (let o = order - 1; o >= MIN_HIPS_ORDER; o--) {
      const parents = parentsByOrder.get(o)!;
      // Small batches at the small top orders so that both workers get some.
      const size = Math.max(1, Math.min(BATCH, Math.ceil(parents.length / workers)));
      const jobs: Promise<void>[] = [];
      for (let b = 0; b < parents.length; b += size) {
        const tiles = parents.slice(b, b + size);
        jobs.push(
          pool.run({ type: 'lower', order: o, tiles }).then(() => {
            lowerTiles += tiles.length;
            progress({ phase: 'lower-orders', done: lowerTiles, total: lowerTotal });
          }),
        );
      }
      await Promise.all(jobs);
    }

    // hips_data_range: this build's values, widened by an earlier build's range (its unchanged tiles still count).
    const oldRange = oldProps && property(oldProps, 'hips_data_range')?.split(/\s+/).map(Number);
    if (oldRange?.length === 2 && oldRange.every(Number.isFinite)) {
      min = Math.min(min, oldRange[0]);
      max = Math.max(max, oldRange[1]);
    }
    const cuts: Cuts | null = min <= max ? { cut: stretch.cut, range: [min, max] } : null;

    // 6. Allsky at order 3 (HiPS 1.0 §4.3.2), rebuilt when any order-3 tile changed.
    if (parentsByOrder.get(ALLSKY_ORDER)?.length || order === ALLSKY_ORDER || !old) {
      const all = await buildAllsky(ALLSKY_ORDER, width, (n) =>
        readTileFits(join(options.out, tilePath(ALLSKY_ORDER, n, 'fits'))),
      );
      await writeFileAtomic(
        join(options.out, allskyPath(ALLSKY_ORDER, 'fits')),
        encodeTileFits(all.data, all.width, {
          order: ALLSKY_ORDER,
          npix: -1,
          allsky: true,
          ...(bunit ? { bunit } : {}),
        }),
      );
      await writeFileAtomic(
        join(options.out, allskyPath(ALLSKY_ORDER, 'png')),
        encodeTilePng(all.data, all.width, stretch),
      );
      progress({ phase: 'allsky', done: 1, total: 1 });
    }

    // Coverage, properties, manifest.
    const covered = Object.entries(manifest.tiles)
      .filter(([, e]) => !e.empty)
      .map(([t]) => Number(t));
    await writeFileAtomic(join(options.out, 'Moc.fits'), encodeCoverageFits(order, covered));
    const now = options.now ?? new Date();
    const props = hipsProperties({
      options,
      order,
      width,
      cuts,
      stretch,
      bunit,
      images,
      tiles: covered.length,
      created: (oldProps && property(oldProps, 'hips_creation_date')) || hipsDate(now),
      released: hipsDate(now),
    });
    await writeFileAtomic(propsPath, formatProperties(props));
    await writeManifest(options.out, manifest);

    return {
      order,
      tiles: covered.length,
      resampled: dirty.length,
      lowerTiles,
      removed: removed.length,
      images: images.length,
      cuts,
      stretch,
      diagnostics,
      seconds: (performance.now() - t0) / 1000,
      tilesPerSecond: resampleSeconds > 0 ? dirty.length / resampleSeconds : 0,
    };
  } finally {
    await pool.close();
  }
}

function fmt(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(7))) : 'nan';
}

function hipsProperties(a: {
  options: HipsBuildOptions;
  order: number;
  width: number;
  cuts: Cuts | null;
  stretch: Stretch;
  bunit?: string;
  images: SourceImage[];
  tiles: number;
  created: string;
  released: string;
}): Properties {
  const { options, order, width, cuts, stretch } = a;
  // Initial view: the centre of the first image's footprint, a field of view of a few image widths.
  const [ra, dec] = a.images[0].footprint.reduce(([x, y], [lo, la]) => [x + lo / 8, y + la / 8], [0, 0]);
  const fp = a.images[0].footprint;
  const p: Properties = [
    ['creator_did', options.creatorDid],
    ['obs_title', options.obsTitle],
    ...(options.obsCollection ? ([['obs_collection', options.obsCollection]] as Properties) : []),
    ...(options.obsRegime ? ([['obs_regime', options.obsRegime]] as Properties) : []),
    ['dataproduct_type', 'image'],
    ['hips_version', '1.4'], // HiPS 1.0 §4.4.1: "1.4" is the version number this Recommendation describes
    ['hips_builder', 'Obscura HiPS (@obscura/hips)'],
    ['hips_creation_date', a.created],
    ['hips_release_date', a.released],
    ['hips_status', 'public master clonableOnce'],
    ['hips_tile_format', 'png fits'],
    ['hips_order', String(order)],
    ['hips_order_min', String(MIN_HIPS_ORDER)],
    ['hips_tile_width', String(width)],
    ['hips_frame', 'equatorial'],
    ['hips_pixel_bitpix', '-32'],
    ['hips_pixel_scale', fmt(hipsPixelSize(order, width))],
    ['hips_sampling', 'bilinear'],
    ['hips_overlay', 'mean weighted by the distance to the image edge'],
    ['hips_initial_ra', fmt(fp.length === 8 ? ra : fp[0][0])],
    ['hips_initial_dec', fmt(fp.length === 8 ? dec : fp[0][1])],
    ['hips_initial_fov', fmt(Math.max(0.1, Math.sqrt(a.tiles) * hipsPixelSize(order, width) * width))],
    ['moc_sky_fraction', fmt(skyFraction(order, a.tiles))],
    ['hips_nb_tiles', String(a.tiles)],
  ];
  if (a.bunit) p.push(['hips_bunit', a.bunit]);
  // §4.4.1 hips_pixel_cut: the cut range of the PNG tiles; the stretch between the cuts is ours (stretch.ts).
  p.push(['hips_pixel_cut', `${fmtCut(stretch.cut[0])} ${fmtCut(stretch.cut[1])}`]);
  p.push([STRETCH_KEY, stretch.fn]);
  if (stretch.fn === 'asinh') p.push([SOFTENING_KEY, fmtCut(stretch.softening)]);
  if (cuts) p.push(['hips_data_range', `${fmt(cuts.range[0])} ${fmt(cuts.range[1])}`]);
  return p;
}

/** Custom properties keys (HiPS 1.0 §4.4.1 allows keys of one's own): the PNG stretch function and its softening. */
export const STRETCH_KEY = 'obscura_pixel_stretch';
export const SOFTENING_KEY = 'obscura_asinh_softening';

/** Cut values at full float64 precision: they are reused by incremental rebuilds and must not drift. */
function fmtCut(v: number): string {
  return String(v);
}

/** The stretch an earlier build recorded (a build before the stretch keys was linear), or null. */
export function stretchOfProperties(props: Properties): Stretch | null {
  const cut = property(props, 'hips_pixel_cut')?.split(/\s+/).map(Number);
  if (!(cut?.length === 2 && cut.every(Number.isFinite) && cut[1] > cut[0])) return null;
  const fn = (property(props, STRETCH_KEY) ?? 'linear') as StretchFunction;
  if (!STRETCHES.includes(fn)) return null;
  const softening = Number(property(props, SOFTENING_KEY));
  if (fn === 'asinh' && !(softening > 0)) return null;
  return { fn, cut: [cut[0], cut[1]], softening: fn === 'asinh' ? softening : 0 };
}

/** The asinh stretch of a sample of the images' rows (linear 0..1 when no image has a finite pixel). */
async function stretchOfImages(images: SourceImage[], progress: (p: HipsProgress) => void): Promise<Stretch> {
  const sample = new ValueSample(1 << 21);
  let done = 0;
  await mapConcurrent(images, DESCRIBE_CONCURRENCY, async (img) => {
    await sampleImagePixels(img, sample);
    progress({ phase: 'stretch', done: ++done, total: images.length });
  });
  return asinhStretchOf(sample) ?? { fn: 'linear', cut: [0, 1], softening: 0 };
}
