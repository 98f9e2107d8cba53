// The archive's fixed tables, in the order they are created and published.
import { INTERNAL_TABLES } from './internal.ts';
import { OBSCORE_TABLE } from './obscore.ts';
import { OBSCORE_RADIO_TABLE } from './obscore-radio.ts';
import { TAP_SCHEMA_TABLE_DEFS } from './tap-schema.ts';
import type { SchemaDef, TableDef } from './types.ts';

export const CORE_SCHEMAS: SchemaDef[] = [
  { name: 'ivoa', description: 'IVOA standard data models: ObsCore 1.1 and its radio extension' },
  { name: 'TAP_SCHEMA', description: 'Description of the tables of this service (TAP 1.1 §4)' },
];

/** Every fixed table: published ones first (ivoa, then TAP_SCHEMA), then the internal ones. */
export const CORE_TABLES: TableDef[] = [
  OBSCORE_TABLE,
  OBSCORE_RADIO_TABLE,
  ...TAP_SCHEMA_TABLE_DEFS,
  ...INTERNAL_TABLES,
];

export { catalogFromTables } from './adql-catalog.ts';
export { type CatalogueDescription, catalogueTable } from './catalogue.ts';
export {
  CATALOGUES_TABLE,
  COLLECTIONS_TABLE,
  FILES_TABLE,
  SCHEMA_VERSION_TABLE,
  UWS_JOBS_TABLE,
} from './internal.ts';
export { OBSCORE_MANDATORY, OBSCORE_OPTIONAL, OBSCORE_RADIO_EXTRAS, OBSCORE_TABLE } from './obscore.ts';
export { OBSCORE_RADIO_COLUMNS, OBSCORE_RADIO_TABLE } from './obscore-radio.ts';
export { type TapSchemaRows, tapSchemaRows } from './tap-schema-rows.ts';
export * from './types.ts';
export { type VotableType, votableType } from './votable-type.ts';
