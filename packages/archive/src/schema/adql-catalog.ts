// The ADQL checker's view of the archive: the published tables with their TAP_SCHEMA types and spatial index
// columns, built from the same TableDefs as the DDL and TAP_SCHEMA rows.
import type { SchemaCatalog } from '@obscura/adql';
import type { TableDef } from './types.ts';
import { votableType } from './votable-type.ts';

/** The ADQL catalog of the archive's published tables (TAP_SCHEMA types, spatial index columns). */
export function catalogFromTables(tables: readonly TableDef[]): SchemaCatalog {
  return {
    tables: tables
      .filter((t) => t.published)
      .map((t) => ({
        schema: t.schema,
        name: t.name,
        spatialIndex: t.spatialIndex,
        columns: t.columns.map((c) => ({ name: c.name, ...votableType(c), unit: c.unit ?? null, ucd: c.ucd ?? null })),
      })),
  };
}
