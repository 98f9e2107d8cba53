// Cross-matches run as index joins on both backends (crossmatch.ts). Two catalogues (20,000 and 3,000 rows) and a
// TAP_UPLOAD-like table (1,000 rows), laid out as the archive lays them out, in a real SQLite file and a real
// PostgreSQL + pgSphere cluster. For every spelling of "within 5″" the translated SQL's plan is read from the planner
// itself: SQLite EXPLAIN QUERY PLAN searches the inner table through its HEALPix index once per outer row (never a
// SCAN of it); PostgreSQL EXPLAIN shows the GiST index scan on the inner table (no sequential scan of it, no hash or
// merge join). The rows are the brute-force answer (every pair within the radius, by angular distance).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { angularDistance } from '@obscura/sky';
import { type PostgresCluster, postgresAvailable, seededRandom, startPostgres } from '@obscura/testkit';
import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import type { CatalogTable, SchemaCatalog } from '../catalog.ts';
import { type FixtureRow, postgresFixture, sqliteFixture } from './fixtures.ts';
import { toPostgres, toSqlite } from './index.ts';

const skipPg = postgresAvailable() ? false : 'PostgreSQL 15 + pgSphere not installed';
const RADIUS = 5 / 3600;

const columns = [
  { name: 'id', datatype: 'long', ucd: 'meta.id' },
  { name: 'ra', datatype: 'double', unit: 'deg', ucd: 'pos.eq.ra' },
  { name: 'dec', datatype: 'double', unit: 'deg', ucd: 'pos.eq.dec' },
  { name: 'flux', datatype: 'double', unit: 'mJy' },
];
const table = (schema: string, name: string, rows?: number): CatalogTable => ({
  schema,
  name,
  columns,
  spatialIndex: { ra: 'ra', dec: 'dec' },
  ...(rows ? { rows } : {}),
});
// Row counts as the archive states them: the bigger catalogue is the one searched, whichever way the ADQL is written.
const BIG = table('xm', 'big', 20_000);
const SMALL = table('xm', 'small', 3000);
const UPLOAD = table('TAP_UPLOAD', 'pos');
const CATALOG: SchemaCatalog = { tables: [BIG, SMALL] };
const OPTIONS = { uploads: [UPLOAD] };

/** Positions in a 4° field straddling RA=0/360 (so the covering wraps), and counterparts within a few arcsec. */
function rows(): { big: FixtureRow[]; small: FixtureRow[]; upload: FixtureRow[] } {
  const r = seededRandom(11);
  const big: FixtureRow[] = [];
  for (let i = 0; i < 20_000; i++) {
    const ra = (358 + 4 * r()) % 360;
    big.push({ id: i + 1, ra, dec: -2 + 4 * r(), flux: 1 + 10 * r() });
  }
  const near = (src: FixtureRow, id: number): FixtureRow => {
    const d = (8 / 3600) * r(); // 0..8″: some inside 5″, some outside
    const t = 2 * Math.PI * r();
    const dec = (src.dec as number) + d * Math.sin(t);
    const ra = ((src.ra as number) + (d * Math.cos(t)) / Math.cos(((src.dec as number) * Math.PI) / 180) + 360) % 360;
    return { id, ra, dec, flux: 1 + 10 * r() };
  };
  const small = Array.from({ length: 3000 }, (_, i) => near(big[Math.floor(r() * big.length)], i + 1));
  const upload = Array.from({ length: 1000 }, (_, i) => near(big[Math.floor(r() * big.length)], i + 1));
  return { big, small, upload };
}

const data = rows();
const tables = [
  { table: BIG, rows: data.big },
  { table: SMALL, rows: data.small },
  { table: UPLOAD, rows: data.upload },
];

/** Every (outer id, big id) pair within the radius. */
function bruteForce(outer: FixtureRow[]): string[] {
  const out: string[] = [];
  for (const o of outer) {
    for (const b of data.big) {
      const d = angularDistance(o.ra as number, o.dec as number, b.ra as number, b.dec as number);
      if (d <= RADIUS) out.push(`${o.id}|${b.id}`);
    }
  }
  return out.sort();
}
const expected = { small: bruteForce(data.small), upload: bruteForce(data.upload) };

/** LEFT JOIN: the pairs, and each outer row without a match once with a NULL. */
function leftExpected(outer: FixtureRow[], pairs: string[]): string[] {
  const matched = new Set(pairs.map((p) => p.split('|')[0]));
  return [...pairs, ...outer.filter((o) => !matched.has(String(o.id))).map((o) => `${o.id}|null`)].sort();
}
const LEFT_QUERIES = [
  {
    outer: 'upload' as const,
    adql:
      'SELECT o.id AS oid, b.id AS bid FROM TAP_UPLOAD.pos AS o LEFT OUTER JOIN xm.big AS b ' +
      'ON DISTANCE(POINT(o.ra, o.dec), POINT(b.ra, b.dec)) <= 5.0/3600',
  },
  {
    outer: 'small' as const,
    adql:
      'SELECT o.id AS oid, b.id AS bid FROM xm.small AS o LEFT JOIN xm.big AS b ' +
      "ON 1 = CONTAINS(POINT('ICRS', o.ra, o.dec), CIRCLE('ICRS', b.ra, b.dec, 5.0/3600)) AND b.flux > 0",
  },
];
const leftPairs = (rs: Record<string, unknown>[]) =>
  rs.map((r) => `${Number(r.oid)}|${r.bid === null ? 'null' : Number(r.bid)}`).sort();

/** Each spelling of the match of `o` (outer: xm.small or TAP_UPLOAD.pos) with xm.big AS b. */
const QUERIES: { outer: 'small' | 'upload'; adql: string }[] = [];
for (const [outer, from] of [
  ['small', 'xm.small'],
  ['upload', 'TAP_UPLOAD.pos'],
] as const) {
  const sel = `SELECT o.id AS oid, b.id AS bid FROM ${from} AS o`;
  for (const on of [
    `1=CONTAINS(POINT('ICRS', b.ra, b.dec), CIRCLE('ICRS', o.ra, o.dec, 5.0/3600))`,
    `CONTAINS(POINT('ICRS', o.ra, o.dec), CIRCLE('ICRS', b.ra, b.dec, 5.0/3600)) = 1`,
    'DISTANCE(POINT(o.ra, o.dec), POINT(b.ra, b.dec)) < 5.0/3600',
    'DISTANCE(POINT(b.ra, b.dec), POINT(o.ra, o.dec)) <= 5.0/3600',
    '5.0/3600 > DISTANCE(o.ra, o.dec, b.ra, b.dec)',
  ]) {
    QUERIES.push({ outer, adql: `${sel} JOIN xm.big AS b ON ${on}` });
    QUERIES.push({ outer, adql: `${sel}, xm.big AS b WHERE ${on} AND b.flux > 0` });
  }
}

let dir: string;
let sqlite: BetterSqlite3.Database;
let cluster: PostgresCluster | undefined;
let client: pg.Client | undefined;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'adql-xmatch-'));
  sqlite = sqliteFixture(join(dir, 'xm.sqlite'), tables);
  if (!skipPg) {
    cluster = await startPostgres();
    client = await postgresFixture(cluster.url, tables);
  }
});

after(async () => {
  sqlite?.close();
  await client?.end();
  await cluster?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const pairs = (rs: Record<string, unknown>[]) => rs.map((r) => `${Number(r.oid)}|${Number(r.bid)}`).sort();

test('SQLite: every cross-match spelling searches xm.big through its HEALPix index per outer row; rows = brute force', () => {
  assert.ok(expected.small.length > 500 && expected.upload.length > 150, 'the data have matches');
  for (const q of QUERIES) {
    const t = toSqlite(q.adql, CATALOG, OPTIONS);
    assert.ok(t.ok, `${q.adql}: ${JSON.stringify(!t.ok && t.diagnostics)}`);
    assert.match(t.sql, /obscura_cover\(/, q.adql);
    const plan = (sqlite.prepare(`EXPLAIN QUERY PLAN ${t.sql}`).all() as { detail: string }[])
      .map((r) => r.detail)
      .join('\n');
    assert.match(plan, /^SCAN o\b/m, `${q.adql}\n${plan}`);
    assert.match(plan, /^SCAN _xm\d+ VIRTUAL TABLE/m, `${q.adql}\n${plan}`);
    assert.match(
      plan,
      /^SEARCH b USING INDEX "?xm\.big_hpx"? \(obscura_hpx>\? AND obscura_hpx<\?\)/m,
      `${q.adql}\n${plan}`,
    );
    assert.doesNotMatch(plan, /^SCAN b\b/m, `${q.adql}\n${plan}`);
    assert.deepEqual(pairs(sqlite.prepare(t.sql).all() as Record<string, unknown>[]), expected[q.outer], q.adql);
  }
});

test('SQLite: a 1° join radius (a coarse covering, many candidates per row) keeps every match', () => {
  const t = toSqlite(
    'SELECT o.id AS oid, b.id AS bid FROM xm.small AS o JOIN xm.big AS b ON DISTANCE(o.ra, o.dec, b.ra, b.dec) < 1 ' +
      'WHERE o.id <= 50',
    CATALOG,
  );
  assert.ok(t.ok);
  let n = 0;
  for (const o of data.small.slice(0, 50)) {
    for (const b of data.big) {
      if (angularDistance(o.ra as number, o.dec as number, b.ra as number, b.dec as number) < 1) n++;
    }
  }
  assert.equal(data.small[49].id, 50);
  assert.equal(sqlite.prepare(t.sql).all().length, n);
});

test('PostgreSQL: every cross-match spelling is a GiST index scan on xm.big per outer row; rows = brute force', {
  skip: skipPg,
}, async () => {
  for (const q of QUERIES) {
    const t = toPostgres(q.adql, CATALOG, OPTIONS);
    assert.ok(t.ok, `${q.adql}: ${JSON.stringify(!t.ok && t.diagnostics)}`);
    const plan = (await client!.query(`EXPLAIN ${t.sql}`)).rows.map((r) => r['QUERY PLAN']).join('\n');
    assert.match(plan, /Nested Loop/, `${q.adql}\n${plan}`);
    assert.match(
      plan,
      /(Index Scan using big_obscura_pos_idx on big b|Bitmap Index Scan on big_obscura_pos_idx)/,
      `${q.adql}\n${plan}`,
    );
    assert.match(plan, /Index Cond: \(obscura_pos @ scircle\(o\.obscura_pos/, `${q.adql}\n${plan}`);
    assert.doesNotMatch(plan, /Seq Scan on big\b/, `${q.adql}\n${plan}`);
    assert.doesNotMatch(plan, /Hash Join|Merge Join/, `${q.adql}\n${plan}`);
    assert.deepEqual(pairs((await client!.query(t.sql)).rows), expected[q.outer], q.adql);
  }
});

test('LEFT JOIN cross-matches keep the unmatched rows and search xm.big by index on both backends', async () => {
  for (const q of LEFT_QUERIES) {
    const want = leftExpected(q.outer === 'small' ? data.small : data.upload, expected[q.outer]);
    const t = toSqlite(q.adql, CATALOG, OPTIONS);
    assert.ok(t.ok, JSON.stringify(!t.ok && t.diagnostics));
    const plan = (sqlite.prepare(`EXPLAIN QUERY PLAN ${t.sql}`).all() as { detail: string }[])
      .map((r) => r.detail)
      .join('\n');
    assert.match(plan, /SEARCH b USING INTEGER PRIMARY KEY \(rowid=\?\) LEFT-JOIN/, `${q.adql}\n${plan}`);
    assert.match(plan, /SEARCH _xb_b USING INDEX "?xm\.big_hpx"? \(obscura_hpx>\? AND obscura_hpx<\?\)/, plan);
    assert.doesNotMatch(plan, /^\s*SCAN (b|_xb_b)\b/m, plan);
    assert.deepEqual(leftPairs(sqlite.prepare(t.sql).all() as Record<string, unknown>[]), want, q.adql);
    if (!client) continue;
    const p = toPostgres(q.adql, CATALOG, OPTIONS);
    assert.ok(p.ok);
    const pplan = (await client.query(`EXPLAIN ${p.sql}`)).rows.map((r) => r['QUERY PLAN']).join('\n');
    assert.match(pplan, /Nested Loop Left Join/, pplan);
    assert.match(
      pplan,
      /Index Scan using big_obscura_pos_idx on big b|Bitmap Index Scan on big_obscura_pos_idx/,
      pplan,
    );
    assert.doesNotMatch(pplan, /Seq Scan on big\b|Hash|Merge/, pplan);
    assert.deepEqual(leftPairs((await client.query(p.sql)).rows), want, q.adql);
  }
});
