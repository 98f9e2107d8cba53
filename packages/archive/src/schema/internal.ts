// Internal bookkeeping tables (schema `obscura`), not published in TAP_SCHEMA.
import type { TableDef } from './types.ts';

export const SCHEMA_VERSION_TABLE: TableDef = {
  schema: 'obscura',
  name: 'schema_version',
  description: 'Applied schema migrations',
  columns: [
    { name: 'version', type: 'INTEGER', description: 'Migration number', required: true },
    { name: 'applied_at', type: 'TIMESTAMP', description: 'When it was applied (UTC)', required: true },
    { name: 'description', type: 'VARCHAR', description: 'What it did' },
  ],
  primaryKey: ['version'],
  published: false,
};

export const COLLECTIONS_TABLE: TableDef = {
  schema: 'obscura',
  name: 'collections',
  description: 'Data collections (obs_collection values) with what the landing page and HiPS need',
  columns: [
    { name: 'name', type: 'VARCHAR', description: 'obs_collection value', required: true },
    { name: 'title', type: 'VARCHAR', description: 'Human-readable title' },
    { name: 'description', type: 'VARCHAR', description: 'Longer description' },
    { name: 'authority', type: 'VARCHAR', description: 'IVOA authority of obs_publisher_did values' },
    { name: 'root_path', type: 'VARCHAR', description: 'Directory the files of the collection live under' },
    { name: 'updated_at', type: 'TIMESTAMP', description: 'Last ingest into the collection (UTC)' },
  ],
  primaryKey: ['name'],
  published: false,
};

export const FILES_TABLE: TableDef = {
  schema: 'obscura',
  name: 'files',
  description: 'Files attached to ObsCore products: the product itself and auxiliary files (e.g. a VLASS .rms image)',
  columns: [
    { name: 'obs_publisher_did', type: 'VARCHAR', description: 'Product the file belongs to', required: true },
    { name: 'path', type: 'VARCHAR', description: 'File path relative to the collection root', required: true },
    { name: 'semantics', type: 'VARCHAR', description: 'DataLink semantics: #this, #auxiliary, #preview, ...' },
    { name: 'content_type', type: 'VARCHAR', description: 'MIME type' },
    { name: 'size_bytes', type: 'BIGINT', unit: 'byte', description: 'File size' },
    { name: 'description', type: 'VARCHAR', description: 'What the file is' },
  ],
  primaryKey: ['obs_publisher_did', 'path'],
  published: false,
};

export const CATALOGUES_TABLE: TableDef = {
  schema: 'obscura',
  name: 'catalogues',
  description: 'Catalogue tables created at run time, with the description their DDL and TAP_SCHEMA rows come from',
  columns: [
    { name: 'table_name', type: 'VARCHAR', description: 'Qualified table name', required: true },
    { name: 'definition', type: 'CLOB', description: 'The TableDef as JSON', required: true },
    { name: 'updated_at', type: 'TIMESTAMP', description: 'When the definition was last written (UTC)' },
  ],
  primaryKey: ['table_name'],
  published: false,
};

export const INTERNAL_TABLES: TableDef[] = [SCHEMA_VERSION_TABLE, COLLECTIONS_TABLE, FILES_TABLE, CATALOGUES_TABLE];
