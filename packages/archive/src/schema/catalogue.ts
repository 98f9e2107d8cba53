// Catalogue tables: any table of sources with a position. Given the catalogue's column descriptions, builds the
// TableDef that gets a HEALPix index column (and on PostgreSQL a pgSphere spoint with a GiST index) — DESIGN.md
// "Spatial index".
import type { ColumnDef, TableDef } from './types.ts';

export interface CatalogueDescription {
  /** Qualified name `schema.table`, e.g. `vlass.components`. */
  table: string;
  description: string;
  columns: ColumnDef[];
  /** Column whose value identifies a row (re-ingest upserts by it). */
  primaryKey: string;
  /** Columns with ICRS RA and Dec in degrees. */
  ra: string;
  dec: string;
}

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;
const RESERVED_SCHEMAS = new Set(['ivoa', 'tap_schema', 'obscura', 'public', 'information_schema', 'pg_catalog']);
const NUMERIC = new Set(['SMALLINT', 'INTEGER', 'BIGINT', 'REAL', 'DOUBLE']);

/** Checks a catalogue description and returns its TableDef; throws with every problem found at once. */
export function catalogueTable(d: CatalogueDescription): TableDef {
  const problems: string[] = [];
  const parts = d.table.split('.');
  if (parts.length !== 2 || !parts.every((p) => IDENTIFIER.test(p))) {
    problems.push(`table name "${d.table}" must be schema.table with letters, digits and _ (starting with a letter)`);
  } else if (RESERVED_SCHEMAS.has(parts[0].toLowerCase())) {
    problems.push(`schema "${parts[0]}" is reserved; choose another schema for the catalogue`);
  }
  const seen = new Set<string>();
  for (const c of d.columns) {
    if (!IDENTIFIER.test(c.name)) problems.push(`column name "${c.name}" is not a plain identifier`);
    if (c.name.toLowerCase().startsWith('obscura_')) problems.push(`column name "${c.name}" uses the reserved prefix`);
    if (seen.has(c.name.toLowerCase())) problems.push(`column "${c.name}" appears twice`);
    seen.add(c.name.toLowerCase());
  }
  const find = (n: string) => d.columns.find((c) => c.name === n);
  for (const [role, name] of [
    ['primary key', d.primaryKey],
    ['ra', d.ra],
    ['dec', d.dec],
  ] as const) {
    const c = find(name);
    if (!c) problems.push(`${role} column "${name}" is not among the columns`);
    else if (role !== 'primary key' && !NUMERIC.has(c.type)) problems.push(`${role} column "${name}" is not numeric`);
  }
  if (problems.length) throw new Error(`bad catalogue ${d.table}: ${problems.join('; ')}`);
  const [schema, name] = parts;
  const columns = d.columns.map((c) => {
    const key = c.name === d.primaryKey;
    const pos = c.name === d.ra || c.name === d.dec;
    return {
      ...c,
      indexed: c.indexed || key || pos,
      required: c.required || key,
      principal: c.principal || key || pos,
    };
  });
  return {
    schema,
    name,
    description: d.description,
    columns,
    primaryKey: [d.primaryKey],
    spatialIndex: { ra: d.ra, dec: d.dec },
    published: true,
  };
}
