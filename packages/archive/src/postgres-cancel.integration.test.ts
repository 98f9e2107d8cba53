// A PostgreSQL cursor closed before its end stops the statement on the server (postgres-database.ts closeCursor):
// a query that runs for half a minute is gone from pg_stat_activity within a couple of seconds of close(), and a
// query closed after its last batch leaves its connection in the pool.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type PostgresCluster, postgresAvailable, startPostgres } from '@obscura/testkit';
import pg from 'pg';
import { type Database, openDatabase } from './database.ts';

/** Backends running a statement whose text contains marker (the monitoring query itself excluded). */
async function running(url: string, marker: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE $1 AND pid <> pg_backend_pid()",
      [`%${marker}%`],
    );
    return r.rows[0].n as number;
  } finally {
    await c.end();
  }
}

async function until(what: () => Promise<boolean>, ms: number): Promise<number> {
  const t0 = Date.now();
  while (!(await what())) {
    if (Date.now() - t0 > ms) return Number.POSITIVE_INFINITY;
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - t0;
}

describe('PostgreSQL cursor cancellation', {
  skip: !postgresAvailable() && 'PostgreSQL 15 + pgSphere not installed',
}, () => {
  let cluster: PostgresCluster;
  let db: Database;
  before(async () => {
    cluster = await startPostgres();
    db = await openDatabase(cluster.url, { migrate: false });
  });
  after(async () => {
    await db?.close();
    await cluster?.stop();
  });

  test('closing a cursor while its statement runs cancels the statement server-side', async () => {
    const marker = 'cancel_me_1';
    const stream = await db.streamBatches(`SELECT pg_sleep(30) AS ${marker}`);
    const it = stream[Symbol.asyncIterator]();
    const pending = it.next().catch((e: Error) => e);
    assert.ok(Number.isFinite(await until(async () => (await running(cluster.url, marker)) === 1, 5000)));
    const t0 = Date.now();
    await stream.close();
    const gone = await until(async () => (await running(cluster.url, marker)) === 0, 2000);
    assert.ok(Number.isFinite(gone), 'the statement still runs 2 s after close()');
    assert.ok(Date.now() - t0 < 5000);
    await pending;
    // The pool still serves queries afterwards.
    assert.deepEqual(await db.all('SELECT 1 AS one'), [{ one: 1 }]);
  });

  test('a cursor read to its end, or closed between batches, closes without a cancel and its rows are right', async () => {
    const stream = await db.streamBatches('SELECT g FROM generate_series(1, 2500) AS g', [], { batchSize: 1000 });
    let n = 0;
    for await (const b of stream) n += b.length;
    assert.equal(n, 2500);
    const early = await db.streamBatches('SELECT g FROM generate_series(1, 100000) AS g', [], { batchSize: 1000 });
    const first = await early[Symbol.asyncIterator]().next();
    assert.equal((first.value as unknown[][])[0][0], 1);
    await early.close();
    assert.deepEqual(await db.all('SELECT 2 AS two'), [{ two: 2 }]);
  });
});
