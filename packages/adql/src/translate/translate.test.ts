// Pinned SQL per dialect, executed on a real SQLite file: the HEALPix rewrite serves cones and polygons from the
// index (EXPLAIN QUERY PLAN), LIKE stays case-sensitive, unsupported constructs are explicit errors.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { withTempDir } from '@obscura/testkit';
import { isSingleStatement } from '../safety.ts';
import { CATALOG, sqliteFixture } from './fixtures.ts';
import { toPostgres, toSqlite } from './index.ts';

const sql = (r: ReturnType<typeof toSqlite>) => {
  assert.ok(r.ok, JSON.stringify(!r.ok && r.diagnostics));
  return r.sql;
};

test('pinned SQL: TOP/ORDER BY/OFFSET, quoting, geometry per dialect', () => {
  const q =
    'SELECT TOP 5 obs_id, DISTANCE(POINT(s_ra, s_dec), POINT(10, 20)) AS d FROM ivoa.obscore ORDER BY d OFFSET 2';
  assert.equal(
    sql(toSqlite(q, CATALOG)),
    'SELECT "obscore"."obs_id" AS "obs_id", adql_distance("obscore"."s_ra", "obscore"."s_dec", 10, 20) AS "d"\nFROM "ivoa.obscore" AS "obscore"\nORDER BY "d"\nLIMIT 5 OFFSET 2',
  );
  assert.equal(
    sql(toPostgres(q, CATALOG)),
    'SELECT "obscore"."obs_id" AS "obs_id", degrees("obscore"."obscura_pos" <-> spoint(radians(10), radians(20))) AS "d"\nFROM "ivoa"."obscore" AS "obscore"\nORDER BY "d"\nLIMIT 5\nOFFSET 2',
  );
  const c = 'SELECT id FROM demo.sources WHERE CONTAINS(POINT(ra, dec), CIRCLE(10, 15, 1)) = 0';
  assert.equal(
    sql(toPostgres(c, CATALOG)),
    'SELECT "sources"."id" AS "id"\nFROM "demo"."sources" AS "sources"\nWHERE NOT ("sources"."obscura_pos" @ scircle(spoint(radians(10), radians(15)), radians(1)))',
  );
  assert.equal(
    sql(toSqlite(c, CATALOG)),
    'SELECT "sources"."id" AS "id"\nFROM "demo.sources" AS "sources"\nWHERE NOT adql_point_in("sources"."ra", "sources"."dec", \'circle 10 15 1\')',
  );
  assert.match(
    sql(
      toPostgres('SELECT obs_id FROM ivoa.obscore WHERE INTERSECTS(s_region, POLYGON(1, 2, 3, 2, 3, 4)) = 1', CATALOG),
    ),
    /"obscore"\."obscura_region" && CAST\('\{\(1d,2d\),\(3d,2d\),\(3d,4d\)\}' AS spoly\)/,
  );
  assert.match(sql(toPostgres("SELECT name FROM demo.sources WHERE name ILIKE 'a%'", CATALOG)), /ILIKE 'a%' ESCAPE ''/);
  assert.match(
    sql(toSqlite("SELECT name FROM demo.sources WHERE name ILIKE 'a%'", CATALOG)),
    /lower\("sources"\."name"\) LIKE lower\('a%'\)/,
  );
  assert.match(
    sql(toSqlite('SELECT LOG(flux), LOG10(flux) FROM demo.sources', CATALOG)),
    /ln\("sources"\."flux"\).*log10\(/,
  );
  assert.match(
    sql(toPostgres('SELECT LOG(flux), LOG10(flux) FROM demo.sources', CATALOG)),
    /ln\("sources"\."flux"\).*log\(/,
  );
});

test('literals are escaped and identifiers quoted: injected text stays inside quotes', () => {
  const q = `SELECT "a""b" FROM (SELECT name AS "a""b" FROM demo.sources) AS "x;y" WHERE "a""b" = 'x''; DROP TABLE t; --'`;
  for (const f of [toSqlite, toPostgres]) {
    const s = sql(f(q, CATALOG));
    assert.ok(s.includes(`'x''; DROP TABLE t; --'`), s);
    assert.ok(s.includes('"a""b"') && s.includes('"x;y"'), s);
    assert.ok(isSingleStatement(s));
  }
});

test('explicit errors for what a dialect cannot express', () => {
  const r = toSqlite('SELECT id FROM demo.sources INTERSECT ALL SELECT id FROM demo.sources', CATALOG);
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.diagnostics[0].code, 'ADQL_UNSUPPORTED_IN_DIALECT');
  const p = toPostgres('SELECT CENTROID(s_region) FROM ivoa.obscore', CATALOG);
  assert.equal(!p.ok && p.diagnostics[0].code, 'ADQL_UNSUPPORTED_IN_DIALECT');
  assert.equal(toSqlite('SELECT CENTROID(s_region) FROM ivoa.obscore', CATALOG).ok, true);
  const rand = toPostgres('SELECT RAND(3) FROM demo.sources', CATALOG);
  assert.match(!rand.ok ? rand.diagnostics[0].message : '', /RAND\(seed\) cannot be translated for PostgreSQL/);
});

test('SQLite: cones and polygons are answered from the HEALPix index, never a full scan; results are exact', async () => {
  await withTempDir(async (dir) => {
    const db = sqliteFixture(join(dir, 'f.sqlite'));
    for (const geom of ['CIRCLE(15, 20, 0.5)', 'POLYGON(10, 10, 14, 10, 14, 13, 10, 14)', 'BOX(20, 25, 2, 1)']) {
      const s = sql(
        toSqlite(`SELECT id, ra, dec FROM demo.sources WHERE CONTAINS(POINT(ra, dec), ${geom}) = 1`, CATALOG),
      );
      assert.match(s, /"sources"\."obscura_hpx" BETWEEN \d+ AND \d+/);
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${s}`).all() as { detail: string }[])
        .map((r) => r.detail)
        .join('\n');
      assert.match(
        plan,
        /SEARCH sources USING (COVERING )?INDEX demo\.sources_hpx \(obscura_hpx>\? AND obscura_hpx<\?\)/,
        plan,
      );
      assert.doesNotMatch(plan, /^SCAN sources/m, plan);
      // The range list is a superset and the exact test trims it: same rows as the exact test alone.
      const exact = db
        .prepare(
          `SELECT id FROM "demo.sources" WHERE adql_contains(adql_point(ra, dec), ${sql(
            toSqlite(`SELECT ${geom} AS g FROM demo.sources`, CATALOG),
          )
            .match(/SELECT (.*) AS "g"/)![1]
            .replace(/^adql_dali\((.*)\)$/, '$1')}) = 1 ORDER BY id`,
        )
        .all();
      const fast = db.prepare(`SELECT id FROM (${s}) ORDER BY id`).all();
      assert.ok(fast.length > 0);
      assert.deepEqual(fast, exact);
    }
    // LIKE is case-sensitive (ADQL), ILIKE is not.
    const like = (p: string, op = 'LIKE') =>
      (
        db.prepare(sql(toSqlite(`SELECT COUNT(*) AS n FROM demo.sources WHERE name ${op} '${p}'`, CATALOG))).get() as {
          n: number;
        }
      ).n;
    assert.ok(like('%_Field') > 0);
    assert.equal(like('%_field'), 0);
    assert.equal(like('%_field', 'ILIKE'), like('%_Field'));
    db.close();
  });
});

test('pinned SQL: a cross-match picks its sides (an upload drives) and is an index join in each dialect', () => {
  const upload = {
    schema: 'TAP_UPLOAD',
    name: 'pos',
    columns: [
      { name: 'pid', datatype: 'int' },
      { name: 'ra', datatype: 'double' },
      { name: 'dec', datatype: 'double' },
    ],
    spatialIndex: { ra: 'ra', dec: 'dec' },
    physical: { sqlite: '"obscura.upload_x"', postgres: '"obscura"."upload_x"' },
  };
  // Written with the upload's point in the catalogue's circle: the catalogue is still the searched side.
  const q =
    'SELECT u.pid, s.id FROM TAP_UPLOAD.pos AS u JOIN demo.sources AS s ' +
    "ON 1 = CONTAINS(POINT('ICRS', u.ra, u.dec), CIRCLE('ICRS', s.ra, s.dec, 2.0 / 3600))";
  assert.equal(
    sql(toSqlite(q, CATALOG, { uploads: [upload] })),
    'SELECT "u"."pid" AS "pid", "s"."id" AS "id"\nFROM "obscura.upload_x" AS "u"\nINNER JOIN "demo.sources" AS "s"\n' +
      'INNER JOIN obscura_cover("u"."ra", "u"."dec", 2.0 / 3600) AS "_xm1" ON ("s"."obscura_hpx" BETWEEN "_xm1"."lo" ' +
      'AND "_xm1"."hi" AND adql_distance("u"."ra", "u"."dec", "s"."ra", "s"."dec") <= 2.0 / 3600)',
  );
  assert.equal(
    sql(toPostgres(q, CATALOG, { uploads: [upload] })),
    'SELECT "u"."pid" AS "pid", "s"."id" AS "id"\nFROM "obscura"."upload_x" AS "u"\nINNER JOIN "demo"."sources" AS "s" ' +
      'ON ("s"."obscura_pos" @ scircle("u"."obscura_pos", radians(2.0 / 3600)))',
  );
  // Under OR the SQLite form cannot add its FROM item: the exact test alone (still correct).
  const or = sql(
    toSqlite(
      'SELECT a.id FROM demo.sources AS a, demo.sources AS b WHERE DISTANCE(a.ra, a.dec, b.ra, b.dec) < 0.01 OR a.id = b.id',
      CATALOG,
    ),
  );
  assert.doesNotMatch(or, /obscura_cover/);
  // A constant point: DISTANCE(...) < r is a cone on the HEALPix index / the GiST.
  const cone = 'SELECT id FROM demo.sources WHERE DISTANCE(POINT(ra, dec), POINT(15, 20)) < 0.5';
  assert.match(sql(toSqlite(cone, CATALOG)), /"sources"\."obscura_hpx" BETWEEN \d+ AND \d+/);
  assert.match(
    sql(toPostgres(cone, CATALOG)),
    /"sources"\."obscura_pos" @ scircle\(spoint\(radians\(15\), radians\(20\)\)/,
  );
});
