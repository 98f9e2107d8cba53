// What the checker and the translators know about the database: the published tables and columns (TAP_SCHEMA
// 1.1, TAP 1.1 §4), the spatial index columns the archive derives from them, and the declared user-defined
// functions. The ADQL package does not depend on the archive: the archive (or a test) builds a SchemaCatalog.

/** One published column, described as in TAP_SCHEMA.columns (VOTable datatype, arraysize, DALI xtype). */
export interface CatalogColumn {
  name: string;
  /** VOTable datatype: short, int, long, float, double, boolean, char, unicodeChar. */
  datatype: string;
  arraysize?: string | null;
  /** DALI 1.1 §3.3 xtype: timestamp, point, circle, polygon (or adql:REGION). */
  xtype?: string | null;
  unit?: string | null;
  ucd?: string | null;
  /** TAP_SCHEMA.columns.utype (e.g. obscore:Access.Reference), for the result FIELDs. */
  utype?: string | null;
  description?: string | null;
}

/**
 * The columns the archive fills itself from a table's positions (never published, see the archive's dialect.ts):
 * `obscura_hpx` (order-29 nested HEALPix, BIGINT) on both backends, `obscura_pos` (spoint) and `obscura_region`
 * (spoly) on PostgreSQL.
 */
export interface CatalogSpatialIndex {
  /** Columns holding ICRS RA and Dec in degrees. */
  ra: string;
  dec: string;
  /** The footprint column (STC-S or DALI polygon text), indexed as `obscura_region` on PostgreSQL. */
  region?: string;
}

export interface CatalogTable {
  /** Schema as published (`ivoa`, `TAP_SCHEMA`, `TAP_UPLOAD`, ...). */
  schema: string;
  /** Table name without the schema. */
  name: string;
  columns: CatalogColumn[];
  spatialIndex?: CatalogSpatialIndex;
  /** About how many rows the table has, when known: the cross-match searches the bigger side (crossmatch.ts). */
  rows?: number;
  /**
   * Physical (already quoted) table name per dialect. Default, as the archive creates them: SQLite `"schema.name"`
   * (one namespace), PostgreSQL `"schema"."name"` with the schema lower-cased.
   */
  physical?: { sqlite?: string; postgres?: string };
}

/** A user-defined function as TAPRegExt 1.0 §2.3 declares it. */
export interface UdfDeclaration {
  /** Lower-case name, e.g. `ivo_hasword`. */
  name: string;
  /** TAPRegExt form, e.g. `ivo_hasword(haystack TEXT, needle TEXT) -> INTEGER`. */
  signature: string;
  description: string;
  /** Argument kinds, for the checker. */
  args: readonly ('numeric' | 'string' | 'geometry' | 'any')[];
  /** The VOTable datatype of the result (`point`, `region`: a geometry, DALI xtype). */
  returns: 'int' | 'long' | 'double' | 'char' | 'point' | 'region';
  /** Unit of the result when it is fixed. */
  unit?: string;
}

export interface SchemaCatalog {
  tables: readonly CatalogTable[];
  /**
   * Declared user-defined functions (default: the ones this package implements, UDF_DECLARATIONS). One name may be
   * declared several times with different argument kinds (TAPRegExt 1.0 §2.3 lists each signature): the checker
   * picks the declaration whose arguments fit.
   */
  udfs?: readonly UdfDeclaration[];
}

/** The subset of TAP_SCHEMA 1.1 rows a catalog is built from (TAP 1.1 §4.2, §4.3). */
export interface TapSchemaTableRow {
  schema_name: string;
  /** Qualified `schema.table` as TAP_SCHEMA.tables.table_name holds it. */
  table_name: string;
}
export interface TapSchemaColumnRow {
  table_name: string;
  column_name: string;
  datatype: string;
  arraysize?: string | null;
  xtype?: string | null;
  unit?: string | null;
  ucd?: string | null;
  description?: string | null;
}

/**
 * Builds a catalog from TAP_SCHEMA rows; `spatial` adds the spatial index of the tables that have one (keyed by
 * qualified name), which TAP_SCHEMA does not publish.
 */
export function catalogFromTapSchema(
  rows: { tables: readonly TapSchemaTableRow[]; columns: readonly TapSchemaColumnRow[] },
  spatial: Readonly<Record<string, CatalogSpatialIndex>> = {},
  udfs?: readonly UdfDeclaration[],
): SchemaCatalog {
  const byTable = new Map<string, CatalogColumn[]>();
  for (const c of rows.columns) {
    let list = byTable.get(c.table_name);
    if (!list) byTable.set(c.table_name, (list = []));
    list.push({
      name: c.column_name,
      datatype: c.datatype,
      arraysize: c.arraysize ?? null,
      xtype: c.xtype ?? null,
      unit: c.unit ?? null,
      ucd: c.ucd ?? null,
      description: c.description ?? null,
    });
  }
  const tables = rows.tables.map((t): CatalogTable => {
    const prefix = `${t.schema_name}.`;
    const name = t.table_name.startsWith(prefix) ? t.table_name.slice(prefix.length) : t.table_name;
    return {
      schema: t.schema_name,
      name,
      columns: byTable.get(t.table_name) ?? [],
      spatialIndex: spatial[t.table_name],
    };
  });
  return { tables, udfs };
}

/** `"schema.name"` on SQLite, `"schema"."name"` on PostgreSQL (as the archive's dialect.ts creates them). */
export function physicalTableName(t: CatalogTable, dialect: 'sqlite' | 'postgres'): string {
  const given = t.physical?.[dialect];
  if (given) return given;
  return dialect === 'sqlite'
    ? quoteIdentifier(`${t.schema}.${t.name}`)
    : `${quoteIdentifier(t.schema.toLowerCase())}.${quoteIdentifier(t.name)}`;
}

/** SQL delimited identifier: always quoted, embedded quotes doubled (SQL-92 §5.2, both backends). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The spatial index column names the archive creates (packages/archive/src/dialect.ts). */
export const HEALPIX_COLUMN = 'obscura_hpx';
export const HEALPIX_COLUMN_ORDER = 29;
export const SPOINT_COLUMN = 'obscura_pos';
export const SPOLY_COLUMN = 'obscura_region';
