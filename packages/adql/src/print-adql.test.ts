import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readAdqlCorpus, runCase } from './corpus-cases.ts';
import { parse, parseFragment } from './parser.ts';
import { printAdql } from './print-adql.ts';

/** The AST without spans, for structural comparison. */
function strip(node: unknown): unknown {
  return JSON.parse(JSON.stringify(node, (k, v) => (k === 'span' ? undefined : v)));
}

test('print: parse(print(ast)) gives the same AST for every corpus query that parses', () => {
  let n = 0;
  for (const c of readAdqlCorpus()) {
    const o = runCase(c);
    if (!o.ast) continue;
    const text = printAdql(o.ast as Parameters<typeof printAdql>[0]);
    const version = String(c.version ?? '').startsWith('adql-2.0') ? '2.0' : '2.1';
    const again =
      c.call === 'parseSelect'
        ? parseFragment(text, 'select', { version })
        : c.call === 'parseWhere'
          ? parseFragment(`WHERE ${text}`, 'where', { version })
          : parse(text, { version });
    assert.ok(again.ast, `${c.id}: printed text does not parse:\n${text}\n${JSON.stringify(again.diagnostics)}`);
    assert.deepEqual(strip(again.ast), strip(o.ast), `${c.id}: round trip changed the AST:\n${text}`);
    n++;
  }
  assert.ok(n > 750, `${n} round trips`);
});

test('print: normalised form (upper-case keywords, canonical spacing, one clause per line)', () => {
  const r = parse(
    "select top 5 a.ra as \"R A\", count(*) from t as a where a.x!=1 and 'it''s' 'ok' = b order by 1 desc offset 3",
  );
  assert.ok(r.ast);
  assert.equal(
    printAdql(r.ast),
    "SELECT TOP 5 a.ra AS \"R A\", COUNT(*)\nFROM t AS a\nWHERE a.x <> 1 AND 'it''sok' = b\nORDER BY 1 DESC\nOFFSET 3",
  );
  const g = parse("SELECT POINT('ICRS', ra, dec), CIRCLE(POINT(1, 2), 3), POLYGON(p1, p2, p3) FROM t");
  assert.ok(g.ast);
  assert.equal(printAdql(g.ast), "SELECT POINT('ICRS', ra, dec), CIRCLE(POINT(1, 2), 3), POLYGON(p1, p2, p3)\nFROM t");
});

test("print: VOLLT expected_toADQL cases (format differs: VOLLT adds ASC and 'POINT('', ...)')", () => {
  let same = 0;
  let total = 0;
  for (const c of readAdqlCorpus()) {
    if (!c.expected_toADQL) continue;
    total++;
    const o = runCase(c);
    if (!o.ast) continue;
    let text = printAdql(o.ast as Parameters<typeof printAdql>[0]);
    if (c.call === 'parseSelect') text = text.replace(/^SELECT /, '');
    if (text === c.expected_toADQL) same++;
  }
  console.log(`expected_toADQL: ${same}/${total} byte-equal`);
  assert.equal(total, 22);
  assert.ok(same >= 3);
});
