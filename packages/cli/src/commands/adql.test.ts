import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adqlParseOutput } from './adql.ts';

test('adql parse: normalised ADQL for a good query, caret-positioned errors for a bad one', () => {
  const good = adqlParseOutput(
    "select top 3 ra from ivoa.obscore where contains(point('ICRS', s_ra, s_dec), circle(10, 20, 1)) = 1",
  );
  assert.equal(good.ok, true);
  assert.equal(
    good.stdout,
    "SELECT TOP 3 ra\nFROM ivoa.obscore\nWHERE CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE(10, 20, 1)) = 1\n",
  );
  const bad = adqlParseOutput('SELECT FROM t');
  assert.equal(bad.ok, false);
  assert.match(
    bad.stderr,
    /line 1, column 8: expected a column, a function or a literal after 'SELECT', found 'FROM'\n {2}SELECT FROM t\n {9}\^~~~\n/,
  );
});

test('adql translate: SQL for the built-in schema and for a real archive database, positioned errors otherwise', async () => {
  const { adqlTranslateOutput } = await import('./adql.ts');
  const { withTempDir } = await import('@obscura/testkit');
  const ok = await adqlTranslateOutput(
    'SELECT TOP 3 obs_id FROM ivoa.obscore WHERE CONTAINS(POINT(s_ra, s_dec), CIRCLE(10, 20, 1)) = 1',
    {
      dialect: 'postgres',
    },
  );
  assert.equal(ok.ok, true, ok.stderr);
  assert.match(ok.stdout, /"obscore"\."obscura_pos" @ scircle/);
  const bad = await adqlTranslateOutput('SELECT sra FROM ivoa.obscore');
  assert.equal(bad.ok, false);
  assert.match(bad.stderr, /line 1, column 8: unknown column 'sra' in ivoa\.obscore; did you mean s_ra\?/);
  await withTempDir(async (dir) => {
    const { openDatabase } = await import('@obscura/archive');
    const url = `sqlite:${dir}/a.sqlite`;
    const db = await openDatabase(url);
    await db.close();
    const r = await adqlTranslateOutput('SELECT COUNT(*) FROM TAP_SCHEMA.columns', { db: url });
    assert.equal(r.ok, true, r.stderr);
    assert.match(r.stdout, /FROM "TAP_SCHEMA\.columns" AS "columns"/);
  });
});
