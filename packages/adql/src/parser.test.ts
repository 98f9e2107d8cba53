import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Comparison, Query, Select, SetOperation } from './ast.ts';
import { formatDiagnostic } from './diagnostics.ts';
import { parse } from './parser.ts';

const errors = (q: string) => parse(q).diagnostics.filter((d) => d.severity === 'error');
const select = (q: string): Select => {
  const r = parse(q);
  assert.ok(r.ast, JSON.stringify(r.diagnostics));
  return r.ast.body as Select;
};

test('messages say where, what was expected and what was found', () => {
  assert.deepEqual(errors('SELECT\n  FROM t').map(formatDiagnostic), [
    "line 2, column 3: expected a column, a function or a literal after 'SELECT', found 'FROM'",
  ]);
  const [r] = errors('SELECT select FROM t');
  assert.equal(r.code, 'ADQL_RESERVED_WORD');
  assert.equal(r.message, `'select' is a reserved word: quote it as "select" to use it as a column name`);
  assert.equal(errors('SELECT distance FROM stars')[0].code, 'ADQL_RESERVED_WORD');
  assert.equal(errors("SELECT 'abc FROM t")[0].code, 'ADQL_UNTERMINATED_STRING');
  assert.equal(errors('SELECT "abc FROM t')[0].code, 'ADQL_UNTERMINATED_IDENTIFIER');
  assert.equal(errors('SELECT _x FROM t')[0].code, 'ADQL_BAD_IDENTIFIER');
  assert.match(
    errors('SELECT * FROM t WHERE CONTAINS(p, c)')[0].message,
    /must be compared: write CONTAINS\(\.\.\.\) = 1/,
  );
  assert.match(errors('SELECT a % 2 FROM t')[0].message, /MOD\(a, b\)/);
  assert.match(errors('SELECT a FROM t /* c */')[0].message, /no \/\* \.\.\. \*\/ comments/);
  assert.match(errors('SELECT a FROM t; DROP TABLE t')[0].message, /only one statement/);
});

test('recovery reports several problems at once', () => {
  const e = errors('SELECT a, FROM t WHERE x = GROUP BY y');
  assert.equal(e.length, 2, JSON.stringify(e));
  assert.equal(e[0].span.start.column, 11);
  assert.equal(e[1].span.start.column, 28);
});

test('lexer: delimited identifiers, string concatenation across white space and comments, numbers', () => {
  const s = select(`SELECT "Weird ""Name""", 'a''b' -- c\n 'd', 1.5E-3, .5, 12., 0x1F FROM t`);
  const cols = s.items.map((i) => (i.kind === 'SelectColumn' ? i.expr : null));
  assert.deepEqual(cols[0], { ...cols[0], kind: 'ColumnRef' });
  assert.equal(cols[0]?.kind === 'ColumnRef' && cols[0].parts[0].name, 'Weird "Name"');
  assert.equal(cols[1]?.kind === 'String' && cols[1].value, "a'bd");
  assert.equal(cols[2]?.kind === 'Number' && cols[2].value, 0.0015);
  assert.equal(cols[3]?.kind === 'Number' && cols[3].value, 0.5);
  assert.equal(cols[4]?.kind === 'Number' && cols[4].form, 'decimal');
  assert.equal(cols[5]?.kind === 'Number' && cols[5].value, 31);
  assert.ok(parse('SELECT 0x1F FROM t').diagnostics.some((d) => d.code === 'ADQL_EXTENSION'));
});

test('set operators: INTERSECT binds tighter than UNION and EXCEPT (ADQL 2.1 §4.4)', () => {
  const r = parse('SELECT a FROM t1 UNION SELECT a FROM t2 INTERSECT SELECT a FROM t3 EXCEPT ALL SELECT a FROM t4');
  assert.ok(r.ast);
  const top = r.ast.body as SetOperation;
  assert.equal(top.op, 'EXCEPT');
  assert.equal(top.all, true);
  const union = top.left as SetOperation;
  assert.equal(union.op, 'UNION');
  assert.equal((union.right as SetOperation).op, 'INTERSECT');
});

test('geometry: 2.0 coordinate system kept (deprecated warning), 2.1 point arguments, DISTANCE forms', () => {
  const s = select("SELECT * FROM t WHERE CONTAINS(POINT('ICRS', ra, dec), CIRCLE(POINT(1, 2), 0.5)) = 1");
  const c = s.where as Comparison;
  assert.equal(c.left.kind, 'FunctionCall');
  const [p, circle] = c.left.kind === 'FunctionCall' ? c.left.args : [];
  assert.equal(p.kind === 'Point' && p.coordSys?.kind === 'String' && p.coordSys.value, 'ICRS');
  assert.equal(circle.kind === 'Circle' && circle.coordSys, null);
  assert.equal(circle.kind === 'Circle' && circle.center.kind, 'Point');
  assert.ok(parse('SELECT DISTANCE(ra, dec, 1, 2) FROM t').ast);
  assert.ok(parse('SELECT DISTANCE(POINT(ra, dec), POINT(1, 2)) FROM t').ast);
  assert.equal(errors('SELECT DISTANCE(1, 2, 3) FROM t')[0].code, 'ADQL_BAD_ARGUMENTS');
  assert.equal(errors("SELECT CIRCLE('fk5', 2, 3) FROM t")[0].code, 'ADQL_BAD_ARGUMENTS');
  assert.equal(errors('SELECT CONTAINS(PI(), c) FROM t')[0].code, 'ADQL_BAD_ARGUMENTS');
  assert.equal(errors('SELECT POLYGON(1, 2, 3, 4, 5) FROM t')[0].code, 'ADQL_BAD_ARGUMENTS');
});

test('joins, subqueries, CTEs, CAST, ILIKE, IN_UNIT, UDFs', () => {
  const q = parse(`WITH c AS (SELECT id FROM t WHERE mag < 2)
    SELECT DISTINCT TOP 3 t.*, CAST(x AS DOUBLE PRECISION), IN_UNIT(f, 'GHz'), ivo_hasword(d, 'radio')
    FROM t LEFT OUTER JOIN c USING (id) NATURAL JOIN (SELECT * FROM u) AS s
    WHERE name ILIKE 'ngc%' AND id IN (SELECT id FROM c) AND NOT EXISTS (SELECT 1 FROM v) AND x NOT BETWEEN 1 AND 2
    GROUP BY t.id HAVING COUNT(DISTINCT x) > 1 ORDER BY 1 DESC OFFSET 10`);
  assert.ok(q.ast, JSON.stringify(q.diagnostics));
  const ast = q.ast as Query;
  assert.equal(ast.with[0].name.name, 'c');
  assert.equal(ast.offset?.value, 10);
  assert.equal(
    errors('SELECT a FROM (SELECT * FROM x)')[0].message.startsWith('a subquery in FROM needs a name'),
    true,
  );
  assert.match(
    errors('SELECT a FROM (WITH w AS (SELECT 1 FROM t) SELECT * FROM w) AS q')[0].message,
    /WITH is only allowed/,
  );
  assert.equal(errors('SELECT CAST(1 AS FLOAT) FROM t').length, 1);
  assert.equal(errors('SELECT x.y.z.a.b FROM a').length, 1);
  assert.equal(errors('SELECT x FROM a.b.c.d').length, 1);
});
