// Rowid-range partitioning: which query shapes split (and which do not, one test per rule of rowid-partition.ts),
// the SQL printed, and on a real SQLite file that the concatenated ranges give exactly the unsplit multiset.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { withTempDir } from '@obscura/testkit';
import type { CatalogTable, SchemaCatalog } from '../catalog.ts';
import { CATALOG, normaliseRows, sqliteFixture } from './fixtures.ts';
import { type Translation, toPostgres, toSqlite } from './index.ts';

/** A table with a column named `rowid` (the partition must use `_rowid_`). */
const TAGGED: CatalogTable = {
  schema: 'demo',
  name: 'tagged',
  columns: [
    { name: 'ROWID', datatype: 'long' },
    { name: 'id', datatype: 'long' },
    { name: 'tag', datatype: 'char', arraysize: '*' },
  ],
};

/** A table whose columns take all three rowid names: nothing to range over. */
const HIDDEN: CatalogTable = {
  schema: 'demo',
  name: 'hidden',
  columns: [
    { name: 'rowid', datatype: 'long' },
    { name: '_rowid_', datatype: 'long' },
    { name: 'OID', datatype: 'long' },
  ],
};

const CAT: SchemaCatalog = { tables: [...CATALOG.tables, TAGGED, HIDDEN] };

const UPLOAD: CatalogTable = {
  schema: 'TAP_UPLOAD',
  name: 'mine',
  columns: [
    { name: 'ra', datatype: 'double' },
    { name: 'dec', datatype: 'double' },
  ],
  physical: { sqlite: '"upload_1_mine"' },
};

function ok(r: Translation): Extract<Translation, { ok: true }> {
  assert.ok(r.ok, JSON.stringify(!r.ok && r.diagnostics));
  return r;
}

const split = (adql: string) => ok(toSqlite(adql, CAT, { rowidPartition: true, uploads: [UPLOAD] }));

function assertSplit(adql: string, want: { table: string; rowid: string; planName: string }) {
  const r = split(adql);
  assert.ok(r.partition, `expected a partition: ${adql}`);
  const { sql: _sql, ...rest } = r.partition;
  assert.deepEqual(rest, want, adql);
  const range = `"${want.planName}".${want.rowid} BETWEEN :obscura_lo AND :obscura_hi`;
  assert.ok(r.partition.sql.includes(range), r.partition.sql);
  return r;
}

function assertNoSplit(adql: string) {
  const r = split(adql);
  assert.equal(r.partition, undefined, `expected no partition: ${adql}`);
}

test('the range is AND-ed to the top-level WHERE, or becomes the WHERE', () => {
  const plain = split('SELECT id FROM demo.sources');
  assert.equal(plain.sql, 'SELECT "sources"."id" AS "id"\nFROM "demo.sources" AS "sources"');
  assert.deepEqual(plain.partition, {
    sql: 'SELECT "sources"."id" AS "id"\nFROM "demo.sources" AS "sources"\nWHERE "sources".rowid BETWEEN :obscura_lo AND :obscura_hi',
    table: '"demo.sources"',
    rowid: 'rowid',
    planName: 'sources',
  });
  const where = split('SELECT id FROM demo.sources WHERE flux > 1 OR id < 5');
  assert.equal(
    where.partition?.sql,
    `${where.sql.replace('WHERE ', 'WHERE (')}) AND "sources".rowid BETWEEN :obscura_lo AND :obscura_hi`,
  );
  assert.deepEqual(where.params, []);
  // Subqueries keep their own WHERE: only the top-level one gets the range.
  const sub = split(
    'SELECT id FROM demo.sources AS s WHERE EXISTS (SELECT 1 FROM ivoa.obscore AS o WHERE o.obs_id = s.obs_id)',
  );
  assert.equal(sub.partition?.sql.match(/:obscura_lo/g)?.length, 1);
  assert.match(sub.partition?.sql ?? '', /WHERE \(EXISTS \(.*\)\) AND "s"\.rowid BETWEEN/s);
});

test('only when asked, and only for SQLite', () => {
  assert.equal(ok(toSqlite('SELECT id FROM demo.sources', CAT)).partition, undefined);
  assert.equal(ok(toPostgres('SELECT id FROM demo.sources', CAT, { rowidPartition: true })).partition, undefined);
});

test('eligible shapes: the leftmost table of the first FROM item, through joins and parentheses', () => {
  const sources = { table: '"demo.sources"', rowid: 'rowid' };
  assertSplit('SELECT * FROM demo.sources', { ...sources, planName: 'sources' });
  assertSplit('SELECT ALL a.id FROM demo.sources AS a WHERE a.flux > 3', { ...sources, planName: 'a' });
  assertSplit('SELECT a.* FROM demo.sources AS a, demo.sources AS b WHERE b.id < 3', { ...sources, planName: 'a' });
  assertSplit('SELECT s.id FROM demo.sources AS s JOIN ivoa.obscore AS o ON s.obs_id = o.obs_id', {
    ...sources,
    planName: 's',
  });
  assertSplit('SELECT o.obs_id FROM ivoa.obscore AS o INNER JOIN demo.sources AS s ON s.obs_id = o.obs_id', {
    table: '"ivoa.obscore"',
    rowid: 'rowid',
    planName: 'o',
  });
  assertSplit('SELECT s.id FROM demo.sources AS s LEFT OUTER JOIN ivoa.obscore AS o ON s.obs_id = o.obs_id', {
    ...sources,
    planName: 's',
  });
  assertSplit('SELECT s.id FROM demo.sources AS s CROSS JOIN ivoa.obscore AS o', { ...sources, planName: 's' });
  assertSplit('SELECT * FROM demo.sources NATURAL JOIN ivoa.obscore', { ...sources, planName: 'sources' });
  assertSplit('SELECT s.id FROM demo.sources AS s JOIN ivoa.obscore AS o USING (obs_id)', {
    ...sources,
    planName: 's',
  });
  assertSplit(
    'SELECT s.id FROM (demo.sources AS s JOIN ivoa.obscore AS o ON s.obs_id = o.obs_id) LEFT JOIN demo.tagged AS t ON t.id = s.id',
    { ...sources, planName: 's' },
  );
  // A derived table elsewhere in FROM, a scalar subquery without aggregate, IN (subquery): still one row per row.
  assertSplit(
    'SELECT s.id, (SELECT o.obs_collection FROM ivoa.obscore AS o WHERE o.obs_id = s.obs_id) AS c FROM demo.sources AS s, (SELECT obs_id FROM ivoa.obscore) AS d WHERE s.obs_id = d.obs_id AND s.id IN (SELECT id FROM demo.tagged)',
    { ...sources, planName: 's' },
  );
  // Cross-match rewrites: the cone, the HEALPix index join (an extra FROM item), the LEFT JOIN form.
  assertSplit('SELECT id FROM demo.sources WHERE CONTAINS(POINT(ra, dec), CIRCLE(15, 20, 2)) = 1', {
    ...sources,
    planName: 'sources',
  });
  const xm = assertSplit(
    'SELECT o.obs_id, s.id FROM ivoa.obscore AS o, demo.sources AS s WHERE CONTAINS(POINT(s.ra, s.dec), CIRCLE(o.s_ra, o.s_dec, 0.2)) = 1',
    { table: '"ivoa.obscore"', rowid: 'rowid', planName: 'o' },
  );
  assert.match(xm.sql, /AS "_xm1"/);
  assert.equal(
    xm.partition?.sql,
    `${xm.sql.replace('WHERE ', 'WHERE (')}) AND "o".rowid BETWEEN :obscura_lo AND :obscura_hi`,
  );
  // Case-insensitive column names: `ROWID` hides rowid, so _rowid_.
  assertSplit('SELECT * FROM demo.tagged', { table: '"demo.tagged"', rowid: '_rowid_', planName: 'tagged' });
  // TAP_UPLOAD tables are catalog tables with a physical name.
  assertSplit('SELECT m.ra FROM TAP_UPLOAD.mine AS m', { table: '"upload_1_mine"', rowid: 'rowid', planName: 'm' });
});

test('ineligible shapes: one per rule', () => {
  // Top-level query: WITH, ORDER BY, OFFSET, a set operation, a nested query.
  assertNoSplit('WITH w AS (SELECT id FROM demo.sources) SELECT s.id FROM demo.sources AS s, w WHERE w.id = s.id');
  assertNoSplit('SELECT id FROM demo.sources ORDER BY id');
  assertNoSplit('SELECT id FROM demo.sources OFFSET 3');
  assertNoSplit('SELECT id FROM demo.sources UNION ALL SELECT id FROM demo.sources');
  assertNoSplit('SELECT id FROM demo.sources UNION SELECT id FROM demo.sources');
  assertNoSplit('(SELECT id FROM demo.sources)');
  // The SELECT: DISTINCT, TOP, GROUP BY, HAVING, aggregates (also inside expressions and subqueries).
  assertNoSplit('SELECT DISTINCT obs_id FROM demo.sources');
  assertNoSplit('SELECT TOP 10 id FROM demo.sources');
  assertNoSplit('SELECT obs_id FROM demo.sources GROUP BY obs_id');
  assertNoSplit('SELECT COUNT(*) FROM demo.sources HAVING COUNT(*) > 1');
  assertNoSplit('SELECT COUNT(*) FROM demo.sources');
  assertNoSplit('SELECT 1 + MAX(flux) FROM demo.sources');
  assertNoSplit('SELECT (SELECT MAX(s.flux) FROM ivoa.obscore AS o) AS m FROM demo.sources AS s');
  // The partition table: a subquery or a WITH name is not a table with rowids.
  assertNoSplit('SELECT d.id FROM (SELECT id FROM demo.sources) AS d');
  assertNoSplit('SELECT d.id FROM (SELECT id FROM demo.sources) AS d JOIN demo.sources AS s ON s.id = d.id');
  assertNoSplit('WITH w AS (SELECT id FROM demo.sources) SELECT id FROM w');
  // Joins: RIGHT or FULL anywhere in the FROM list.
  assertNoSplit('SELECT s.id FROM demo.sources AS s RIGHT JOIN ivoa.obscore AS o ON s.obs_id = o.obs_id');
  assertNoSplit('SELECT s.id FROM demo.sources AS s FULL OUTER JOIN ivoa.obscore AS o ON s.obs_id = o.obs_id');
  assertNoSplit(
    'SELECT s.id FROM demo.sources AS s, (ivoa.obscore AS o RIGHT JOIN demo.tagged AS t ON t.tag = o.obs_id)',
  );
  // All three rowid names are columns.
  assertNoSplit('SELECT * FROM demo.hidden');
});

/**
 * `parts` inclusive ranges covering the whole 64-bit rowid space, cut at existing rowids (`rowids` sorted) so that
 * each holds about as many rows, and a cut rowid is the last of its range.
 */
function ranges(rowids: bigint[], parts: number): [bigint, bigint][] {
  const out: [bigint, bigint][] = [];
  let lo = -(2n ** 63n);
  for (let i = 1; i < parts; i++) {
    const hi = rowids[Math.floor((rowids.length * i) / parts)];
    out.push([lo, hi]);
    lo = hi + 1n;
  }
  out.push([lo, 2n ** 63n - 1n]);
  return out;
}

test('SQLite: the concatenated rowid ranges give exactly the unsplit rows', async () => {
  await withTempDir(async (dir) => {
    const db = sqliteFixture(join(dir, 'p.sqlite'));
    try {
      // Gaps in the rowids, and rows at both ends of the 64-bit range (the bounds are inclusive).
      db.exec('DELETE FROM "demo.sources" WHERE id % 7 = 3 OR id BETWEEN 1000 AND 1200');
      db.exec('DELETE FROM "ivoa.obscore" WHERE rowid % 10 = 4');
      db.exec(
        `INSERT INTO "demo.sources" (rowid, id, ra, dec, flux, name, obs_id, obscura_hpx)
         SELECT -9223372036854775808, 90001, ra, dec, flux, 'lowest', obs_id, obscura_hpx FROM "demo.sources" WHERE id = 2`,
      );
      db.exec(
        `INSERT INTO "demo.sources" (rowid, id, ra, dec, flux, name, obs_id, obscura_hpx)
         SELECT 9223372036854775807, 90002, ra, dec, flux, 'highest', obs_id, obscura_hpx FROM "demo.sources" WHERE id = 5`,
      );
      db.exec('CREATE TABLE "demo.tagged" ("ROWID" INTEGER, "id" INTEGER, "tag" TEXT)');
      const tag = db.prepare('INSERT INTO "demo.tagged" ("ROWID", "id", "tag") VALUES (?, ?, ?)');
      for (let i = 1; i <= 500; i++) tag.run(1000 - i, i * 3, i % 3 === 0 ? 'odd' : 'even');
      db.exec('DELETE FROM "demo.tagged" WHERE id % 11 = 0');
      const queries = [
        'SELECT id, name, flux FROM demo.sources WHERE flux > 1',
        'SELECT * FROM demo.sources',
        'SELECT a.* FROM demo.sources AS a, demo.sources AS b WHERE b.id < 3',
        'SELECT s.id, o.obs_collection FROM demo.sources AS s JOIN ivoa.obscore AS o ON s.obs_id = o.obs_id',
        'SELECT s.id, o.calib_level FROM demo.sources AS s LEFT JOIN ivoa.obscore AS o ON s.obs_id = o.obs_id AND o.calib_level = 2',
        'SELECT * FROM demo.sources NATURAL JOIN ivoa.obscore',
        'SELECT id, ra, dec FROM demo.sources WHERE CONTAINS(POINT(ra, dec), CIRCLE(15, 20, 3)) = 1',
        'SELECT o.obs_id, s.id FROM ivoa.obscore AS o, demo.sources AS s WHERE CONTAINS(POINT(s.ra, s.dec), CIRCLE(o.s_ra, o.s_dec, 0.2)) = 1',
        'SELECT o.obs_id, s.id FROM ivoa.obscore AS o JOIN demo.sources AS s ON CONTAINS(POINT(s.ra, s.dec), CIRCLE(o.s_ra, o.s_dec, 0.2)) = 1',
        'SELECT o.obs_id, s.id FROM ivoa.obscore AS o LEFT JOIN demo.sources AS s ON CONTAINS(POINT(s.ra, s.dec), CIRCLE(o.s_ra, o.s_dec, 0.1)) = 1',
        'SELECT s.id FROM demo.sources AS s WHERE EXISTS (SELECT 1 FROM ivoa.obscore AS o WHERE o.obs_id = s.obs_id AND o.calib_level = 3)',
        'SELECT t.* FROM demo.tagged AS t JOIN demo.sources AS s ON s.id = t.id',
      ];
      for (const adql of queries) {
        const r = split(adql);
        const p = r.partition;
        assert.ok(p, `expected a partition: ${adql}`);
        const whole = normaliseRows(db.prepare(r.sql).all(...r.params) as Record<string, unknown>[]).sort();
        assert.ok(whole.length > 0, adql);
        const rowids = db
          .prepare(`SELECT ${p.rowid} FROM ${p.table} ORDER BY 1`)
          .pluck()
          .safeIntegers()
          .all() as bigint[];
        const stmt = db.prepare(p.sql);
        for (const parts of [3, 4, 5]) {
          const pieces = ranges(rowids, parts).map(
            ([obscura_lo, obscura_hi]) =>
              stmt.all(...r.params, { obscura_lo, obscura_hi }) as Record<string, unknown>[],
          );
          assert.ok(pieces.filter((x) => x.length > 0).length >= 2, `${adql}: the ranges really split the rows`);
          assert.deepEqual(normaliseRows(pieces.flat()).sort(), whole, `${adql} in ${parts} ranges`);
        }
      }
      // The rows at both ends of the rowid space are in the first and the last range.
      const ends = split('SELECT name FROM demo.sources WHERE id > 90000').partition!;
      const stmt = db.prepare(ends.sql).pluck();
      assert.deepEqual(stmt.all({ obscura_lo: -(2n ** 63n), obscura_hi: -(2n ** 63n) }), ['lowest']);
      assert.deepEqual(stmt.all({ obscura_lo: 2n ** 63n - 1n, obscura_hi: 2n ** 63n - 1n }), ['highest']);
    } finally {
      db.close();
    }
  });
});
