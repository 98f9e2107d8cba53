// The radio workflow server-side: `/scs/spectral-index?RA=&DEC=&SR=[&MATCH=arcsec]` cross-matches the VLASS-like
// components in a cone (3 GHz) with the nearest RACS-like component (887.5 MHz) within MATCH arcseconds and returns
// each pair's spectral index (S ∝ ν^α):
//   α = ln(S1/S2) / ln(ν1/ν2),   σα = (1 / |ln(ν1/ν2)|) · sqrt((σS1/S1)² + (σS2/S2)²)
// (first-order error propagation of independent flux errors). It is an index join: every VLASS row's match is one
// small cone query on the RACS table (HEALPix ranges on SQLite, pgSphere GiST on PostgreSQL), never a cartesian
// product. Rows stream as a VOTable 1.1 table, like the cone searches.
import type { ColumnDef } from '@obscura/archive';
import type { ScsCatalogue, ScsField } from './catalogue.ts';
import type { Cone, ConeSearcher } from './cone-search.ts';

export interface SurveyColumns {
  table: string;
  /** Flux density column and its error column (same unit). */
  flux: string;
  error: string;
  frequencyHz: number;
}

/** The demo archive's pair (column names of the CIRADA VLASS and Hale et al. 2021 RACS-low catalogues). */
export const VLASS_RACS: { high: SurveyColumns; low: SurveyColumns } = {
  high: { table: 'vlass.components', flux: 'Total_flux', error: 'E_Total_flux', frequencyHz: 3.0e9 },
  low: { table: 'racs.components', flux: 'Total_flux_Gaussian', error: 'E_Total_flux_Gaussian', frequencyHz: 887.5e6 },
};

/** Default match radius, arcsec (a few VLASS beams, well inside the 15" RACS beam). */
export const DEFAULT_MATCH_ARCSEC = 5;

export interface SpectralIndex {
  alpha: number | null;
  error: number | null;
}

/** α and σα from two flux densities and their errors at two frequencies; null where a flux is not positive. */
export function spectralIndex(s1: number, e1: number, nu1: number, s2: number, e2: number, nu2: number): SpectralIndex {
  if (!(s1 > 0 && s2 > 0)) return { alpha: null, error: null };
  const lever = Math.log(nu1 / nu2);
  const alpha = Math.log(s1 / s2) / lever;
  const error = Number.isFinite(e1) && Number.isFinite(e2) ? Math.hypot(e1 / s1, e2 / s2) / Math.abs(lever) : null;
  return { alpha, error };
}

function column(cat: ScsCatalogue, name: string): ColumnDef {
  const c = cat.def.columns.find((x) => x.name === name);
  if (!c) throw new Error(`${cat.name} has no column ${name}`);
  return c;
}

export function spectralIndexFields(high: ScsCatalogue, low: ScsCatalogue, pair = VLASS_RACS): ScsField[] {
  const ghz = (hz: number) => `${hz / 1e9} GHz`;
  const fluxUnit = column(high, pair.high.flux).unit;
  return [
    { name: 'id', datatype: 'char', arraysize: '*', ucd: 'ID_MAIN', description: `${high.name} identifier` },
    {
      name: 'ra',
      datatype: 'double',
      unit: 'deg',
      ucd: 'POS_EQ_RA_MAIN',
      ref: 'icrs',
      description: `RA in ${high.name}`,
    },
    {
      name: 'dec',
      datatype: 'double',
      unit: 'deg',
      ucd: 'POS_EQ_DEC_MAIN',
      ref: 'icrs',
      description: `Dec in ${high.name}`,
    },
    { name: 'match_id', datatype: 'char', arraysize: '*', ucd: 'meta.id.cross', description: `${low.name} identifier` },
    { name: 'separation', datatype: 'double', unit: 'arcsec', ucd: 'pos.angDistance', description: 'Match separation' },
    {
      name: 'flux_high',
      datatype: 'double',
      unit: fluxUnit,
      ucd: 'phot.flux.density;em.radio',
      description: `Flux density at ${ghz(pair.high.frequencyHz)} (${high.name}.${pair.high.flux})`,
    },
    {
      name: 'flux_high_error',
      datatype: 'double',
      unit: fluxUnit,
      ucd: 'stat.error;phot.flux.density',
      description: 'Its error',
    },
    {
      name: 'flux_low',
      datatype: 'double',
      unit: column(low, pair.low.flux).unit,
      ucd: 'phot.flux.density;em.radio',
      description: `Flux density at ${ghz(pair.low.frequencyHz)} (${low.name}.${pair.low.flux})`,
    },
    {
      name: 'flux_low_error',
      datatype: 'double',
      unit: column(low, pair.low.error).unit,
      ucd: 'stat.error;phot.flux.density',
      description: 'Its error',
    },
    {
      name: 'alpha',
      datatype: 'double',
      ucd: 'spect.index',
      description: 'Spectral index α = ln(S_high/S_low)/ln(ν_high/ν_low), S ∝ ν^α',
    },
    {
      name: 'alpha_error',
      datatype: 'double',
      ucd: 'stat.error;spect.index',
      description: 'σα = sqrt((σS1/S1)² + (σS2/S2)²)/|ln(ν1/ν2)|',
    },
  ];
}

/** Matched rows (values in spectralIndexFields order), in batches. */
export async function* spectralIndexRows(
  region: Cone,
  matchArcsec: number,
  high: { cat: ScsCatalogue; searcher: ConeSearcher },
  low: { cat: ScsCatalogue; searcher: ConeSearcher },
  limit: number,
  pair = VLASS_RACS,
): AsyncIterable<unknown[][]> {
  const h = high.cat;
  const l = low.cat;
  const highSet = { key: 'si', columns: [h.id, h.ra, h.dec, column(h, pair.high.flux), column(h, pair.high.error)] };
  const lowSet = { key: 'si', columns: [l.id, l.ra, l.dec, column(l, pair.low.flux), column(l, pair.low.error)] };
  const r = matchArcsec / 3600;
  let left = limit + 1;
  for await (const batch of high.searcher.searchColumns(region, highSet, Number.MAX_SAFE_INTEGER - 1)) {
    const out: unknown[][] = [];
    for (const row of batch) {
      const [id, ra, dec, s1, e1] = row as [unknown, number, number, number | null, number | null];
      let best: unknown[] | undefined;
      for await (const m of low.searcher.searchColumns({ ra, dec, sr: r }, lowSet, 100)) {
        for (const cand of m) if (!best || (cand[5] as number) < (best[5] as number)) best = cand;
      }
      if (!best) continue;
      const [lid, , , s2, e2, sep] = best as [unknown, number, number, number | null, number | null, number];
      const si =
        s1 === null || s2 === null
          ? { alpha: null, error: null }
          : spectralIndex(s1, e1 ?? Number.NaN, pair.high.frequencyHz, s2, e2 ?? Number.NaN, pair.low.frequencyHz);
      out.push([id, ra, dec, lid, sep * 3600, s1, e1, s2, e2, si.alpha, si.error]);
      if (--left === 0) break;
    }
    if (out.length > 0) yield out;
    if (left === 0) return;
  }
}
