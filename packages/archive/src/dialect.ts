// Everything that differs between the SQLite and PostgreSQL backends, in small named places: physical names,
// column types, placeholders, upsert syntax and the spatial index columns. No inheritance: each backend picks
// its Dialect object.
import { healpixIndex } from './healpix-index.ts';
import { parseRegion, spointLiteral, spolyLiteral } from './region.ts';
import type { ColumnDef, TableDef } from './schema/types.ts';

export type DialectName = 'sqlite' | 'postgres';

/** A column the backend fills itself from the row (never published): see SpatialIndex in schema/types.ts. */
export interface DerivedColumn {
  name: string;
  sqlType: string;
  /** How its index is built: B-tree, or GiST (pgSphere). */
  index: 'btree' | 'gist';
  compute(row: Record<string, unknown>): unknown;
  /** Cast applied to the placeholder, e.g. `spoint`. */
  cast?: string;
}

export interface Dialect {
  name: DialectName;
  /** Quoted physical name of a table (schema names are lower-cased physically: `tap_schema.columns`). */
  table(t: Pick<TableDef, 'schema' | 'name'>): string;
  /** Physical schema to create, if the backend has schemas. */
  schema(name: string): string | null;
  quote(identifier: string): string;
  columnType(c: ColumnDef): string;
  /** Placeholder for the i-th parameter (1-based), with an optional cast. */
  param(i: number, cast?: string): string;
  derivedColumns(t: TableDef): DerivedColumn[];
}

export const HEALPIX_COLUMN = 'obscura_hpx';
export const SPOINT_COLUMN = 'obscura_pos';
export const SPOLY_COLUMN = 'obscura_region';

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

function healpixColumn(t: TableDef, sqlType: string): DerivedColumn {
  const { ra, dec } = t.spatialIndex!;
  return { name: HEALPIX_COLUMN, sqlType, index: 'btree', compute: (r) => healpixIndex(r[ra], r[dec]) };
}

// SQLite has one namespace of tables: `ivoa.obscore` is the single quoted identifier "ivoa.obscore".
// Types follow SQLite's affinity rules (sqlite.org/datatype3.html §3.1); TIMESTAMP is ISO 8601 text.
export const sqliteDialect: Dialect = {
  name: 'sqlite',
  table: (t) => quote(`${t.schema}.${t.name}`),
  schema: () => null,
  quote,
  columnType(c) {
    switch (c.type) {
      case 'SMALLINT':
      case 'INTEGER':
      case 'BIGINT':
      case 'BOOLEAN':
        return 'INTEGER';
      case 'REAL':
      case 'DOUBLE':
        return 'REAL';
      default:
        return 'TEXT';
    }
  },
  param: () => '?',
  derivedColumns: (t) => (t.spatialIndex ? [healpixColumn(t, 'INTEGER')] : []),
};

// PostgreSQL 15 with pgSphere: positions also as spoint, footprints as spoly, both GiST-indexed.
export const postgresDialect: Dialect = {
  name: 'postgres',
  table: (t) => `${quote(t.schema.toLowerCase())}.${quote(t.name)}`,
  schema: (name) => name.toLowerCase(),
  quote,
  columnType(c) {
    switch (c.type) {
      case 'SMALLINT':
        return 'smallint';
      case 'INTEGER':
        return 'integer';
      case 'BIGINT':
        return 'bigint';
      case 'REAL':
        return 'real';
      case 'DOUBLE':
        return 'double precision';
      case 'BOOLEAN':
        return 'boolean';
      case 'CHAR':
        return `varchar(${c.size ?? 1})`;
      case 'VARCHAR':
        return c.size ? `varchar(${c.size})` : 'text';
      case 'TIMESTAMP':
        return 'timestamp';
      default:
        return 'text';
    }
  },
  param: (i, cast) => (cast ? `$${i}::${cast}` : `$${i}`),
  derivedColumns(t) {
    if (!t.spatialIndex) return [];
    const { ra, dec, region } = t.spatialIndex;
    const cols: DerivedColumn[] = [
      healpixColumn(t, 'bigint'),
      {
        name: SPOINT_COLUMN,
        sqlType: 'spoint',
        index: 'gist',
        cast: 'spoint',
        compute: (r) => {
          const a = r[ra];
          const d = r[dec];
          return typeof a === 'number' && typeof d === 'number' && Number.isFinite(a) && Number.isFinite(d)
            ? spointLiteral(a, d)
            : null;
        },
      },
    ];
    if (region) {
      cols.push({
        name: SPOLY_COLUMN,
        sqlType: 'spoly',
        index: 'gist',
        cast: 'spoly',
        compute: (r) => {
          const text = r[region];
          const p = typeof text === 'string' ? parseRegion(text) : null;
          return p ? spolyLiteral(p) : null;
        },
      });
    }
    return cols;
  },
};

export function dialectFor(name: DialectName): Dialect {
  return name === 'sqlite' ? sqliteDialect : postgresDialect;
}
