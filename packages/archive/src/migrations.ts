// Schema migrations, numbered; obscura.schema_version records which have run. Each is a list of idempotent
// statements, so a half-applied migration (only possible on SQLite DDL outside a transaction) can be re-run.
import { createTableStatements } from './ddl.ts';
import type { Dialect } from './dialect.ts';
import { CORE_TABLES, OBSCORE_TABLE, UWS_JOBS_TABLE } from './schema/index.ts';
import type { TableDef } from './schema/types.ts';

export interface Migration {
  version: number;
  description: string;
  statements(d: Dialect): string[];
}

/** obscura.uws_jobs columns added after migration 2. */
const LATER = new Set(['public_base']);

function addColumn(d: Dialect, t: TableDef, name: string): string {
  const c = t.columns.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${name} in ${t.name}`);
  return `ALTER TABLE ${d.table(t)} ADD COLUMN ${d.quote(c.name)} ${d.columnType(c)}`;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'ivoa.obscore, ivoa.obscore_radio, TAP_SCHEMA 1.1, obscura.collections/files/catalogues',
    statements: (d) => CORE_TABLES.flatMap((t) => createTableStatements(d, t)),
  },
  {
    version: 2,
    description: 'obscura.uws_jobs: UWS 1.1 jobs of the async services',
    // The table as migration 2 made it: columns added later come with their own migration (4: public_base).
    statements: (d) =>
      createTableStatements(d, {
        ...UWS_JOBS_TABLE,
        columns: UWS_JOBS_TABLE.columns.filter((c) => !LATER.has(c.name)),
      }),
  },
  {
    version: 3,
    description: 'ivoa.obscore.s_region as STC-S (ObsCore 1.1 adql:REGION): DALI polygon numbers get "Polygon ICRS "',
    // Idempotent: only values that start like a number (DALI 1.1 §3.3.7 polygons written before) change.
    statements: (d) => [
      `UPDATE ${d.table(OBSCORE_TABLE)} SET ${d.quote('s_region')} = 'Polygon ICRS ' || ${d.quote('s_region')} ` +
        `WHERE substr(${d.quote('s_region')}, 1, 1) IN ('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '-', '+', '.')`,
    ],
  },
  {
    version: 4,
    description: 'obscura.uws_jobs.public_base: the server root a job was created through (async ObsCore access_url)',
    // Runs once, inside the migration transaction (both backends have transactional DDL), so no IF NOT EXISTS needed.
    statements: (d) => [addColumn(d, UWS_JOBS_TABLE, 'public_base')],
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
