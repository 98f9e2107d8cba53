// The images a bulk-cutout job may cut, as ObsCore rows: found by identifier (QUERY mode) or by position (source
// lists), the latter through the HEALPix index of ivoa.obscore (`obscura_hpx`, the order-29 cell of s_ra/s_dec): the
// cones of all sources, widened by the largest s_fov of the selection, become one merged list of index ranges, read
// in a few range-seek queries; the exact test (s_region contains the source, ObsCore 1.1 §4.10) then runs in memory.
// A 200-source list is thus a handful of indexed queries, not 200 scans.
import { type Database, HEALPIX_COLUMN, HEALPIX_INDEX_ORDER, OBSCORE_TABLE, parseRegion } from '@obscura/archive';
import {
  angularDistance,
  coveringIndexRanges,
  polygonContains,
  preparePolygon,
  type SphericalPolygon,
} from '@obscura/sky';
import type { BulkSource } from './source-list.ts';

/** What the bulk job needs of an ObsCore row. */
export interface ImageRow {
  did: string;
  collection: string;
  dataproductType: string | null;
  ra: number | null;
  dec: number | null;
  /** s_fov, degrees (diameter of the circle enclosing the footprint). */
  fov: number | null;
  region: string | null;
  /** s_resolution (arcsec) and the radio extension's best resolution s_resolution_min (arcsec, at freq_max). */
  resolution: number | null;
  resolutionMin: number | null;
  /** freq_min/freq_max, Hz. */
  freqMin: number | null;
  freqMax: number | null;
  releaseDate: string | null;
  proposalId: string | null;
}

/** COLLECTION (OR'ed, any when empty) and DPTYPE (OR'ed) filters. */
export interface ImageFilter {
  collections: readonly string[];
  dataproductTypes: readonly string[];
}

const COLUMNS =
  'obs_publisher_did, obs_collection, dataproduct_type, s_ra, s_dec, s_fov, s_region, s_resolution, ' +
  's_resolution_min, freq_min, freq_max, obs_release_date, proposal_id';

/** At most this many values in one statement (SQLite's default limit is 32766). */
const SQL_BATCH = 400;
/** Index ranges per source cone before coarsening. */
const RANGES_PER_SOURCE = 8;

function num(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

function str(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return v instanceof Date ? v.toISOString() : String(v);
}

function toImage(r: Record<string, unknown>): ImageRow {
  return {
    did: String(r.obs_publisher_did),
    collection: String(r.obs_collection),
    dataproductType: str(r.dataproduct_type),
    ra: num(r.s_ra),
    dec: num(r.s_dec),
    fov: num(r.s_fov),
    region: str(r.s_region),
    resolution: num(r.s_resolution),
    resolutionMin: num(r.s_resolution_min),
    freqMin: num(r.freq_min),
    freqMax: num(r.freq_max),
    releaseDate: str(r.obs_release_date),
    proposalId: str(r.proposal_id),
  };
}

/** SQL condition and parameters of the filter, numbering parameters from `first`. */
function filterSql(db: Database, filter: ImageFilter, first: number): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const inList = (column: string, values: readonly string[]) => {
    if (values.length === 0) return;
    const marks = values.map((v) => {
      params.push(v);
      return db.dialect.param(first + params.length - 1);
    });
    parts.push(`${column} IN (${marks.join(', ')})`);
  };
  inList('obs_collection', filter.collections);
  inList('dataproduct_type', filter.dataproductTypes);
  return { sql: parts.join(' AND '), params };
}

/** The ObsCore rows with these identifiers (absent ones are missing from the map). */
export async function imagesByDid(db: Database, dids: readonly string[]): Promise<Map<string, ImageRow>> {
  const out = new Map<string, ImageRow>();
  const unique = [...new Set(dids)];
  const o = db.dialect.table(OBSCORE_TABLE);
  for (let i = 0; i < unique.length; i += SQL_BATCH) {
    const batch = unique.slice(i, i + SQL_BATCH);
    const marks = batch.map((_, k) => db.dialect.param(k + 1)).join(', ');
    const rows = await db.all<Record<string, unknown>>(
      `SELECT ${COLUMNS} FROM ${o} WHERE obs_publisher_did IN (${marks})`,
      batch,
    );
    for (const r of rows) out.set(String(r.obs_publisher_did), toImage(r));
  }
  return out;
}

/** Sorted, merged inclusive ranges. */
function mergeRanges(ranges: [bigint, bigint][]): [bigint, bigint][] {
  ranges.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: [bigint, bigint][] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1] + 1n) {
      if (r[1] > last[1]) last[1] = r[1];
    } else out.push([r[0], r[1]]);
  }
  return out;
}

/** Candidate images: those whose centre lies within `reach` degrees of a source (indexed range seeks). */
async function candidates(
  db: Database,
  sources: readonly BulkSource[],
  reach: number,
  filter: ImageFilter,
): Promise<ImageRow[]> {
  const o = db.dialect.table(OBSCORE_TABLE);
  const all: [bigint, bigint][] = [];
  let wholeSky = false;
  for (const [n, s] of sources.entries()) {
    // Coverings cost tens of µs each: a long list yields to the event loop now and then.
    if (n % 200 === 199) await new Promise((r) => setImmediate(r));
    const r = coveringIndexRanges(
      { type: 'circle', ra: s.ra, dec: s.dec, radius: reach },
      { indexOrder: HEALPIX_INDEX_ORDER, maxRanges: RANGES_PER_SOURCE, maxOrder: 20, noFilterRadius: 90 },
    );
    if (r === null) {
      wholeSky = true;
      break;
    }
    all.push(...r);
  }
  const found = new Map<string, ImageRow>();
  const run = async (rangeSql: string, rangeParams: unknown[]) => {
    const f = filterSql(db, filter, rangeParams.length + 1);
    const where = [rangeSql, f.sql, 's_region IS NOT NULL'].filter((x) => x !== '').join(' AND ');
    const rows = await db.all<Record<string, unknown>>(`SELECT ${COLUMNS} FROM ${o} WHERE ${where}`, [
      ...rangeParams,
      ...f.params,
    ]);
    for (const r of rows) found.set(String(r.obs_publisher_did), toImage(r));
  };
  if (wholeSky) {
    await run('', []);
  } else {
    const merged = mergeRanges(all);
    const hpx = db.dialect.quote(HEALPIX_COLUMN);
    // node-postgres takes bigint parameters as text; better-sqlite3 as BigInt.
    const value = (v: bigint) => (db.dialect.name === 'sqlite' ? v : v.toString());
    const per = SQL_BATCH / 2;
    for (let i = 0; i < merged.length; i += per) {
      const batch = merged.slice(i, i + per);
      const terms = batch.map(
        (_, k) => `${hpx} BETWEEN ${db.dialect.param(2 * k + 1)} AND ${db.dialect.param(2 * k + 2)}`,
      );
      await run(
        `(${terms.join(' OR ')})`,
        batch.flatMap(([lo, hi]) => [value(lo), value(hi)]),
      );
    }
  }
  return [...found.values()].sort((a, b) => (a.did < b.did ? -1 : a.did > b.did ? 1 : 0));
}

/**
 * For each source (by index), the images of the selection whose footprint contains its position, in identifier
 * order. Images without a readable s_region (or without s_ra/s_dec, which the index needs) are never matched.
 */
export async function imagesContaining(
  db: Database,
  sources: readonly BulkSource[],
  filter: ImageFilter,
): Promise<Map<number, ImageRow[]>> {
  const out = new Map<number, ImageRow[]>(sources.map((s) => [s.index, []]));
  if (sources.length === 0) return out;
  const o = db.dialect.table(OBSCORE_TABLE);
  const f = filterSql(db, filter, 1);
  const max = await db.all<{ m: unknown }>(
    `SELECT MAX(s_fov) AS m FROM ${o}${f.sql ? ` WHERE ${f.sql}` : ''}`,
    f.params,
  );
  const maxFov = num(max[0]?.m);
  if (maxFov === null) return out;
  // Any point of a footprint is within s_fov (the enclosing circle's diameter) of its centre pixel.
  const reach = Math.max(maxFov, 1e-6) * 1.001;
  const images = await candidates(db, sources, reach, filter);
  // Footprints sorted by the declination of their centre: a source tests only those within `reach` in declination.
  const shapes: { image: ImageRow; dec: number; polygon: SphericalPolygon }[] = [];
  for (const image of images) {
    const p = image.region === null ? null : parseRegion(image.region);
    if (!p || image.ra === null || image.dec === null) continue;
    shapes.push({ image, dec: image.dec, polygon: preparePolygon(p.vertices.map(([ra, dec]) => ({ ra, dec }))) });
  }
  shapes.sort((a, b) => a.dec - b.dec);
  const firstAbove = (dec: number) => {
    let lo = 0;
    let hi = shapes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (shapes[mid].dec < dec) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (const [n, s] of sources.entries()) {
    const list = out.get(s.index) as ImageRow[];
    for (let k = firstAbove(s.dec - reach); k < shapes.length && shapes[k].dec <= s.dec + reach; k++) {
      const { image, polygon } = shapes[k];
      if (angularDistance(s.ra, s.dec, image.ra as number, image.dec as number) > reach) continue;
      if (polygonContains(polygon, s.ra, s.dec)) list.push(image);
    }
    // Long lists: let the event loop serve other requests now and then.
    if (n % 500 === 499) await new Promise((r) => setImmediate(r));
  }
  for (const list of out.values()) list.sort((a, b) => (a.did < b.did ? -1 : a.did > b.did ? 1 : 0));
  return out;
}

/** Whether the image's footprint (s_region) contains the position; null when the footprint cannot be read. */
export function footprintContains(image: ImageRow, ra: number, dec: number): boolean | null {
  const p = image.region === null ? null : parseRegion(image.region);
  if (!p) return null;
  return polygonContains(preparePolygon(p.vertices.map(([lon, lat]) => ({ ra: lon, dec: lat }))), ra, dec);
}
