// The declarative description of every table the archive keeps. The SQL DDL of each backend and the TAP_SCHEMA 1.1
// rows are both derived from these objects, so the two can never disagree.

/**
 * ADQL 2.1 §2.3 / TAP 1.1 §4.3 column types (plus BOOLEAN, which VOTable has). CHAR(n) is a fixed-width string,
 * written `{ type: 'CHAR', size: n }`.
 */
export type AdqlType =
  | 'SMALLINT'
  | 'INTEGER'
  | 'BIGINT'
  | 'REAL'
  | 'DOUBLE'
  | 'BOOLEAN'
  | 'CHAR'
  | 'VARCHAR'
  | 'CLOB'
  | 'TIMESTAMP'
  | 'POINT'
  | 'CIRCLE'
  | 'POLYGON'
  | 'REGION';

export interface ColumnDef {
  name: string;
  type: AdqlType;
  /** Width of CHAR(n) / VARCHAR(n); absent means unbounded. */
  size?: number;
  /** VOUnit string (VOUnits 1.0), e.g. `deg`, `Hz`, `kbyte`. */
  unit?: string;
  /** UCD1+ word list, e.g. `pos.eq.ra;meta.main`. */
  ucd?: string;
  /** Data model utype, e.g. `obscore:Char.SpatialAxis.Coverage.Location.Coord.Position2D.Value2.C1`. */
  utype?: string;
  description: string;
  /** TAP 1.1 §4.3 flags. */
  principal?: boolean;
  indexed?: boolean;
  /** Defined by an IVOA standard (ObsCore, the radio extension, TAP_SCHEMA). */
  std?: boolean;
  /** NOT NULL in the database. */
  required?: boolean;
}

/**
 * A column the backend fills itself from other columns of the row (never published in TAP_SCHEMA): the HEALPix
 * index of a position, and on PostgreSQL the pgSphere spoint/spoly used by GiST indexes.
 */
export interface SpatialIndex {
  /** Columns holding ICRS RA and Dec in degrees. */
  ra: string;
  dec: string;
  /** Optional column holding the footprint (DALI polygon / circle or STC-S), indexed with pgSphere on PostgreSQL. */
  region?: string;
}

export interface ForeignKey {
  /** TAP_SCHEMA.keys.key_id */
  id: string;
  columns: string[];
  /** Qualified target table name. */
  targetTable: string;
  targetColumns: string[];
  description?: string;
}

export interface TableDef {
  /** Schema name as published (`ivoa`, `TAP_SCHEMA`, `obscura`, or a catalogue schema). */
  schema: string;
  /** Table name without schema. */
  name: string;
  description: string;
  utype?: string;
  /** TAP_SCHEMA.tables.table_type */
  tableType?: 'table' | 'view';
  columns: ColumnDef[];
  primaryKey: string[];
  foreignKeys?: ForeignKey[];
  spatialIndex?: SpatialIndex;
  /** Published in TAP_SCHEMA (internal bookkeeping tables are not). */
  published: boolean;
}

export interface SchemaDef {
  name: string;
  description: string;
  utype?: string;
}

/** `schema.name`, the form TAP_SCHEMA and ADQL use. */
export function qualifiedName(t: Pick<TableDef, 'schema' | 'name'>): string {
  return `${t.schema}.${t.name}`;
}

export function column(t: TableDef, name: string): ColumnDef {
  const c = t.columns.find((x) => x.name === name);
  if (!c) throw new Error(`table ${qualifiedName(t)} has no column ${name}`);
  return c;
}
