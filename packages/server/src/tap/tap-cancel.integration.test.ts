// A TAP query stopped before its end stops on the PostgreSQL server too (archive postgres-database.ts cancels the
// statement behind a closed cursor): a sync query running past its executionDuration, and an async job DELETEd while
// EXECUTING, are gone from pg_stat_activity within two seconds.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type PostgresCluster, postgresAvailable, startPostgres, withTempDir } from '@obscura/testkit';
import pg from 'pg';
import { startServer } from '../serve.ts';
import { buildFixture } from '../test-fixture.ts';

/** Minutes of work on PostgreSQL: a four-way cross join of TAP_SCHEMA.columns, counted. */
const HEAVY =
  'SELECT COUNT(*) AS n FROM TAP_SCHEMA.columns AS a, TAP_SCHEMA.columns AS b, TAP_SCHEMA.columns AS c, ' +
  'TAP_SCHEMA.columns AS d WHERE a.column_name <> d.description';

/** Backends of other sessions running a statement on TAP_SCHEMA columns. */
async function running(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND query ILIKE '%columns%' " +
        'AND pid <> pg_backend_pid()',
    );
    return r.rows[0].n as number;
  } finally {
    await c.end();
  }
}

/** Milliseconds until check() holds, or Infinity after ms. */
async function until(check: () => Promise<boolean>, ms: number): Promise<number> {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > ms) return Number.POSITIVE_INFINITY;
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - t0;
}

describe('TAP on PostgreSQL stops the server-side statement of a stopped query', {
  skip: !postgresAvailable() && 'PostgreSQL 15 + pgSphere not installed',
}, () => {
  let cluster: PostgresCluster;
  before(async () => {
    cluster = await startPostgres();
  });
  after(() => cluster?.stop());

  test('sync past its executionDuration, and an async job DELETEd while EXECUTING', () =>
    withTempDir(async (dir) => {
      const fixture = await buildFixture(dir, undefined, cluster.url);
      const server = await startServer({ ...fixture.config, tapExecutionDuration: 1 }, { handleSignals: false });
      try {
        const r = await fetch(`${server.url}/tap/sync`, {
          method: 'POST',
          body: new URLSearchParams({ LANG: 'ADQL', QUERY: HEAVY }),
        });
        const text = await r.text();
        assert.equal(r.status, 503, text);
        assert.match(text, /execution duration/);
        assert.ok(Number.isFinite(await until(async () => (await running(cluster.url)) === 0, 2000)));

        const created = await fetch(`${server.url}/tap/async`, {
          method: 'POST',
          body: new URLSearchParams({ LANG: 'ADQL', QUERY: HEAVY, PHASE: 'RUN', EXECUTIONDURATION: '600' }),
          redirect: 'manual',
        });
        assert.equal(created.status, 303);
        const job = created.headers.get('location')!;
        assert.ok(Number.isFinite(await until(async () => (await running(cluster.url)) === 1, 10_000)));
        const deleted = await fetch(job, { method: 'DELETE', redirect: 'manual' });
        assert.equal(deleted.status, 303);
        const gone = await until(async () => (await running(cluster.url)) === 0, 2000);
        assert.ok(Number.isFinite(gone), 'the job statement still runs 2 s after DELETE');
      } finally {
        await server.close();
      }
    }));
});
