// The SIA 2.0 query parameters (SIA 2.0 §2.1) read from DALI parameters (names case-insensitive, every parameter
// repeatable, DALI 1.1 §3): each parameter's values become a list of constraints; the values of one parameter are
// OR'ed and different parameters AND'ed (SIA 2.0 §2.1). Numeric intervals use the DALI 1.1 §3.3.x interval form
// "lo hi" where either end may be -Inf/+Inf (open); one number stands for the interval [v, v]. Every bad value is an
// SIA_BAD_PARAMETER error naming the parameter and what to send instead.
import { parseDaliCircle, parseDaliPolygon } from '@obscura/sky';
import type { DaliParams } from '../dali-params.ts';
import { HttpError } from '../errors.ts';

/** A closed interval; an infinite end is open (no constraint on that side). */
export interface Interval {
  lo: number;
  hi: number;
}

export type SiaPos =
  | { shape: 'circle'; ra: number; dec: number; radius: number }
  /** RANGE ra1 ra2 dec1 dec2 in degrees; ra1 > ra2 wraps through RA 0 (SIA 2.0 §2.1.1). */
  | { shape: 'range'; ra1: number; ra2: number; dec1: number; dec2: number }
  | { shape: 'polygon'; vertices: [number, number][] };

export interface SiaQuery {
  pos: SiaPos[];
  /** Wavelength intervals, metres (SIA 2.0 §2.1.2). */
  band: Interval[];
  /** MJD intervals (SIA 2.0 §2.1.3). */
  time: Interval[];
  pol: string[];
  /** Degrees (SIA 2.0 §2.1.5). */
  fov: Interval[];
  /** Arcsec, the unit of ObsCore s_resolution (SIA 2.0 §2.1.6; pyvo 1.2.1 sends arcsec). */
  spatres: Interval[];
  /** Seconds (SIA 2.0 §2.1.7). */
  exptime: Interval[];
  id: string[];
  collection: string[];
  facility: string[];
  instrument: string[];
  dptype: string[];
  calib: number[];
  target: string[];
  /** Seconds (SIA 2.0 §2.1.15). */
  timeres: Interval[];
  specrp: Interval[];
  format: string[];
  /**
   * Obscura extension: the frequency (Hz) at which SPATRES is evaluated, each radio image's resolution scaled as
   * 1/ν from its beam (obscura_resolution_at); only images whose band covers that frequency match.
   */
  spatresFreq?: number;
}

/** The Obscura extension parameter that evaluates SPATRES at a frequency in Hz. */
export const SPATRES_FREQ = 'SPATRES_FREQ';

/** Polarization states of ObsCore 1.1 §4.20 (pol_states), the values POL accepts (SIA 2.0 §2.1.4). */
export const POL_STATES = ['I', 'Q', 'U', 'V', 'RR', 'LL', 'RL', 'LR', 'XX', 'YY', 'XY', 'YX', 'POLI', 'POLA'];

/** Data product types an image service serves (SIA 2.0 §2.1.12). */
export const DPTYPES = ['image', 'cube'];

/**
 * Most values one parameter may have (values of one parameter are OR'ed, SIA 2.0 §2.1): beyond this the query would
 * outgrow the database's expression limits (SQLite stops at a depth of 1000), so it is refused with a clear 400.
 * ID-like string parameters become one IN list and may have more.
 */
export const MAX_VALUES = 100;
export const MAX_STRING_VALUES = 1000;
/** Most POLYGON vertices (pgSphere spoly holds at most 1024; the same limit on SQLite keeps the backends alike). */
export const MAX_POLYGON_VERTICES = 1000;

function bad(message: string): HttpError {
  return new HttpError('SIA_BAD_PARAMETER', message);
}

/** A DALI number: finite decimal, or ±Inf (also inf, Infinity, any case) when infinite values are allowed. */
export function daliNumber(token: string, what: string, allowInfinite: boolean): number {
  const t = token.trim();
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  if (allowInfinite && /^[+-]?inf(inity)?$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  throw bad(`${what}: "${token}" is not a number${allowInfinite ? ' (open ends are -Inf or +Inf)' : ''}`);
}

/** A DALI interval "lo hi" (or one number v for [v, v]); lo ≤ hi; NaN never. */
export function parseInterval(name: string, text: string, unit: string): Interval {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  const what = `${name}=${text}`;
  if (tokens.length === 0 || tokens.length > 2) {
    throw bad(`${what}: give an interval "lo hi" in ${unit} (either end may be -Inf or +Inf), or one value`);
  }
  const lo = daliNumber(tokens[0], what, true);
  const hi = tokens.length === 2 ? daliNumber(tokens[1], what, true) : lo;
  if (lo > hi) throw bad(`${what}: the lower end ${tokens[0]} is above the upper end ${tokens[1]}`);
  if (tokens.length === 1 && !Number.isFinite(lo)) throw bad(`${what}: a single value must be finite`);
  return { lo, hi };
}

function firstError(diagnostics: { message: string; severity?: string }[]): string {
  return (diagnostics.find((d) => d.severity !== 'warning') ?? diagnostics[0])?.message ?? 'invalid value';
}

/** POS (SIA 2.0 §2.1.1): CIRCLE ra dec radius, RANGE ra1 ra2 dec1 dec2, POLYGON ra1 dec1 ra2 dec2 ra3 dec3 ... */
export function parsePos(text: string): SiaPos {
  const m = /^\s*(\S+)\s*(.*)$/s.exec(text);
  const shape = m?.[1].toUpperCase() ?? '';
  const rest = m?.[2] ?? '';
  const what = `POS=${text.length > 120 ? `${text.slice(0, 120)}…` : text}`;
  if (shape === 'CIRCLE') {
    const r = parseDaliCircle(rest);
    if (!r.value) throw bad(`${what}: ${firstError(r.diagnostics)} (CIRCLE ra dec radius, degrees)`);
    const c = r.value;
    return { shape: 'circle', ra: c.ra, dec: c.dec, radius: c.radius };
  }
  if (shape === 'POLYGON') {
    const r = parseDaliPolygon(rest);
    if (!r.value) throw bad(`${what}: ${firstError(r.diagnostics)} (POLYGON ra1 dec1 ra2 dec2 ra3 dec3 ..., degrees)`);
    if (r.value.vertices.length > MAX_POLYGON_VERTICES) {
      throw bad(
        `POS=POLYGON: ${r.value.vertices.length} vertices; at most ${MAX_POLYGON_VERTICES} (simplify the polygon)`,
      );
    }
    return { shape: 'polygon', vertices: r.value.vertices.map((v) => [v.ra, v.dec]) };
  }
  if (shape === 'RANGE') {
    const tokens = rest.trim().split(/\s+/).filter(Boolean);
    if (tokens.length !== 4) throw bad(`${what}: RANGE takes four values, ra1 ra2 dec1 dec2 (degrees, ±Inf for open)`);
    const [a1, a2, d1, d2] = tokens.map((t) => daliNumber(t, what, true));
    const ra1 = a1 === -Infinity ? 0 : a1;
    const ra2 = a2 === Infinity ? 360 : a2;
    const dec1 = d1 === -Infinity ? -90 : d1;
    const dec2 = d2 === Infinity ? 90 : d2;
    for (const ra of [ra1, ra2]) {
      if (!(ra >= 0 && ra <= 360)) throw bad(`${what}: RA ${ra} is outside [0, 360] degrees`);
    }
    for (const dec of [dec1, dec2]) {
      if (!(dec >= -90 && dec <= 90)) throw bad(`${what}: Dec ${dec} is outside [-90, 90] degrees`);
    }
    if (dec1 > dec2) throw bad(`${what}: dec1 ${dec1} is above dec2 ${dec2}`);
    return { shape: 'range', ra1, ra2, dec1, dec2 };
  }
  throw bad(`${what}: the shape must be CIRCLE, RANGE or POLYGON (SIA 2.0 §2.1.1)`);
}

function nonEmpty(name: string, values: string[]): string[] {
  for (const v of values) if (v.trim() === '') throw bad(`${name} is empty: give a value or leave the parameter out`);
  return values;
}

const STRING_LISTS = new Set(['ID', 'COLLECTION', 'FACILITY', 'INSTRUMENT', 'TARGET', 'FORMAT']);

/** The values of a parameter, at most MAX_VALUES (MAX_STRING_VALUES for the IN-list ones). */
function valuesOf(params: DaliParams, name: string): string[] {
  const values = params.getAll(name);
  const max = STRING_LISTS.has(name) ? MAX_STRING_VALUES : MAX_VALUES;
  if (values.length > max) {
    throw bad(`${name} is given ${values.length} times; at most ${max} values per query (split it into several)`);
  }
  return values;
}

/** Reads every SIA 2.0 query parameter; unknown parameters are ignored (DALI 1.1 §3.1). */
export function parseSiaQuery(params: DaliParams): SiaQuery {
  const intervals = (name: string, unit: string, min?: number) =>
    valuesOf(params, name).map((v) => {
      const i = parseInterval(name, v, unit);
      if (min !== undefined && i.hi < min) throw bad(`${name}=${v}: values are at least ${min} ${unit}`);
      return i;
    });
  const strings = (name: string) => nonEmpty(name, valuesOf(params, name));
  const pol = strings('POL').map((v) => {
    const s = POL_STATES.find((p) => p === v.trim().toUpperCase());
    if (!s) throw bad(`POL=${v}: not a polarization state; use one of ${POL_STATES.join(', ')}`);
    return s;
  });
  const dptype = strings('DPTYPE').map((v) => {
    const t = DPTYPES.find((d) => d === v.trim().toLowerCase());
    if (!t) throw bad(`DPTYPE=${v}: this image service has ${DPTYPES.join(' and ')} (SIA 2.0 §2.1.12)`);
    return t;
  });
  const calib = strings('CALIB').map((v) => {
    if (!/^\s*[0-4]\s*$/.test(v)) throw bad(`CALIB=${v}: a calibration level is an integer 0 to 4 (ObsCore 1.1 §4.4)`);
    return Number(v);
  });
  const query: SiaQuery = {
    pos: strings('POS').map(parsePos),
    band: intervals('BAND', 'metres', 0),
    time: intervals('TIME', 'MJD'),
    pol,
    fov: intervals('FOV', 'degrees', 0),
    spatres: intervals('SPATRES', 'arcsec', 0),
    exptime: intervals('EXPTIME', 'seconds', 0),
    id: strings('ID'),
    collection: strings('COLLECTION'),
    facility: strings('FACILITY'),
    instrument: strings('INSTRUMENT'),
    dptype,
    calib,
    target: strings('TARGET'),
    timeres: intervals('TIMERES', 'seconds', 0),
    specrp: intervals('SPECRP', '(dimensionless)', 0),
    format: strings('FORMAT'),
  };
  const freqs = params.getAll(SPATRES_FREQ);
  if (freqs.length > 1) throw bad(`${SPATRES_FREQ} given ${freqs.length} times: give one frequency in Hz`);
  if (freqs.length === 1) {
    const f = daliNumber(freqs[0], `${SPATRES_FREQ}=${freqs[0]}`, false);
    if (!(f > 0)) throw bad(`${SPATRES_FREQ}=${freqs[0]}: a frequency in Hz, more than 0`);
    if (query.spatres.length === 0) {
      throw bad(
        `${SPATRES_FREQ}=${freqs[0]} needs SPATRES: it is the frequency at which the SPATRES interval (arcsec) is ` +
          `evaluated, e.g. SPATRES=0 5&${SPATRES_FREQ}=1.4e9 for images better than 5 arcsec at 1.4 GHz`,
      );
    }
    query.spatresFreq = f;
  }
  return query;
}
