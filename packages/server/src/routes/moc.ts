// `/moc/<collection>`: the coverage of a collection as a MOC (MOC 2.0, IVOA 2022), built from `ivoa.obscore`:
//  - space (`dim=space`, the default): the union of the products' `s_region` footprints (DALI 1.1 §3.3.7 polygons,
//    as ingest writes them, or STC-S as ObsCore 1.1 §4.11 allows), each an upper approximation at an order from the
//    finest pixel scale (`mocOrderForPixelScale`, at most 12 ≈ 52″ cells), with `s_ra`/`s_dec` + `s_fov` as a cone
//    for products without a region;
//  - frequency (`dim=frequency`): the union of the [freq_min, freq_max] intervals as an F-MOC (the cds-moc-rust /
//    mocpy frequency MOC, `@obscura/sky`).
// `format=fits` (default, MOC 2.0 §4.3.1 / §6, application/fits), `json` (§4.3.3, application/json) or `ascii`
// (§4.3.2, text/plain). Each MOC is computed once per collection state and cached: the ETag is derived from the
// collection's `updated_at` (obscura.collections, set by every ingest) and its product count, so an ingest
// invalidates it; conditional requests get 304. Errors are text/plain (DESIGN.md "Errors": binary endpoints).
import { createHash } from 'node:crypto';
import { COLLECTIONS_TABLE, type Database, OBSCORE_TABLE } from '@obscura/archive';
import { encodeMocFits } from '@obscura/fits';
import {
  boxToPolygon,
  FREQ_MAX_HZ,
  FREQ_MIN_HZ,
  frequencyMocFromRanges,
  Moc,
  mocToAscii,
  mocToJson,
  parseDaliPolygon,
  parseStcs,
  type Region,
  spaceMocFromCone,
  spaceMocFromPolygon,
} from '@obscura/sky';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.ts';
import { daliParams } from '../dali-params.ts';
import { HttpError, useErrorForm } from '../errors.ts';

export type MocDim = 'space' | 'frequency';
export type MocFormat = 'fits' | 'json' | 'ascii';

const CONTENT_TYPES: Record<MocFormat, string> = {
  fits: 'application/fits',
  json: 'application/json',
  ascii: 'text/plain; charset=utf-8',
};

/** Deepest space order of a collection MOC: 12 (≈ 52″ cells), enough for footprints of arcminute-sized images. */
export const MAX_SPACE_ORDER = 12;
/** Coarsest space order used (≈ 55′ cells), for products with no pixel scale. */
export const MIN_SPACE_ORDER = 6;
/**
 * F-MOC depth: 8 exponent bits + (depth − 7) mantissa bits, i.e. a relative resolution of 2^−(depth−7):
 * depth 24 ≈ 7.6e−6 (23 kHz at 3 GHz), finer than any channel width of a continuum image.
 */
export const FREQUENCY_DEPTH = 24;

/**
 * The space order for a collection whose finest pixel scale is `arcsec`: the smallest order whose cells are at most
 * 32 pixels wide, within MIN_SPACE_ORDER..MAX_SPACE_ORDER (HEALPix cell size at order k ≈ 58.6°/2^k).
 */
export function mocOrderForPixelScale(arcsec: number | null): number {
  if (!(arcsec !== null && arcsec > 0 && Number.isFinite(arcsec))) return 10;
  const target = (32 * arcsec) / 3600;
  let k = MIN_SPACE_ORDER;
  while (k < MAX_SPACE_ORDER && Math.sqrt((4 * Math.PI) / (12 * 4 ** k)) * (180 / Math.PI) > target) k++;
  return k;
}

/** The MOC of one region (polygon, circle, box, and unions of them; others are approximated by their parts). */
function regionMoc(order: number, region: Region): Moc | null {
  switch (region.type) {
    case 'polygon':
      return spaceMocFromPolygon(order, region);
    case 'circle':
      return spaceMocFromCone(order, region.ra, region.dec, region.radius);
    case 'box':
      return spaceMocFromPolygon(order, boxToPolygon(region));
    case 'union':
      return unionAll(region.regions.map((r) => regionMoc(order, r)).filter((m): m is Moc => m !== null));
    default:
      // point, intersection, not, difference: no area of their own worth a footprint (or not an upper bound).
      return null;
  }
}

/** The union of many MOCs, pairwise (a balanced tree, so the cost stays ~ n log n in ranges). */
function unionAll(mocs: Moc[]): Moc | null {
  if (mocs.length === 0) return null;
  let level = mocs;
  while (level.length > 1) {
    const next: Moc[] = [];
    for (let k = 0; k < level.length; k += 2) next.push(k + 1 < level.length ? level[k].union(level[k + 1]) : level[k]);
    level = next;
  }
  return level[0];
}

interface ProductRow {
  s_region: string | null;
  s_ra: number | null;
  s_dec: number | null;
  s_fov: number | null;
  s_pixel_scale: number | null;
  freq_min: number | null;
  freq_max: number | null;
}

/** The footprint of one product: s_region (DALI polygon, else STC-S), else a cone of s_fov/2 around s_ra/s_dec. */
function productMoc(order: number, r: ProductRow): Moc | null {
  const text = r.s_region?.trim();
  if (text) {
    const dali = /^[-+.\d]/.test(text) ? parseDaliPolygon(text) : null;
    if (dali?.value) return spaceMocFromPolygon(order, dali.value);
    const stcs = parseStcs(text);
    if (stcs.value) return regionMoc(order, stcs.value);
  }
  const ra = num(r.s_ra);
  const dec = num(r.s_dec);
  const fov = num(r.s_fov);
  if (ra !== null && dec !== null && fov !== null && fov > 0)
    return spaceMocFromCone(order, ra, dec, Math.min(fov / 2, 180));
  return null;
}

function num(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' || typeof v === 'bigint' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : null;
}

/** Space coverage of the products: the union of their footprints at the order of the finest pixel scale. */
export function spaceCoverage(rows: ProductRow[]): Moc {
  const scales = rows.map((r) => num(r.s_pixel_scale)).filter((s): s is number => s !== null && s > 0);
  const order = mocOrderForPixelScale(scales.length > 0 ? Math.min(...scales) : null);
  return (
    unionAll(rows.map((r) => productMoc(order, r)).filter((m): m is Moc => m !== null)) ?? Moc.empty('space', order)
  );
}

/** Frequency coverage: the union of the [freq_min, freq_max] intervals (Hz) within the F-MOC range. */
export function frequencyCoverage(rows: ProductRow[]): Moc {
  const ranges: Array<[number, number]> = [];
  for (const r of rows) {
    const lo = num(r.freq_min);
    const hi = num(r.freq_max);
    if (lo === null || hi === null) continue;
    const a = Math.max(Math.min(lo, hi), FREQ_MIN_HZ);
    const b = Math.min(Math.max(lo, hi), FREQ_MAX_HZ);
    if (a < b) ranges.push([a, b]);
  }
  ranges.sort((x, y) => x[0] - y[0]);
  return frequencyMocFromRanges(FREQUENCY_DEPTH, ranges);
}

interface CollectionState {
  /** Null when the collection has no products and is not described in obscura.collections. */
  stamp: string | null;
}

async function collectionState(db: Database, collection: string): Promise<CollectionState> {
  const d = db.dialect;
  const described = await db.all<{ updated_at: unknown }>(
    `SELECT updated_at FROM ${d.table(COLLECTIONS_TABLE)} WHERE name = ${d.param(1)}`,
    [collection],
  );
  const counted = await db.all<{ n: unknown }>(
    `SELECT COUNT(*) AS n FROM ${d.table(OBSCORE_TABLE)} WHERE obs_collection = ${d.param(1)}`,
    [collection],
  );
  const n = Number(counted[0]?.n ?? 0);
  if (described.length === 0 && n === 0) return { stamp: null };
  const updated = described[0]?.updated_at;
  return { stamp: `${updated instanceof Date ? updated.toISOString() : String(updated ?? '')}|${n}` };
}

async function productRows(db: Database, collection: string): Promise<ProductRow[]> {
  const d = db.dialect;
  return db.all<ProductRow>(
    `SELECT s_region, s_ra, s_dec, s_fov, s_pixel_scale, freq_min, freq_max FROM ${d.table(OBSCORE_TABLE)} ` +
      `WHERE obs_collection = ${d.param(1)}`,
    [collection],
  );
}

interface CachedCoverage {
  stamp: string;
  space: Moc;
  frequency: Moc;
  bodies: Map<string, Uint8Array | string>;
}

/** Collection names as they appear in URLs: letters, digits, '.', '_', '-', '+'. */
const COLLECTION = /^[A-Za-z0-9._+-]{1,128}$/;

function parseDim(v: string | undefined): MocDim {
  const s = (v ?? 'space').toLowerCase();
  if (s === 'space' || s === 's') return 'space';
  if (s === 'frequency' || s === 'freq' || s === 'f') return 'frequency';
  throw new HttpError('BAD_REQUEST', `DIM '${v}' is not supported: use dim=space (default) or dim=frequency`);
}

function parseFormat(v: string | undefined): MocFormat {
  const s = (v ?? 'fits').toLowerCase();
  if (s === 'fits' || s === 'application/fits') return 'fits';
  if (s === 'json' || s === 'application/json') return 'json';
  if (s === 'ascii' || s === 'text' || s === 'text/plain') return 'ascii';
  throw new HttpError('BAD_REQUEST', `FORMAT '${v}' is not supported: use format=fits (default), json or ascii`);
}

function body(moc: Moc, format: MocFormat, mocid: string): Uint8Array | string {
  if (format === 'fits') return encodeMocFits(moc, { moctool: 'Obscura', mocid, moctype: 'IMAGE' });
  if (format === 'json') return `${mocToJson(moc)}\n`;
  return `${mocToAscii(moc)}\n`;
}

export async function mocRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  useErrorForm(app, 'text', () => ['/moc/<collection>?format=fits|json|ascii&dim=space|frequency']);
  ctx.available.add('moc');
  const cache = new Map<string, CachedCoverage>();
  // Concurrent first requests for one collection share one computation.
  const pending = new Map<string, Promise<CachedCoverage>>();

  async function coverage(collection: string, stamp: string): Promise<CachedCoverage> {
    const hit = cache.get(collection);
    if (hit?.stamp === stamp) return hit;
    const key = `${collection}\n${stamp}`;
    let p = pending.get(key);
    if (!p) {
      p = productRows(ctx.db, collection).then((rows) => {
        const c = { stamp, space: spaceCoverage(rows), frequency: frequencyCoverage(rows), bodies: new Map() };
        cache.set(collection, c);
        return c;
      });
      pending.set(key, p);
      p.finally(() => pending.delete(key)).catch(() => {});
    }
    return p;
  }

  async function handler(request: FastifyRequest, reply: FastifyReply) {
    const { collection } = request.params as { collection: string };
    const params = daliParams(request);
    const dim = parseDim(params.get('dim'));
    const format = parseFormat(params.get('format') ?? params.get('responseformat'));
    const unknown = () =>
      new HttpError(
        'NOT_FOUND',
        `No collection '${collection}'. /moc/<collection> takes a collection name as listed on the landing page (/).`,
      );
    if (!COLLECTION.test(collection)) throw unknown();
    const { stamp } = await collectionState(ctx.db, collection);
    if (stamp === null) throw unknown();
    const etag = `"moc-${createHash('sha256').update(`${collection}\n${stamp}\n${dim}\n${format}`).digest('hex').slice(0, 24)}"`;
    reply.header('etag', etag);
    reply.header('cache-control', 'public, max-age=60, must-revalidate');
    reply.header('access-control-allow-origin', '*'); // Aladin Lite may load MOCs from other origins
    const inm = request.headers['if-none-match'];
    if (inm?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) return reply.code(304).send();
    const c = await coverage(collection, stamp);
    const bodyKey = `${dim}.${format}`;
    let b = c.bodies.get(bodyKey);
    if (b === undefined) {
      b = body(c[dim], format, `ivo://${ctx.config.authority}/${collection}`);
      c.bodies.set(bodyKey, b);
    }
    const bytes = typeof b === 'string' ? Buffer.from(b, 'utf8') : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
    reply.code(200).type(CONTENT_TYPES[format]).header('content-length', String(bytes.length));
    if (format === 'fits') reply.header('content-disposition', `inline; filename="${collection}-${dim}-moc.fits"`);
    return request.method === 'HEAD' ? reply.send() : reply.send(bytes);
  }

  app.route({ method: ['GET', 'HEAD'], url: '/:collection', exposeHeadRoute: false, handler });
}
