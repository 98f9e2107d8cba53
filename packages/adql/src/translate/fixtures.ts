// Test support: a small catalog and deterministic rows loaded into a real SQLite file (better-sqlite3) and a real
// PostgreSQL + pgSphere database (pg), laid out as the archive lays them out (packages/archive/src/dialect.ts):
// `obscura_hpx` order-29 nested HEALPix on both, `obscura_pos` spoint and `obscura_region` spoly (GiST) on PostgreSQL.
import { ang2pixBig } from '@obscura/sky';
import { seededRandom } from '@obscura/testkit';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { CatalogTable, SchemaCatalog } from '../catalog.ts';
import { postgresSetupSql } from './postgres-setup.ts';
import { registerSqliteFunctions } from './sqlite-functions.ts';

const col = (
  name: string,
  datatype: string,
  unit: string | null = null,
  extra: Partial<CatalogTable['columns'][0]> = {},
) => ({
  name,
  datatype,
  unit,
  arraysize: datatype === 'char' ? '*' : null,
  ...extra,
});

export const OBSCORE: CatalogTable = {
  schema: 'ivoa',
  name: 'obscore',
  spatialIndex: { ra: 's_ra', dec: 's_dec', region: 's_region' },
  columns: [
    col('obs_publisher_did', 'char', null, { ucd: 'meta.ref.ivoid' }),
    col('obs_id', 'char', null, { ucd: 'meta.id' }),
    col('obs_collection', 'char'),
    col('dataproduct_type', 'char'),
    col('calib_level', 'int'),
    col('target_name', 'char'),
    col('s_ra', 'double', 'deg', { ucd: 'pos.eq.ra' }),
    col('s_dec', 'double', 'deg', { ucd: 'pos.eq.dec' }),
    col('s_fov', 'double', 'deg'),
    col('s_region', 'char', null, { arraysize: '*', xtype: 'adql:REGION' }), // ObsCore 1.1: STC-S text
    col('s_resolution', 'double', 'arcsec'),
    col('em_min', 'double', 'm'),
    col('em_max', 'double', 'm'),
    col('freq_min', 'double', 'Hz'),
    col('freq_max', 'double', 'Hz'),
    col('t_exptime', 'double', 's'),
  ],
};

export const SOURCES: CatalogTable = {
  schema: 'demo',
  name: 'sources',
  spatialIndex: { ra: 'ra', dec: 'dec' },
  columns: [
    col('id', 'long', null, { ucd: 'meta.id' }),
    col('ra', 'double', 'deg', { ucd: 'pos.eq.ra' }),
    col('dec', 'double', 'deg', { ucd: 'pos.eq.dec' }),
    col('flux', 'double', 'mJy'),
    col('name', 'char'),
    col('obs_id', 'char'),
  ],
};

export const CATALOG: SchemaCatalog = { tables: [OBSCORE, SOURCES] };

const round = (x: number, d = 6) => Math.round(x * 10 ** d) / 10 ** d;

export type FixtureRow = Record<string, number | string | null>;

/** 600 observations and 3000 sources in RA 5..25°, Dec 10..30°. */
export function fixtureRows(): { obscore: FixtureRow[]; sources: FixtureRow[] } {
  const r = seededRandom(42);
  const obscore: FixtureRow[] = [];
  const collections = ['VLASS', 'RACS', 'LoTSS'];
  const words = ['Abell 2256', 'M 87', 'Cygnus A', 'Virgo cluster field', 'NGC 1275'];
  for (let i = 0; i < 600; i++) {
    const ra = round(5 + 20 * r());
    const dec = round(10 + 20 * r());
    const h = round(0.1 + 0.4 * r());
    const fmin = round(1e9 + 3e9 * r(), 0);
    const fmax = fmin + 1e8;
    obscore.push({
      obs_publisher_did: `ivo://obscura/obs?${i}`,
      obs_id: `obs-${String(i).padStart(4, '0')}`,
      obs_collection: collections[i % 3],
      dataproduct_type: i % 5 === 0 ? 'cube' : 'image',
      calib_level: 1 + (i % 3),
      target_name: i % 7 === 0 ? null : words[i % words.length],
      s_ra: ra,
      s_dec: dec,
      s_fov: 2 * h,
      s_region: `Polygon ICRS ${round(ra - h)} ${round(dec - h)} ${round(ra + h)} ${round(dec - h)} ${round(ra + h)} ${round(dec + h)} ${round(ra - h)} ${round(dec + h)}`,
      s_resolution: round(1 + 5 * r(), 3),
      em_min: 299792458 / fmax,
      em_max: 299792458 / fmin,
      freq_min: fmin,
      freq_max: fmax,
      t_exptime: i % 11 === 0 ? null : round(60 + 3600 * r(), 1),
    });
  }
  const sources: FixtureRow[] = [];
  for (let i = 0; i < 3000; i++) {
    sources.push({
      id: i + 1,
      ra: round(5 + 20 * r()),
      dec: round(10 + 20 * r()),
      flux: round(0.1 + 100 * r() ** 3, 4),
      name: `J${i}${i % 4 === 0 ? '_Field' : 'b'}`,
      obs_id: `obs-${String(Math.floor(r() * 600)).padStart(4, '0')}`,
    });
  }
  return { obscore, sources };
}

function sqlType(c: CatalogTable['columns'][0], dialect: 'sqlite' | 'postgres'): string {
  const datatype = c.xtype ? 'char' : c.datatype; // geometries are stored as DALI text
  if (dialect === 'sqlite') return datatype === 'char' ? 'TEXT' : datatype === 'double' ? 'REAL' : 'INTEGER';
  return datatype === 'char'
    ? 'text'
    : datatype === 'double'
      ? 'double precision'
      : datatype === 'int'
        ? 'integer'
        : 'bigint';
}

/** A SQLite file with the fixture tables, the HEALPix index and the registered functions. */
export function sqliteFixture(path: string, tables: { table: CatalogTable; rows: FixtureRow[] }[] = defaultTables()) {
  const db = new Database(path);
  db.defaultSafeIntegers(false);
  registerSqliteFunctions(db);
  for (const { table, rows } of tables) {
    const name = `"${table.schema}.${table.name}"`;
    const cols = table.columns.map((c) => `"${c.name}" ${sqlType(c, 'sqlite')}`);
    if (table.spatialIndex) cols.push('"obscura_hpx" INTEGER');
    db.exec(`CREATE TABLE ${name} (${cols.join(', ')})`);
    if (table.spatialIndex) db.exec(`CREATE INDEX "${table.schema}.${table.name}_hpx" ON ${name} ("obscura_hpx")`);
    const names = table.columns.map((c) => c.name);
    const all = table.spatialIndex ? [...names, 'obscura_hpx'] : names;
    const ins = db.prepare(
      `INSERT INTO ${name} (${all.map((n) => `"${n}"`).join(', ')}) VALUES (${all.map(() => '?').join(', ')})`,
    );
    db.transaction(() => {
      for (const row of rows) {
        const values: unknown[] = names.map((n) => row[n] ?? null);
        if (table.spatialIndex) {
          const ra = row[table.spatialIndex.ra];
          const dec = row[table.spatialIndex.dec];
          values.push(typeof ra === 'number' && typeof dec === 'number' ? ang2pixBig(29, ra, dec) : null);
        }
        ins.run(...values);
      }
    })();
    db.exec(`ANALYZE`);
  }
  return db;
}

/** pgSphere spoly literal of a footprint: STC-S `Polygon ICRS ra1 dec1 ...` or DALI polygon numbers. */
function dali2spoly(text: string): string {
  const n = text
    .trim()
    .replace(/^polygon\s+icrs\s+/i, '')
    .split(/\s+/)
    .map(Number);
  const parts = [];
  for (let i = 0; i < n.length; i += 2) parts.push(`(${n[i]}d,${n[i + 1]}d)`);
  return `{${parts.join(',')}}`;
}

/** Creates the fixture tables (and the translation's functions) in a PostgreSQL + pgSphere database. */
export async function postgresFixture(
  url: string,
  tables: { table: CatalogTable; rows: FixtureRow[] }[] = defaultTables(),
) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(postgresSetupSql());
  for (const { table, rows } of tables) {
    const schema = `"${table.schema.toLowerCase()}"`;
    const name = `${schema}."${table.name}"`;
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    const cols = table.columns.map((c) => `"${c.name}" ${sqlType(c, 'postgres')}`);
    const si = table.spatialIndex;
    if (si) cols.push('"obscura_hpx" bigint', '"obscura_pos" spoint');
    if (si?.region) cols.push('"obscura_region" spoly');
    await client.query(`CREATE TABLE ${name} (${cols.join(', ')})`);
    const names = table.columns.map((c) => c.name);
    for (let start = 0; start < rows.length; start += 500) {
      const batch = rows.slice(start, start + 500);
      const values: unknown[] = [];
      const tuples = batch.map((row) => {
        const v: string[] = [];
        for (const n of names) {
          values.push(row[n] ?? null);
          v.push(`$${values.length}`);
        }
        if (si) {
          const ra = row[si.ra] as number;
          const dec = row[si.dec] as number;
          values.push(String(ang2pixBig(29, ra, dec)));
          v.push(`$${values.length}`);
          values.push(`(${ra}d,${dec}d)`);
          v.push(`$${values.length}::spoint`);
        }
        if (si?.region) {
          const reg = row[si.region];
          values.push(typeof reg === 'string' ? dali2spoly(reg) : null);
          v.push(`$${values.length}::spoly`);
        }
        return `(${v.join(', ')})`;
      });
      const all = [...names, ...(si ? ['obscura_hpx', 'obscura_pos'] : []), ...(si?.region ? ['obscura_region'] : [])];
      await client.query(
        `INSERT INTO ${name} (${all.map((n) => `"${n}"`).join(', ')}) VALUES ${tuples.join(', ')}`,
        values,
      );
    }
    if (si) await client.query(`CREATE INDEX ON ${name} USING gist ("obscura_pos")`);
    if (si?.region) await client.query(`CREATE INDEX ON ${name} USING gist ("obscura_region")`);
    if (si) await client.query(`CREATE INDEX ON ${name} ("obscura_hpx")`);
    await client.query(`ANALYZE ${name}`);
  }
  return client;
}

export function defaultTables(): { table: CatalogTable; rows: FixtureRow[] }[] {
  const { obscore, sources } = fixtureRows();
  return [
    { table: OBSCORE, rows: obscore },
    { table: SOURCES, rows: sources },
  ];
}

/** Rows made comparable across backends: numbers (and numeric strings, bigints, DALI text) to 9 significant digits. */
export function normaliseRows(rows: Record<string, unknown>[]): string[] {
  const norm = (v: unknown): unknown => {
    if (v === null || v === undefined) return null;
    if (typeof v === 'bigint') return norm(Number(v));
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (typeof v === 'number') return Number.isInteger(v) ? v : Number(v.toPrecision(9));
    if (typeof v === 'string') {
      if (/^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(v)) return norm(Number(v));
      if (/^-?[\d.]+(e[-+]?\d+)?( -?[\d.]+(e[-+]?\d+)?)+$/i.test(v)) return v.split(' ').map((x) => norm(Number(x)));
      return v;
    }
    if (Array.isArray(v)) return v.map(norm);
    if (v instanceof Date) return v.toISOString();
    return v;
  };
  return rows.map((r) => JSON.stringify(Object.values(r).map(norm)));
}
