import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkQuery } from './checker.ts';
import { parse } from './parser.ts';
import { CATALOG } from './translate/fixtures.ts';

function check(q: string, uploads: NonNullable<Parameters<typeof checkQuery>[2]>['uploads'] = []) {
  const r = parse(q);
  assert.ok(r.ast, `parses: ${q}`);
  return checkQuery(r.ast, CATALOG, { uploads });
}

const messages = (q: string) =>
  check(q)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => `${d.code} ${d.span.start.line}:${d.span.start.column} ${d.message}`);

test('unknown column: positioned, named table, edit-distance suggestion; all problems at once', () => {
  assert.deepEqual(messages('SELECT sra, s_dec FROM ivoa.obscore\nWHERE sdec > 1 AND foo(1) = 2'), [
    "ADQL_UNKNOWN_COLUMN 1:8 unknown column 'sra' in ivoa.obscore; did you mean s_ra?",
    "ADQL_UNKNOWN_COLUMN 2:7 unknown column 'sdec' in ivoa.obscore; did you mean s_dec?",
    "ADQL_UNKNOWN_FUNCTION 2:20 unknown function 'foo': neither an ADQL function nor a user-defined function of this service",
  ]);
  assert.match(messages('SELECT * FROM ivoa.obscor')[0], /unknown table 'ivoa.obscor'; did you mean ivoa.obscore\?/);
  assert.match(messages('SELECT ivo_hasward(obs_id, 1) FROM ivoa.obscore')[0], /did you mean ivo_hasword\?/);
});

test('case rules: regular identifiers match any case, delimited ones exactly', () => {
  assert.equal(check('SELECT S_RA, "s_dec" FROM IVOA.ObsCore AS O WHERE o.s_fov > 0').ok, true);
  assert.match(messages('SELECT "S_RA" FROM ivoa.obscore')[0], /unknown column 'S_RA'/);
  assert.match(messages('SELECT x.s_ra FROM ivoa."ObsCore" AS x').join('\n'), /unknown table 'ivoa.ObsCore'/);
});

test('ambiguous columns, qualifiers, aliases, t.*, subqueries, CTEs, uploads', () => {
  assert.match(
    messages('SELECT obs_id FROM ivoa.obscore, demo.sources')[0],
    /ADQL_AMBIGUOUS_COLUMN .*'obs_id' is ambiguous/,
  );
  assert.equal(check('SELECT obs_id FROM ivoa.obscore JOIN demo.sources USING (obs_id)').ok, true);
  assert.match(messages('SELECT z.ra FROM demo.sources AS s')[0], /ADQL_UNKNOWN_QUALIFIER .*'z'/);
  const star = check('SELECT s.*, o.obs_id FROM demo.sources s JOIN ivoa.obscore o ON o.obs_id = s.obs_id');
  assert.deepEqual(
    star.columns.map((c) => c.name),
    ['id', 'ra', 'dec', 'flux', 'name', 'obs_id', 'obs_id_2'],
  );
  const sub = check(
    'WITH b AS (SELECT id AS k, flux FROM demo.sources) SELECT x.k, x.flux FROM (SELECT * FROM b) AS x',
  );
  assert.equal(sub.ok, true);
  assert.equal(sub.columns[1].unit, 'mJy');
  assert.match(messages('SELECT * FROM TAP_UPLOAD.mine')[0], /no such table was uploaded/);
  const up = check('SELECT m.a FROM TAP_UPLOAD.mine AS m', [
    { schema: 'TAP_UPLOAD', name: 'mine', columns: [{ name: 'a', datatype: 'int' }] },
  ]);
  assert.equal(up.ok, true);
});

test('result types for VOTable FIELDs', () => {
  const r = check(
    "SELECT s_ra, COUNT(*), AVG(s_fov), DISTANCE(POINT(s_ra, s_dec), POINT(1, 2)), IN_UNIT(s_fov, 'arcsec') AS f, POINT(s_ra, s_dec), s_region, LOWER(obs_id), ivo_healpix_index(5, s_ra, s_dec) FROM ivoa.obscore GROUP BY s_ra, s_dec, s_region, obs_id, s_fov",
  );
  assert.equal(r.ok, true, JSON.stringify(r.diagnostics));
  const f = Object.fromEntries(
    r.columns.map((c) => [c.name, `${c.datatype}/${c.arraysize}/${c.xtype}/${c.unit}/${c.ucd}`]),
  );
  assert.deepEqual(f, {
    s_ra: 'double/null/null/deg/pos.eq.ra',
    count: 'long/null/null/null/null',
    avg: 'double/null/null/deg/null',
    distance: 'double/null/null/deg/null',
    f: 'double/null/null/arcsec/null',
    point: 'double/2/point/deg/null',
    s_region: 'char/*/adql:REGION/null/null',
    lower: 'char/*/null/null/null',
    ivo_healpix_index: 'long/null/null/null/null',
  });
});

test('wrong argument types and counts, units, system tables', () => {
  assert.match(
    messages('SELECT ivo_hasword(obs_id) FROM ivoa.obscore')[0],
    /ADQL_BAD_ARGUMENTS .*takes 2 arguments, got 1/,
  );
  assert.match(messages('SELECT SIN(obs_id) FROM ivoa.obscore')[0], /ADQL_TYPE_MISMATCH .*SIN takes numbers/);
  assert.match(
    messages('SELECT DISTANCE(s_region, POINT(1, 2)) FROM ivoa.obscore')[0],
    /DISTANCE takes two points, not a region/, // s_region is adql:REGION (ObsCore 1.1)
  );
  assert.match(
    messages("SELECT IN_UNIT(s_fov, 'Hz') FROM ivoa.obscore")[0],
    /ADQL_BAD_UNIT .*cannot convert deg \(angle\) to Hz/,
  );
  assert.match(messages("SELECT IN_UNIT(calib_level, 'm') FROM ivoa.obscore")[0], /no unit to convert from/);
  for (const q of [
    'SELECT * FROM sqlite_master',
    'SELECT * FROM pg_catalog.pg_user',
    'SELECT * FROM information_schema.tables',
  ]) {
    assert.match(messages(q)[0], /ADQL_FORBIDDEN_TABLE .*system table/, q);
  }
  assert.match(
    messages('SELECT obs_id FROM ivoa.obscore UNION SELECT id, ra FROM demo.sources')[0],
    /same number of columns on both sides: 1 and 2/,
  );
});

test('aggregates: not in WHERE, not in GROUP BY (directly or through an output alias), not nested', () => {
  assert.deepEqual(messages('SELECT obs_collection FROM ivoa.obscore WHERE COUNT(*) > 1 GROUP BY obs_collection'), [
    'ADQL_BAD_QUERY 1:47 COUNT is an aggregate: it belongs in HAVING, not WHERE',
  ]);
  // Found by the fuzz test: SQLite fails with "aggregate functions are not allowed in the GROUP BY clause".
  assert.deepEqual(messages('SELECT COUNT(*) AS qty, obs_collection FROM ivoa.obscore GROUP BY qty'), [
    'ADQL_BAD_QUERY 1:67 GROUP BY qty: that output is an aggregate',
  ]);
  assert.match(messages('SELECT MAX(AVG(s_ra)) FROM ivoa.obscore')[0], /MAX of an aggregate \(AVG\)/);
  // Subqueries aggregate on their own.
  assert.equal(check('SELECT obs_id FROM ivoa.obscore WHERE s_fov > (SELECT AVG(s_fov) FROM ivoa.obscore)').ok, true);
  assert.equal(check('SELECT obs_collection, COUNT(*) FROM ivoa.obscore GROUP BY 1 + 0 HAVING COUNT(*) > 1').ok, true);
});

test('ORDER BY the alias of a plain column; numeric-text literals only where a number is needed', () => {
  assert.equal(check('SELECT s_ra AS "r.a" FROM ivoa.obscore ORDER BY "r.a"').ok, true);
  assert.equal(check("SELECT '30' * s_ra FROM ivoa.obscore").ok, true);
  assert.match(messages("SELECT 'toto' * s_ra FROM ivoa.obscore")[0], /'toto' is not a number/);
});

test('UDF overloads: the declaration whose argument kinds fit, geometry-valued UDFs', () => {
  const udfs = [
    { name: 'toto', signature: 'toto(VARCHAR) -> VARCHAR', description: '', args: ['string'], returns: 'char' },
    { name: 'toto', signature: 'toto(INTEGER) -> INTEGER', description: '', args: ['numeric'], returns: 'int' },
    { name: 'titi', signature: 'titi() -> REGION', description: '', args: [], returns: 'region' },
  ] as const;
  const run = (q: string) => checkQuery(parse(q).ast as never, { tables: CATALOG.tables, udfs });
  assert.equal(run("SELECT toto('a') || 'b', toto(1) * 2 FROM ivoa.obscore").ok, true);
  assert.equal(run("SELECT toto('a') * 2 FROM ivoa.obscore").ok, false);
  assert.equal(run('SELECT CONTAINS(POINT(s_ra, s_dec), titi()) FROM ivoa.obscore').ok, true);
  const bad = run('SELECT toto(POINT(1, 2)) FROM ivoa.obscore');
  assert.match(bad.diagnostics[0].message, /argument 1 of toto is a string, but this is a point/);
});

test('a plain column under an alias keeps its ucd, utype, unit and description; an expression does not', () => {
  const catalog = {
    tables: [
      {
        schema: 'ivoa',
        name: 'obscore',
        columns: [
          {
            name: 'access_url',
            datatype: 'char',
            arraysize: '*',
            ucd: 'meta.ref.url',
            utype: 'obscore:Access.Reference',
            description: 'URL used to access the dataset',
          },
          {
            name: 's_ra',
            datatype: 'double',
            unit: 'deg',
            ucd: 'pos.eq.ra',
            utype: 'obscore:Char.SpatialAxis.Coverage.Location.Coord.Position2D.Value2.C1',
            description: 'RA',
          },
        ],
      },
    ],
  };
  const meta = (q: string) => {
    const r = parse(q);
    assert.ok(r.ast, q);
    const checked = checkQuery(r.ast, catalog);
    assert.equal(checked.ok, true, q);
    return checked.columns.map((c) => ({
      name: c.name,
      ucd: c.ucd,
      unit: c.unit,
      utype: c.utype ?? null,
      description: c.description ?? null,
    }));
  };
  const url = {
    ucd: 'meta.ref.url',
    unit: null,
    utype: 'obscore:Access.Reference',
    description: 'URL used to access the dataset',
  };
  assert.deepEqual(meta('SELECT access_url AS link FROM ivoa.obscore'), [{ name: 'link', ...url }]);
  assert.deepEqual(meta('SELECT o.access_url FROM ivoa.obscore AS o'), [{ name: 'access_url', ...url }]);
  assert.deepEqual(meta('SELECT * FROM ivoa.obscore')[0], { name: 'access_url', ...url });
  // Through a subquery and a WITH name, a plain reference is still the column.
  assert.deepEqual(meta('SELECT x.l AS u FROM (SELECT access_url AS l FROM ivoa.obscore) AS x'), [
    { name: 'u', ...url },
  ]);
  assert.deepEqual(meta('WITH w AS (SELECT access_url FROM ivoa.obscore) SELECT access_url AS a FROM w'), [
    { name: 'a', ...url },
  ]);
  const ra = meta('SELECT s_ra AS alpha FROM ivoa.obscore')[0];
  assert.equal(ra.unit, 'deg');
  assert.equal(ra.ucd, 'pos.eq.ra');
  assert.match(String(ra.utype), /^obscore:Char\.SpatialAxis/);
  // Expressions (ADQL has || where SQL dialects have CONCAT) are new values: no utype, no description; a literal
  // named like the column gets neither.
  for (const q of [
    'SELECT LOWER(access_url) AS link FROM ivoa.obscore',
    "SELECT access_url || '' AS link FROM ivoa.obscore",
    "SELECT 'http://h/datalink/links?ID=x' AS access_url FROM ivoa.obscore",
    'SELECT MAX(access_url) AS link FROM ivoa.obscore',
  ]) {
    const [c] = meta(q);
    assert.equal(c.utype, null, q);
    assert.equal(c.description, null, q);
  }
});
