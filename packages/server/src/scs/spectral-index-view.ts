// The radio workflow as a TAP-visible view: catalogs.vlass_racs_spectral_index pairs every VLASS-like component
// (3 GHz) with the RACS-like components (887.5 MHz) within 5″ and gives the spectral index (S ∝ ν^α) with its
// first-order propagated error,
//   α = ln(S1/S2) / ln(ν1/ν2),   σα = sqrt((σS1/S1)² + (σS2/S2)²) / |ln(ν1/ν2)|
// (the same formula as /scs/spectral-index, spectral-index.ts). The view's SQL is the ADQL below translated by
// @obscura/adql for the backend, so the join is the translator's index join (HEALPix cover on SQLite, GiST on
// PostgreSQL); the VLASS side's spatial index columns ride along, so a cone on the view (ADQL CONTAINS, or
// /scs/catalogs.vlass_racs_spectral_index) is an index scan too. It is created (again) when the service starts and
// both catalogues exist, registered as a catalogue of table_type 'view' and published in TAP_SCHEMA (TAP 1.1 §4.2).

import { toPostgres, toSqlite } from '@obscura/adql';
import {
  CATALOGUES_TABLE,
  type ColumnDef,
  catalogFromTables,
  type Database,
  dropCatalogue,
  HEALPIX_COLUMN,
  SPOINT_COLUMN,
  type TableDef,
} from '@obscura/archive';
import { DEFAULT_MATCH_ARCSEC, VLASS_RACS } from './spectral-index.ts';

export const SPECTRAL_INDEX_VIEW = { schema: 'catalogs', name: 'vlass_racs_spectral_index' } as const;

const { high, low } = VLASS_RACS;
// ν1/ν2 as one decimal constant (3e9 / 887.5e6 written as integers would divide as integers in SQL).
const LEVER = `LOG(${high.frequencyHz / low.frequencyHz})`;

/** The view's definition, in ADQL (also the /tap/examples entry's query shape). */
export const SPECTRAL_INDEX_ADQL = `SELECT v.Component_name AS vlass_id, v.RA AS ra, v.DEC AS dec, r.Gaussian_ID AS racs_id,
  DISTANCE(v.RA, v.DEC, r.RA, r.Dec) * 3600 AS separation,
  v.${high.flux} AS flux_3ghz, v.${high.error} AS flux_3ghz_error,
  r.${low.flux} AS flux_887mhz, r.${low.error} AS flux_887mhz_error,
  LOG(v.${high.flux} / r.${low.flux}) / ${LEVER} AS alpha,
  SQRT(POWER(v.${high.error} / v.${high.flux}, 2) + POWER(r.${low.error} / r.${low.flux}, 2)) / ABS(${LEVER}) AS alpha_error
FROM ${high.table} AS v JOIN ${low.table} AS r
  ON DISTANCE(POINT('ICRS', v.RA, v.DEC), POINT('ICRS', r.RA, r.Dec)) < ${DEFAULT_MATCH_ARCSEC}.0 / 3600
WHERE v.${high.flux} > 0 AND r.${low.flux} > 0`;

const col = (name: string, type: ColumnDef['type'], description: string, extra: Partial<ColumnDef> = {}) => ({
  name,
  type,
  description,
  ...extra,
});

/** The view's published columns (TAP_SCHEMA.columns). */
function viewColumns(flux: string | undefined): ColumnDef[] {
  return [
    col('vlass_id', 'VARCHAR', 'VLASS component name', { ucd: 'meta.id;meta.main', principal: true }),
    col('ra', 'DOUBLE', 'RA of the VLASS component (ICRS)', {
      unit: 'deg',
      ucd: 'pos.eq.ra;meta.main',
      principal: true,
    }),
    col('dec', 'DOUBLE', 'Dec of the VLASS component (ICRS)', {
      unit: 'deg',
      ucd: 'pos.eq.dec;meta.main',
      principal: true,
    }),
    col('racs_id', 'VARCHAR', 'RACS Gaussian component ID', { ucd: 'meta.id.cross', principal: true }),
    col('separation', 'DOUBLE', 'VLASS-RACS separation', { unit: 'arcsec', ucd: 'pos.angDistance' }),
    col('flux_3ghz', 'DOUBLE', 'VLASS total flux density at 3 GHz', { unit: flux, ucd: 'phot.flux.density;em.radio' }),
    col('flux_3ghz_error', 'DOUBLE', 'Its error', { unit: flux, ucd: 'stat.error;phot.flux.density' }),
    col('flux_887mhz', 'DOUBLE', 'RACS total flux density at 887.5 MHz', {
      unit: flux,
      ucd: 'phot.flux.density;em.radio',
    }),
    col('flux_887mhz_error', 'DOUBLE', 'Its error', { unit: flux, ucd: 'stat.error;phot.flux.density' }),
    col('alpha', 'DOUBLE', 'Spectral index α = ln(S_3GHz/S_887.5MHz)/ln(3 GHz/887.5 MHz), S ∝ ν^α', {
      ucd: 'spect.index',
      principal: true,
    }),
    col('alpha_error', 'DOUBLE', 'σα = sqrt((σS1/S1)² + (σS2/S2)²)/|ln(ν1/ν2)|', { ucd: 'stat.error;spect.index' }),
  ];
}

/**
 * Creates (or re-creates) the view when both catalogues exist and publishes it; returns its TableDef, or null when a
 * catalogue is missing.
 */
export async function ensureSpectralIndexView(db: Database): Promise<TableDef | null> {
  const tables = await db.tables();
  const names = new Set(tables.map((t) => `${t.schema}.${t.name}`.toLowerCase()));
  if (!names.has(high.table) || !names.has(low.table)) {
    // A catalogue was dropped while the server was down: the view goes too.
    const view = `${SPECTRAL_INDEX_VIEW.schema}.${SPECTRAL_INDEX_VIEW.name}`;
    if (names.has(view)) await dropCatalogue(db, view);
    return null;
  }
  const sourceTables = tables.filter(
    (t) => t.name !== SPECTRAL_INDEX_VIEW.name || t.schema !== SPECTRAL_INDEX_VIEW.schema,
  );
  const catalog = catalogFromTables(sourceTables);
  const t =
    db.dialect.name === 'sqlite' ? toSqlite(SPECTRAL_INDEX_ADQL, catalog) : toPostgres(SPECTRAL_INDEX_ADQL, catalog);
  if (!t.ok)
    throw new Error(`the spectral-index view does not translate: ${t.diagnostics.map((d) => d.message).join('; ')}`);
  // The VLASS side's index columns, unpublished, so cones on the view use its index.
  const hidden = [HEALPIX_COLUMN, ...(db.dialect.name === 'postgres' ? [SPOINT_COLUMN] : [])]
    .map((c) => `, "v"."${c}" AS "${c}"`)
    .join('');
  const at = t.sql.indexOf('\nFROM ');
  const sql = `${t.sql.slice(0, at)}${hidden}${t.sql.slice(at)}`;
  const flux = tables
    .find((x) => `${x.schema}.${x.name}`.toLowerCase() === high.table)
    ?.columns.find((c) => c.name === high.flux)?.unit;
  const def: TableDef = {
    ...SPECTRAL_INDEX_VIEW,
    description:
      `VLASS-like (3 GHz) × RACS-like (887.5 MHz) components matched within ${DEFAULT_MATCH_ARCSEC}″, with spectral ` +
      'indices α = ln(S1/S2)/ln(ν1/ν2) and propagated errors (a view: the match runs as an index join when queried)',
    tableType: 'view',
    columns: viewColumns(flux),
    primaryKey: ['vlass_id'],
    spatialIndex: { ra: 'ra', dec: 'dec' },
    published: true,
  };
  const view = db.dialect.table(def);
  await db.withTransaction(async (tx) => {
    const schema = tx.dialect.schema(def.schema);
    if (schema) await tx.run(`CREATE SCHEMA IF NOT EXISTS ${tx.dialect.quote(schema)}`);
    await tx.run(`DROP VIEW IF EXISTS ${view}`);
    await tx.run(`CREATE VIEW ${view} AS ${sql}`);
    await tx.upsert(CATALOGUES_TABLE, [
      { table_name: `${def.schema}.${def.name}`, definition: JSON.stringify(def), updated_at: new Date() },
    ]);
  });
  await db.migrate(); // rewrites TAP_SCHEMA from the declarations, the view's among them
  return def;
}
