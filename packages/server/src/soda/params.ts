// SODA 1.0 §3 parameters of a {sync} request, checked and turned into a cutout request. Every problem is collected
// and reported at once as "UsageError: …" (§5.2). Multiplicity (§3.1): POL may repeat (one filter, §3.3.6); every other
// parameter is single-valued in {sync} (MultiValuedParamNotSupported); several IDs or regions are for {async}.
import type { CutoutRegion, CutoutRequest } from '@obscura/fits';
import { STOKES_CODES } from '@obscura/fits';
import { parseDaliCircle, parseDaliPolygon, type SkyDiagnostic } from '@obscura/sky';
import { DaliParams } from '../dali-params.ts';
import { HttpError } from '../errors.ts';

export interface SodaRequest {
  id: string;
  cutout: CutoutRequest;
  /** TIME interval, MJD (§3.3.5). */
  time?: [number, number];
  /** The filters as text, for the cutout's provenance (e.g. "CIRCLE=148.97 69.68 0.02"). */
  description: string;
}

const SINGLE = ['ID', 'CIRCLE', 'POLYGON', 'POS', 'BAND', 'TIME', 'RESPONSEFORMAT'] as const;

/** A DALI number, with -Inf/+Inf allowed for open interval limits (DALI 1.1 §3.3.4). */
function intervalNumber(tok: string): number {
  if (/^[+]?inf(inity)?$/i.test(tok)) return Number.POSITIVE_INFINITY;
  if (/^-inf(inity)?$/i.test(tok)) return Number.NEGATIVE_INFINITY;
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(tok) ? Number(tok) : Number.NaN;
}

function interval(name: string, text: string, problems: string[]): [number, number] | undefined {
  const toks = text.trim().split(/\s+/);
  const v = toks.map(intervalNumber);
  if (toks.length !== 2 || v.some(Number.isNaN)) {
    problems.push(`${name}="${text}" must be two numbers "low high" (-Inf/+Inf for open limits)`);
    return undefined;
  }
  if (v[0] > v[1]) {
    problems.push(`${name}="${text}": the low limit is above the high limit`);
    return undefined;
  }
  return [v[0], v[1]];
}

function diagnostics(name: string, list: SkyDiagnostic[], problems: string[]): void {
  for (const d of list) if (d.severity === 'error') problems.push(`${name}: ${d.message}`);
}

/** SODA 1.0 §3.3.1 POS: "CIRCLE lon lat r", "RANGE lon1 lon2 lat1 lat2" or "POLYGON lon lat …". */
function parsePos(text: string, problems: string[]): CutoutRegion | undefined {
  const m = /^\s*(\S+)\s*(.*)$/s.exec(text);
  const shape = m?.[1].toUpperCase() ?? '';
  const rest = m?.[2] ?? '';
  if (shape === 'CIRCLE') return circle('POS', rest, problems);
  if (shape === 'POLYGON') return polygon('POS', rest, problems);
  if (shape === 'RANGE') {
    const toks = rest.trim().split(/\s+/);
    const v = toks.map(intervalNumber);
    if (toks.length !== 4 || v.some(Number.isNaN)) {
      problems.push(`POS="${text}": RANGE takes four numbers "lon1 lon2 lat1 lat2" (degrees, -Inf/+Inf allowed)`);
      return undefined;
    }
    const [l1, l2, b1, b2] = v;
    const bad = (x: number, lo: number, hi: number) => Number.isFinite(x) && (x < lo || x > hi);
    if (bad(l1, 0, 360) || bad(l2, 0, 360)) problems.push(`POS="${text}": RANGE longitudes must be in [0, 360]`);
    else if (bad(b1, -90, 90) || bad(b2, -90, 90)) problems.push(`POS="${text}": RANGE latitudes must be in [-90, 90]`);
    else if (b1 > b2) problems.push(`POS="${text}": RANGE lat1 is above lat2`);
    else return { type: 'range', lon: [l1, l2], lat: [b1, b2] };
    return undefined;
  }
  problems.push(`POS="${text}": the shape must be CIRCLE, RANGE or POLYGON (SODA 1.0 §3.3.1)`);
  return undefined;
}

function circle(name: string, text: string, problems: string[]): CutoutRegion | undefined {
  const r = parseDaliCircle(text);
  diagnostics(name, r.diagnostics, problems);
  return r.value ? { type: 'circle', ra: r.value.ra, dec: r.value.dec, radius: r.value.radius } : undefined;
}

function polygon(name: string, text: string, problems: string[]): CutoutRegion | undefined {
  const r = parseDaliPolygon(text);
  diagnostics(name, r.diagnostics, problems);
  return r.value ? { type: 'polygon', vertices: r.value.vertices } : undefined;
}

/** Checks the parameters of a SODA {sync} request; throws HttpError with every problem found. */
export function parseSodaParams(params: DaliParams): SodaRequest {
  const repeated = SINGLE.filter((n) => params.getAll(n).length > 1);
  if (repeated.length > 0) {
    throw new HttpError(
      'SODA_MULTIVALUED',
      `MultiValuedParamNotSupported: ${repeated.map((n) => `${n} given ${params.getAll(n).length} times`).join(', ')}; ` +
        '{sync} cuts one region of one dataset per request (POL may repeat); send one request per value',
    );
  }
  // A parameter given empty (as HTML forms and some clients do) counts as absent.
  const value = (n: string): string | undefined => {
    const v = params.getAll(n)[0];
    return v === undefined || v.trim() === '' ? undefined : v;
  };
  const problems: string[] = [];
  const id = value('ID');
  if (id === undefined) problems.push('ID is missing: give the obs_publisher_did of the dataset to cut');
  const spatial = (['CIRCLE', 'POLYGON', 'POS'] as const).filter((n) => value(n) !== undefined);
  if (spatial.length > 1) problems.push(`give one of CIRCLE, POLYGON or POS, not ${spatial.join(' and ')}`);
  const cutout: CutoutRequest = {};
  const described: string[] = [];
  const circleText = value('CIRCLE');
  const polygonText = value('POLYGON');
  const posText = value('POS');
  const region =
    circleText !== undefined
      ? circle('CIRCLE', circleText, problems)
      : polygonText !== undefined
        ? polygon('POLYGON', polygonText, problems)
        : posText !== undefined
          ? parsePos(posText, problems)
          : undefined;
  if (region) cutout.region = region;
  for (const n of spatial) described.push(`${n}=${value(n)}`);
  const bandText = value('BAND');
  if (bandText !== undefined) {
    const band = interval('BAND', bandText, problems);
    if (band) cutout.band = band;
    described.push(`BAND=${bandText}`);
  }
  let time: [number, number] | undefined;
  const timeText = value('TIME');
  if (timeText !== undefined) {
    time = interval('TIME', timeText, problems);
    described.push(`TIME=${timeText}`);
  }
  const pol = params
    .getAll('POL')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (pol.length > 0) {
    const unknown = pol.filter((p) => !(p in STOKES_CODES));
    if (unknown.length > 0) {
      problems.push(`POL ${unknown.join(', ')} unknown; use ${Object.keys(STOKES_CODES).join(', ')} (SODA 1.0 §3.3.6)`);
    } else cutout.pol = pol;
    described.push(`POL=${pol.join(',')}`);
  }
  const format = value('RESPONSEFORMAT');
  if (format !== undefined && !/^(application\/fits|image\/fits|fits)(\s*;.*)?$/i.test(format)) {
    problems.push(`RESPONSEFORMAT=${format} is not offered; cutouts are application/fits`);
  }
  if (problems.length > 0) throw new HttpError('SODA_USAGE', `UsageError: ${problems.join('; ')}`);
  const out: SodaRequest = { id: id as string, cutout, description: described.join(' ') };
  if (time) out.time = time;
  return out;
}

/** Most cutouts one {async} job makes (more is the bulk-cutout service's work). */
export const MAX_ASYNC_CUTOUTS = 1000;

/**
 * SODA 1.0 §3.1 {async}: ID and the filtering parameters may repeat; the job makes one cutout per combination of an
 * ID, a region (each CIRCLE, POLYGON and POS value), a BAND and a TIME, in that order (IDs outermost); POL values stay
 * one filter as in {sync} (§3.3.6). Each combination is checked exactly as a {sync} request; every problem is reported
 * at once.
 */
export function expandSodaJobParams(params: DaliParams): SodaRequest[] {
  const values = (n: string) => params.getAll(n).filter((v) => v.trim() !== '');
  const ids = values('ID');
  const regions: ([string, string] | null)[] = (['CIRCLE', 'POLYGON', 'POS'] as const).flatMap((n) =>
    values(n).map((v): [string, string] => [n, v]),
  );
  const bands: (string | null)[] = values('BAND');
  const times: (string | null)[] = values('TIME');
  if (regions.length === 0) regions.push(null);
  if (bands.length === 0) bands.push(null);
  if (times.length === 0) times.push(null);
  const count = Math.max(1, ids.length) * regions.length * bands.length * times.length;
  if (count > MAX_ASYNC_CUTOUTS) {
    throw new HttpError(
      'SODA_USAGE',
      `UsageError: this job asks for ${count} cutouts (IDs × regions × BAND × TIME); one job makes at most ` +
        `${MAX_ASYNC_CUTOUTS}; split it, or use the bulk-cutout service`,
    );
  }
  const shared: [string, string][] = [
    ...values('POL').map((v): [string, string] => ['POL', v]),
    ...params.getAll('RESPONSEFORMAT').map((v): [string, string] => ['RESPONSEFORMAT', v]),
  ];
  const out: SodaRequest[] = [];
  const problems = new Set<string>();
  for (const id of ids.length > 0 ? ids : ['']) {
    for (const region of regions) {
      for (const band of bands) {
        for (const time of times) {
          const pairs: [string, string][] = [['ID', id], ...shared];
          if (region) pairs.push(region);
          if (band !== null) pairs.push(['BAND', band]);
          if (time !== null) pairs.push(['TIME', time]);
          try {
            out.push(parseSodaParams(new DaliParams(pairs)));
          } catch (e) {
            if (!(e instanceof HttpError)) throw e;
            for (const p of e.message.replace(/^UsageError: /, '').split('; ')) problems.add(p);
          }
        }
      }
    }
  }
  if (problems.size > 0) throw new HttpError('SODA_USAGE', `UsageError: ${[...problems].join('; ')}`);
  return out;
}
