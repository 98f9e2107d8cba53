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
