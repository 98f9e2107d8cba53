// The SQLite query pool's size follows its load (sqlite-worker-pool.ts): warm() starts one worker, concurrent queries
// start more up to the pool's size, and the workers beyond the first end once idle for idleEndMs. Real worker
// threads on a real SQLite archive; no timed assertions beyond waiting for the pool to shrink.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { withTempDir } from '@obscura/testkit';
import { buildFixture } from '../test-fixture.ts';
import { SqliteWorkerPool } from './sqlite-worker-pool.ts';

async function rows(pool: SqliteWorkerPool, sql: string): Promise<unknown[][]> {
  const stream = await pool.open(sql, []);
  const out: unknown[][] = [];
  for await (const batch of stream) out.push(...batch);
  return out;
}

test('the pool starts one worker warm, grows with concurrent queries and shrinks back to one when idle', async () => {
  await withTempDir(async (dir) => {
    const fixture = await buildFixture(dir);
    const pool = new SqliteWorkerPool({ url: fixture.dbUrl, size: 2, idleEndMs: 50 });
    try {
      pool.warm();
      assert.equal(pool.workers, 1);
      const sql = `SELECT obs_id FROM "ivoa.obscore" WHERE obs_id = 'T10t01'`;
      assert.deepEqual(await rows(pool, sql), [['T10t01']]);
      assert.equal(pool.workers, 1, 'sequential queries share one worker');
      // Two queries open at once: the second needs a worker of its own.
      const a = await pool.open(sql, []);
      const b = await pool.open(sql, []);
      assert.equal(pool.workers, 2);
      for (const s of [a, b]) {
        const got: unknown[][] = [];
        for await (const batch of s) got.push(...batch);
        assert.deepEqual(got, [['T10t01']]);
      }
      for (let i = 0; i < 200 && pool.workers > 1; i++) await sleep(20);
      assert.equal(pool.workers, 1, 'the idle worker beyond the first was ended');
      assert.deepEqual(await rows(pool, sql), [['T10t01']], 'the remaining worker still answers');
    } finally {
      await pool.close();
    }
  });
});

test('a query waiting for a worker when the pool closes fails at once instead of waiting forever', async () => {
  await withTempDir(async (dir) => {
    const fixture = await buildFixture(dir);
    const pool = new SqliteWorkerPool({ url: fixture.dbUrl, size: 1 });
    const sql = `SELECT obs_id FROM "ivoa.obscore" WHERE obs_id = 'T10t01'`;
    const holding = await pool.open(sql, []);
    // The only worker is taken: this one waits for it.
    const waiting = assert.rejects(pool.open(sql, []), /the query pool is closed/);
    await pool.close();
    await waiting;
    await holding.close();
  });
});
