// The contract: every query of CONTRACT_QUERIES, translated for SQLite and for PostgreSQL + pgSphere, runs on a
// real SQLite file and a real PostgreSQL cluster (startPostgres) over the same fixture rows and returns the same
// rows. Also: EXPLAIN shows the GiST index serving a cone on PostgreSQL.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type PostgresCluster, postgresAvailable, startPostgres, withTempDir } from '@obscura/testkit';
import type pg from 'pg';
import { CONTRACT_QUERIES } from './contract-queries.ts';
import { CATALOG, normaliseRows, postgresFixture, sqliteFixture } from './fixtures.ts';
import { toPostgres, toSqlite } from './index.ts';

const skip = postgresAvailable() ? false : 'PostgreSQL 15 + pgSphere not installed';
let cluster: PostgresCluster;
let client: pg.Client;

before(async () => {
  if (skip) return;
  cluster = await startPostgres();
  client = await postgresFixture(cluster.url);
});
after(async () => {
  await client?.end();
  await cluster?.stop();
});

test('contract: SQLite and PostgreSQL+pgSphere return the same rows for every contract query', { skip }, async () => {
  await withTempDir(async (dir) => {
    const db = sqliteFixture(join(dir, 'fixture.sqlite'));
    let nonEmpty = 0;
    for (const q of CONTRACT_QUERIES) {
      const s = toSqlite(q, CATALOG);
      const p = toPostgres(q, CATALOG);
      assert.ok(s.ok, `${q}: ${JSON.stringify(!s.ok && s.diagnostics)}`);
      assert.ok(p.ok, `${q}: ${JSON.stringify(!p.ok && p.diagnostics)}`);
      const sRows = normaliseRows(db.prepare(s.sql).all() as Record<string, unknown>[]).sort();
      const pRows = normaliseRows((await client.query(p.sql)).rows).sort();
      assert.deepEqual(sRows, pRows, `${q}\n--- sqlite\n${s.sql}\n--- postgres\n${p.sql}`);
      // Both return the columns the checker announced, in order.
      const names = s.columns.map((c) => c.name);
      if (sRows.length > 0) {
        assert.deepEqual(Object.keys(db.prepare(s.sql).get() as object), names, q);
        nonEmpty++;
      }
    }
    db.close();
    console.log(`contract: ${CONTRACT_QUERIES.length} queries, ${nonEmpty} with rows, identical on both backends`);
    // Only the case-sensitive LIKE '%_field' is empty (every name is spelled _Field).
    assert.equal(nonEmpty, CONTRACT_QUERIES.length - 1);
  });
});

test('PostgreSQL: a cone on a table with obscura_pos uses the GiST index', { skip }, async () => {
  const p = toPostgres('SELECT id FROM demo.sources WHERE CONTAINS(POINT(ra, dec), CIRCLE(15, 20, 0.1)) = 1', CATALOG);
  assert.ok(p.ok);
  assert.match(p.sql, /"sources"\."obscura_pos" @ scircle/);
  await client.query('SET enable_seqscan = off');
  const plan = (await client.query(`EXPLAIN ${p.sql}`)).rows.map((r) => r['QUERY PLAN']).join('\n');
  await client.query('SET enable_seqscan = on');
  assert.match(plan, /Index Scan|Bitmap Index Scan/);
  assert.match(plan, /obscura_pos/);
});
