// What every route plugin is given: the configuration, the archive database, and the registry of services that are
// up (for the landing page and the 404 text).
import type { Database } from '@obscura/archive';
import type { ObscuraConfig } from './config.ts';

export interface ServerContext {
  config: ObscuraConfig;
  db: Database;
  /** Names of the services registered so far (see services.ts); a plugin adds its own name. */
  available: Set<string>;
}
