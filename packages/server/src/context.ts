// What every route plugin is given: the configuration, the archive database, and the registry of services that are
// up (for the landing page and the 404 text).
import type { Database } from '@obscura/archive';
import type { ObscuraConfig } from './config.ts';
import type { QueryEngine } from './tap/query-engine.ts';

export interface ServerContext {
  config: ObscuraConfig;
  db: Database;
  /** Names of the services registered so far (see services.ts); a plugin adds its own name. */
  available: Set<string>;
  /** The one ADQL query engine (SQLite worker pool, TAP_SCHEMA cache) that TAP, SIA and bulk cutouts share. */
  queries: QueryEngine;
}
