// The shared Database contract against a real PostgreSQL 15 + pgSphere cluster (one per test file, ~1 s to start;
// OBSCURA_TEST_POSTGRES_URL shares a running one instead).
import { type PostgresCluster, startPostgres } from '@obscura/testkit';
import { databaseContract } from './database.contract.ts';
import { openDatabase } from './database.ts';

let cluster: PostgresCluster | undefined;

databaseContract('PostgreSQL + pgSphere', {
  open: async () => {
    cluster = await startPostgres();
    return openDatabase(cluster.url, { migrate: false });
  },
  cleanup: async () => cluster?.stop(),
});
