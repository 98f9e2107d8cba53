// An SIA 2.0 query as ADQL over ivoa.obscore LEFT JOIN ivoa.obscore_radio, run through the TAP query path (spatial
// index, worker threads, streaming writer). One condition per parameter, its values OR'ed, the parameters AND'ed
// (SIA 2.0 §2.1). Strings are ADQL literals with quotes doubled; numbers are printed from parsed doubles only.
import { OBSCORE_RADIO_COLUMNS, OBSCORE_TABLE } from '@obscura/archive';
import { formatNumber } from '@obscura/sky';
import { formatCondition } from './format.ts';
import type { Interval, SiaPos, SiaQuery } from './params.ts';
import { rangeCondition } from './range-region.ts';

const SPEED_OF_LIGHT = 299_792_458; // m/s
const n = formatNumber;

/** An ADQL character string literal (ADQL 2.1 §2.1.2: a quote inside is doubled). */
export function adqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** col within [lo, hi] with infinite ends left open; null when both ends are open. */
function within(col: string, i: Interval): string | null {
  const parts: string[] = [];
  if (Number.isFinite(i.lo)) parts.push(`${col} >= ${n(i.lo)}`);
  if (Number.isFinite(i.hi)) parts.push(`${col} <= ${n(i.hi)}`);
  return parts.length === 0 ? null : parts.join(' AND ');
}

/** [minCol, maxCol] overlaps [lo, hi]; null when both ends are open. */
function overlaps(minCol: string, maxCol: string, i: Interval): string | null {
  const parts: string[] = [];
  if (Number.isFinite(i.hi)) parts.push(`${minCol} <= ${n(i.hi)}`);
  if (Number.isFinite(i.lo)) parts.push(`${maxCol} >= ${n(i.lo)}`);
  return parts.length === 0 ? null : parts.join(' AND ');
}

/**
 * BAND (SIA 2.0 §2.1.2, wavelengths in metres) against em_min/em_max (ObsCore, metres), and for rows without them
 * against the radio freq_min/freq_max (Hz): [λlo, λhi] is [c/λhi, c/λlo] in frequency.
 */
function bandCondition(i: Interval): string | null {
  const em = overlaps('o.em_min', 'o.em_max', i);
  if (!em) return null;
  const freq: string[] = [];
  if (Number.isFinite(i.hi) && i.hi > 0) freq.push(`o.freq_max >= ${n(SPEED_OF_LIGHT / i.hi)}`);
  if (Number.isFinite(i.lo) && i.lo > 0) freq.push(`o.freq_min <= ${n(SPEED_OF_LIGHT / i.lo)}`);
  if (freq.length === 0) return `(${em})`;
  return `((${em}) OR (o.em_min IS NULL AND ${freq.join(' AND ')}))`;
}

function posCondition(p: SiaPos): string | null {
  const col = 'o.s_region';
  switch (p.shape) {
    case 'circle': {
      if (p.radius <= 90) return `INTERSECTS(${col}, CIRCLE('ICRS', ${n(p.ra)}, ${n(p.dec)}, ${n(p.radius)})) = 1`;
      // pgSphere circles stop at 90°: a larger circle is met by every footprint not inside the antipodal cap.
      if (p.radius >= 180) return null;
      const ra = (p.ra + 180) % 360;
      return `CONTAINS(${col}, CIRCLE('ICRS', ${n(ra)}, ${n(-p.dec)}, ${n(180 - p.radius)})) = 0`;
    }
    case 'polygon':
      return `INTERSECTS(${col}, POLYGON('ICRS', ${p.vertices.map(([r, d]) => `${n(r)}, ${n(d)}`).join(', ')})) = 1`;
    case 'range':
      return rangeCondition(col, p.ra1, p.ra2, p.dec1, p.dec2);
  }
}

/**
 * The resolution (arcsec) of each row at frequency f: radio rows (those with a restoring beam) scale their
 * s_resolution as 1/ν from the band centre (obscura_resolution_at, diffraction-limited); other rows (seeing-limited
 * optical) keep s_resolution. `beam_major * 0 +` is NULL exactly when there is no beam, so COALESCE picks.
 */
export function resolutionAt(freqHz: number): string {
  return (
    `COALESCE(o.beam_major * 0 + obscura_resolution_at(o.s_resolution, (o.freq_min + o.freq_max) / 2, ${n(freqHz)}), ` +
    'o.s_resolution)'
  );
}

/** The values of one parameter OR'ed; null when one of them leaves the parameter unconstrained. */
function anyOf<T>(values: T[], one: (v: T) => string | null): string | null {
  if (values.length === 0) return null;
  const parts: string[] = [];
  for (const v of values) {
    const c = one(v);
    if (c === null) return null;
    parts.push(c);
  }
  return parts.length === 1 ? `(${parts[0]})` : `(${parts.map((p) => `(${p})`).join(' OR ')})`;
}

function stringIn(col: string, values: string[]): string | null {
  if (values.length === 0) return null;
  return `${col} IN (${values.map(adqlString).join(', ')})`;
}

/** Every WHERE condition of the query, one per parameter given. */
export function siaConditions(q: SiaQuery): string[] {
  const spatres =
    q.spatresFreq === undefined
      ? anyOf(q.spatres, (i) => within('o.s_resolution', i))
      : anyOf(q.spatres, (i) => {
          // Obscura extension: SPATRES evaluated at SPATRES_FREQ, on images whose band covers that frequency.
          const f = n(q.spatresFreq as number);
          const res = within(resolutionAt(q.spatresFreq as number), i);
          return `o.freq_min <= ${f} AND o.freq_max >= ${f}${res ? ` AND ${res}` : ''}`;
        });
  const conditions = [
    anyOf(q.pos, posCondition),
    anyOf(q.band, bandCondition),
    // TIME (SIA 2.0 §2.1.3): MJD intervals overlapping [t_min, t_max].
    anyOf(q.time, (i) => overlaps('o.t_min', 'o.t_max', i)),
    // POL (SIA 2.0 §2.1.4): pol_states is "/I/Q/U/" (ObsCore 1.1 §4.20).
    anyOf(q.pol, (p) => `o.pol_states LIKE ${adqlString(`%/${p}/%`)}`),
    anyOf(q.fov, (i) => within('o.s_fov', i)),
    spatres,
    anyOf(q.exptime, (i) => within('o.t_exptime', i)),
    stringIn('o.obs_publisher_did', q.id),
    stringIn('o.obs_collection', q.collection),
    stringIn('o.facility_name', q.facility),
    stringIn('o.instrument_name', q.instrument),
    stringIn('o.dataproduct_type', q.dptype),
    q.calib.length ? `o.calib_level IN (${q.calib.join(', ')})` : null,
    stringIn('o.target_name', q.target),
    anyOf(q.timeres, (i) => within('o.t_resolution', i)),
    anyOf(q.specrp, (i) => within('o.em_res_power', i)),
    // FORMAT (SIA 2.0 §2.1.17): access_format, or the content type of the #this file (format.ts).
    formatCondition(q.format),
  ];
  return conditions.filter((c): c is string => c !== null);
}

const RADIO_NAMES = OBSCORE_RADIO_COLUMNS.map((c) => c.name).filter((c) => c !== 'obs_publisher_did');
const OBSCORE_NAMES = new Set(OBSCORE_TABLE.columns.map((c) => c.name));

/**
 * The select list: every ObsCore column, then the radio extension's. A name in both (s_resolution_min/max: ObsCore
 * 1.1 optional columns that the radio extension fills for images) appears once, with the value of either.
 */
export const RESULT_COLUMNS: readonly string[] = [
  ...OBSCORE_TABLE.columns.map((c) =>
    RADIO_NAMES.includes(c.name) ? `COALESCE(r.${c.name}, o.${c.name}) AS ${c.name}` : `o.${c.name}`,
  ),
  ...RADIO_NAMES.filter((c) => !OBSCORE_NAMES.has(c)).map((c) => `r.${c}`),
];

/** The whole ADQL query: all ObsCore columns, the radio ones, and the resolution at SPATRES_FREQ when given. */
export function siaAdql(q: SiaQuery): string {
  const select = [...RESULT_COLUMNS];
  if (q.spatresFreq !== undefined) select.push(`${resolutionAt(q.spatresFreq)} AS s_resolution_at_freq`);
  const where = siaConditions(q);
  return (
    `SELECT ${select.join(', ')}\nFROM ivoa.obscore AS o LEFT OUTER JOIN ivoa.obscore_radio AS r ` +
    `ON r.obs_publisher_did = o.obs_publisher_did` +
    (where.length ? `\nWHERE ${where.join('\n  AND ')}` : '') +
    '\nORDER BY o.obs_publisher_did'
  );
}
