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

/**
 * UWS 1.1 jobs of the async services (TAP /tap/async, later SODA): one row per job, so a restart loses none.
 * Times are epoch milliseconds (BIGINT) so both backends compare them the same way; parameters and results are JSON.
 * Created by migration 2 (not part of the version-1 core tables); public_base added by migration 4.
 */
export const UWS_JOBS_TABLE: TableDef = {
  schema: 'obscura',
  name: 'uws_jobs',
  description: 'UWS 1.1 jobs (UWS 1.1 §2.1): phase, times, parameters, results, error summary',
  columns: [
    { name: 'job_id', type: 'VARCHAR', description: 'jobId (UWS 1.1 §2.1.1)', required: true },
    { name: 'service', type: 'VARCHAR', description: 'Which job list the job belongs to, e.g. tap', required: true },
    { name: 'run_id', type: 'VARCHAR', description: 'Client-supplied RUNID (UWS 1.1 §2.1.2)' },
    { name: 'owner_id', type: 'VARCHAR', description: 'Authenticated creator (UWS 1.1 §2.1.3), null if anonymous' },
    { name: 'phase', type: 'VARCHAR', description: 'Execution phase (UWS 1.1 §2.1.4)', required: true },
    { name: 'creation_time', type: 'BIGINT', unit: 'ms', description: 'Creation time, epoch ms', required: true },
    { name: 'start_time', type: 'BIGINT', unit: 'ms', description: 'Start of execution, epoch ms' },
    { name: 'end_time', type: 'BIGINT', unit: 'ms', description: 'End of execution, epoch ms' },
    { name: 'execution_duration', type: 'INTEGER', unit: 's', description: 'Allowed run time, 0 = unlimited' },
    { name: 'destruction_time', type: 'BIGINT', unit: 'ms', description: 'When the job and results are destroyed' },
    { name: 'quote', type: 'BIGINT', unit: 'ms', description: 'Predicted end of execution, epoch ms' },
    { name: 'parameters', type: 'CLOB', description: 'JSON [[name, value], ...] in request order', required: true },
    { name: 'results', type: 'CLOB', description: 'JSON [{id, href, size, mimeType, file}]' },
    { name: 'error_type', type: 'VARCHAR', description: 'transient or fatal (UWS 1.1 §2.1.11)' },
    { name: 'error_message', type: 'CLOB', description: 'Error summary message' },
    {
      name: 'public_base',
      type: 'VARCHAR',
      description: 'Server root as the creating request reached it (ObsCore access_url values are rebased on it)',
    },
  ],
  primaryKey: ['job_id'],
  published: false,
};

export const INTERNAL_TABLES: TableDef[] = [SCHEMA_VERSION_TABLE, COLLECTIONS_TABLE, FILES_TABLE, CATALOGUES_TABLE];
