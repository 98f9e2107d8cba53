// What a bulk job will cut: the plan, one row per (source, image) pair, in a deterministic order (sources in list or
// query order, then images by identifier, or best first with SELECT=best), so that a re-run makes the same tasks
// with the same keys and file names and its journal applies. Access (DESIGN.md "Proprietary data") is decided here
// for the job's owner: a proprietary image the owner is not entitled to becomes a `proprietary` row and is never
// opened.
import type { CutoutRegion } from '@obscura/fits';
import { canAccess, type User } from '../access.ts';
import { type ExecuteContext, startQuery } from '../tap/execute.ts';
import type { BulkParams } from './bulk-params.ts';
import { BulkUsageError } from './bulk-params.ts';
import type { CutoutStatus } from './cutout-file.ts';
import { footprintContains, type ImageFilter, type ImageRow, imagesByDid, imagesContaining } from './images.ts';
import { rankByResolution } from './resolution.ts';
import { type BulkSource, parseSourceList } from './source-list.ts';

/** A source of the plan: a listed position, or a QUERY row (whose position may be the CIRCLE/POLYGON/POS region). */
export interface PlanSource {
  index: number;
  name: string;
  ra: number | null;
  dec: number | null;
  radius: number | null;
}

export interface PlanRow {
  source: PlanSource;
  /** Null when no image of the selection matched the source. */
  image: ImageRow | null;
  region: CutoutRegion | null;
  /** The region as text (provenance and task key). */
  regionText: string;
  /** Decided before cutting (proprietary, not_found, no_overlap); otherwise the cutout decides. */
  preset?: { status: CutoutStatus; message: string };
}

/** Cutouts a job may plan at most. */
export const MAX_PLAN_ROWS = 100_000;

/** Where the plan gets its inputs. */
export interface PlanContext {
  execute: ExecuteContext;
  /** Bytes of an uploaded part saved with the job (null when absent). */
  readPart(part: string): Promise<Buffer | null>;
  /** The job owner (undefined: anonymous). */
  user: User | undefined;
  now?: Date;
  /** The job's abort (ABORT, executionDuration): a QUERY being read stops at its next batch. */
  signal?: AbortSignal;
}

/** The identity of a task, stable across re-runs. */
export function taskKey(row: PlanRow): string {
  return `${row.source.index}\t${row.image?.did ?? ''}\t${row.regionText}`;
}

function circleText(ra: number, dec: number, radius: number): string {
  return `CIRCLE=${ra} ${dec} ${radius}`;
}

function accessOf(image: ImageRow, ctx: PlanContext): { allowed: true } | { allowed: false; reason: string } {
  return canAccess(
    ctx.user,
    { obs_publisher_did: image.did, obs_release_date: image.releaseDate, proposal_id: image.proposalId },
    ctx.now,
  );
}

/**
 * The rows of one source given its candidate images: every image (SELECT=all), or the best-resolution one at FREQ
 * the owner may read, preceded by any better proprietary ones (so the manifest says why they were not used).
 */
function rowsForSource(
  source: PlanSource,
  images: readonly ImageRow[],
  region: CutoutRegion | null,
  regionText: string,
  params: BulkParams,
  ctx: PlanContext,
): PlanRow[] {
  if (images.length === 0) {
    return [
      {
        source,
        image: null,
        region,
        regionText,
        preset: { status: 'no_overlap', message: 'no image of the selection contains this position' },
      },
    ];
  }
  const ordered = params.select === 'best' ? rankByResolution(images, params.freq as number) : images;
  const out: PlanRow[] = [];
  for (const image of ordered) {
    const access = accessOf(image, ctx);
    if (!access.allowed) {
      out.push({ source, image, region, regionText, preset: { status: 'proprietary', message: access.reason } });
      continue;
    }
    out.push({ source, image, region, regionText });
    if (params.select === 'best') break;
  }
  return out;
}

function checkSize(n: number): void {
  if (n > MAX_PLAN_ROWS) {
    throw new BulkUsageError(
      `the job would make more than ${MAX_PLAN_ROWS} cutouts; split the source list or make the query more selective`,
    );
  }
}

async function planSourceList(params: BulkParams, ctx: PlanContext, filter: ImageFilter): Promise<PlanRow[]> {
  const spec = params.sourceList as NonNullable<BulkParams['sourceList']>;
  if (!spec.uri.startsWith('param:')) {
    throw new BulkUsageError(`UPLOAD ${spec.name}: send the source list inline (UPLOAD=${spec.name},param:<part>)`);
  }
  const bytes = await ctx.readPart(spec.uri.slice('param:'.length));
  if (!bytes) throw new BulkUsageError(`UPLOAD ${spec.name}: the request has no part named ${spec.uri.slice(6)}`);
  let sources: BulkSource[];
  try {
    sources = await parseSourceList(bytes, params.radius);
  } catch (e) {
    throw new BulkUsageError((e as Error).message);
  }
  const matches = await imagesContaining(ctx.execute.db, sources, filter);
  const rows: PlanRow[] = [];
  for (const s of sources) {
    const region: CutoutRegion = { type: 'circle', ra: s.ra, dec: s.dec, radius: s.radius };
    rows.push(...rowsForSource(s, matches.get(s.index) ?? [], region, circleText(s.ra, s.dec, s.radius), params, ctx));
    checkSize(rows.length);
  }
  return rows;
}

/** Column positions of a QUERY result (by name, case-insensitive). */
function queryColumns(names: readonly string[]) {
  const lower = names.map((n) => n.toLowerCase());
  const find = (...candidates: string[]) => {
    for (const c of candidates) {
      const i = lower.indexOf(c);
      if (i >= 0) return i;
    }
    return -1;
  };
  return {
    did: find('obs_publisher_did'),
    ra: find('ra'),
    dec: find('dec'),
    radius: find('radius'),
    name: find('name', 'source_name', 'source', 'id'),
  };
}

function finite(v: unknown): number | null {
  const n = typeof v === 'bigint' ? Number(v) : typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

async function planQuery(params: BulkParams, ctx: PlanContext, filter: ImageFilter): Promise<PlanRow[]> {
  let started: Awaited<ReturnType<typeof startQuery>>;
  try {
    started = await startQuery(ctx.execute, params.lang, params.query as string, params.uploads, (part) =>
      ctx.readPart(part),
    );
  } catch (e) {
    throw new BulkUsageError((e as Error).message);
  }
  // Sources in order of first appearance; a source is its name, or its position and radius, or the row itself.
  const sources = new Map<string, { source: PlanSource; dids: string[] }>();
  try {
    const c = queryColumns(started.prepared.fields.map((f) => f.name));
    if (c.did < 0) {
      throw new BulkUsageError(
        'the QUERY must select obs_publisher_did (the images to cut), e.g. SELECT obs_publisher_did FROM ivoa.obscore WHERE ...',
      );
    }
    const positioned = c.ra >= 0 && c.dec >= 0;
    if (!positioned && !params.region) {
      throw new BulkUsageError(
        'the QUERY rows give no position: select ra and dec (and radius, degrees) columns, e.g. a catalogue joined ' +
          'with ivoa.obscore, or give CIRCLE, POLYGON or POS for the region to cut from every image',
      );
    }
    let n = 0;
    for await (const batch of started.stream) {
      // Leaving the loop closes the stream, which stops the query (its worker's cursor, PostgreSQL's statement).
      if (ctx.signal?.aborted) throw ctx.signal.reason ?? new Error('aborted');
      for (const row of batch) {
        const did = row[c.did];
        if (did === null || did === undefined) continue;
        const ra = positioned ? finite(row[c.ra]) : null;
        const dec = positioned ? finite(row[c.dec]) : null;
        const radius = c.radius >= 0 ? finite(row[c.radius]) : (params.radius ?? null);
        const name = c.name >= 0 && row[c.name] !== null ? String(row[c.name]) : undefined;
        // Without ra/dec columns every row is cut with the one CIRCLE/POLYGON/POS region: one source.
        const key = name ?? (positioned ? `${ra} ${dec} ${radius}` : 'region');
        let entry = sources.get(key);
        if (!entry) {
          const circle = params.region?.type === 'circle' ? params.region : undefined;
          entry = {
            source: positioned
              ? { index: sources.size, name: name ?? `source${sources.size + 1}`, ra, dec, radius }
              : {
                  index: sources.size,
                  name: name ?? 'region',
                  ra: circle?.ra ?? null,
                  dec: circle?.dec ?? null,
                  radius: circle?.radius ?? null,
                },
            dids: [],
          };
          sources.set(key, entry);
        }
        entry.dids.push(String(did));
        if (++n > MAX_PLAN_ROWS) checkSize(n);
      }
    }
  } finally {
    await started.stream.close().catch(() => {});
    await started.cleanup();
  }
  const images = await imagesByDid(ctx.execute.db, [...new Set([...sources.values()].flatMap((s) => s.dids))]);
  const keep = (i: ImageRow) =>
    (filter.collections.length === 0 || filter.collections.includes(i.collection)) &&
    (filter.dataproductTypes.length === 0 || filter.dataproductTypes.includes(i.dataproductType ?? ''));
  const rows: PlanRow[] = [];
  for (const { source, dids } of sources.values()) {
    let region: CutoutRegion | null = params.region ?? null;
    let regionText = params.regionText ?? '';
    if (source.ra !== null && source.dec !== null) {
      if (source.radius === null || !(source.radius > 0)) {
        rows.push({
          source,
          image: null,
          region: null,
          regionText: '',
          preset: { status: 'error', message: 'no radius for this row: select a radius column or give RADIUS' },
        });
        continue;
      }
      region = { type: 'circle', ra: source.ra, dec: source.dec, radius: source.radius };
      regionText = circleText(source.ra, source.dec, source.radius);
    } else if (positionless(source, params)) {
      rows.push({
        source,
        image: null,
        region: null,
        regionText: '',
        preset: { status: 'error', message: 'ra or dec is null in this row' },
      });
      continue;
    }
    const found: ImageRow[] = [];
    const unknown: string[] = [];
    for (const did of [...new Set(dids)]) {
      const image = images.get(did);
      if (!image) unknown.push(did);
      else if (keep(image)) found.push(image);
    }
    for (const did of unknown) {
      rows.push({
        source,
        image: { ...emptyImage(), did },
        region,
        regionText,
        preset: { status: 'not_found', message: `${did} is not a product of this archive` },
      });
    }
    // SELECT=best compares only the images that contain the source (when it has a centre), as for source lists.
    const { ra, dec } = source;
    const candidates =
      params.select === 'best' && ra !== null && dec !== null
        ? found.filter((i) => footprintContains(i, ra, dec) !== false)
        : found;
    if (candidates.length > 0 || unknown.length === 0) {
      rows.push(...rowsForSource(source, candidates, region, regionText, params, ctx));
    }
  }
  return rows;
}

/** A QUERY row meant to carry a position (ra/dec columns exist) but whose values are null. */
function positionless(source: PlanSource, params: BulkParams): boolean {
  return (source.ra === null || source.dec === null) && !params.region;
}

function emptyImage(): ImageRow {
  return {
    did: '',
    collection: '',
    dataproductType: null,
    ra: null,
    dec: null,
    fov: null,
    region: null,
    resolution: null,
    resolutionMin: null,
    freqMin: null,
    freqMax: null,
    releaseDate: null,
    proposalId: null,
  };
}

/** The job's plan from its parameters. */
export async function planBulk(params: BulkParams, ctx: PlanContext): Promise<PlanRow[]> {
  const filter: ImageFilter = { collections: params.collections, dataproductTypes: params.dataproductTypes };
  return params.query !== undefined ? planQuery(params, ctx, filter) : planSourceList(params, ctx, filter);
}
