// Every corpus case classified as its authors expect (lyonetia, VOLLT, queryparser, ADQL spec examples), except
// the cases listed below with the reason. VOLLT cases whose test runs a DBChecker are checked against its table
// metadata and FunctionDefs (corpus-vollt-fixtures.ts): valid ones must check OK, invalid ones must be rejected
// with a positioned diagnostic.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CorpusCase, readAdqlCorpus, runCase } from './corpus-cases.ts';

const STRICT_LITERAL_TYPES =
  "VOLLT's parser types string literals strictly, but lyonetia (gavo) says numeric operands and strings mix " +
  "('30'*1323 is valid) at the grammar level; our checker refuses a non-numeric literal where a number is needed";
const NUMBERS_CONCATENATE =
  "VOLLT wants a string operand for '||' when a UDF returns a number, but lyonetia (gavo) allows numbers in " +
  "concatenations ('ivo_foo(6) || 9' is valid), and VOLLT itself accepts `colI || 'blabla'`";
const SERVICE_FEATURES =
  'VOLLT switches optional language features off (unsupport/unsupportAll); Obscura always offers every ADQL 2.1 ' +
  'optional feature and declares them all in TAPRegExt, so the query is valid here';
const SERVICE_COORDSYS =
  'VOLLT restricts coordinate systems (setAllowedCoordSys); ADQL 2.1 §4.2.1 deprecates the coordinate-system ' +
  'argument and Obscura accepts and ignores it (ICRS data), so the query is valid here';

/** Cases where we believe the corpus is wrong, or where its verdict depends on a service configuration we do not offer (key: id). */
const DISAGREE: Record<string, string> = {
  'd4c3a72c-4458-11e6-96e2-28b2bdcff70b':
    "`t1 INNER JOIN t2` without ON/USING: the ADQL 2.1 BNF makes <join_specification> optional (lyonetia's own gavo " +
    'set marks `t1 JOIN t2` valid); we accept it with an ADQL_EXTENSION warning',
  'TestRegion:260': "VOLLT's STC-S conversion of a concatenation, a VOLLT translator feature; the query is valid ADQL",
  'TestADQLParser:184':
    "CAST('abc' AS VARCHAR) * 3: VOLLT types it strictly, but lyonetia (gavo) says numeric operands and strings mix " +
    "('30'*1323 is valid); the type is the database's concern",
  'TestADQLParser:199': "CAST('1' AS REAL) || 'blabla': as above, lyonetia allows numbers in concatenations",
  'TestADQLParser:1085':
    "REGION('[1, 2]'): VOLLT rejects the region text itself while parsing; we parse REGION text (STC-S, DALI) " +
    'when translating, and the query is syntactically valid ADQL',
  'TestADQLParser:1125': 'REGION(expression): the BNF says <region> ::= REGION ( <character_string_literal> )',
  'TestADQLParser:1127': 'REGION(column): the BNF says <region> ::= REGION ( <character_string_literal> )',
  'ADQL.tex:2390': "the spec example uses `id % 10`, but the ADQL 2.1 BNF has no '%' operator (MOD(id, 10) is ADQL)",
  'ADQL.tex:2402': "the spec example uses `id % 10`, but the ADQL 2.1 BNF has no '%' operator (MOD(id, 10) is ADQL)",
  // VOLLT checker-level cases (corpus-vollt-fixtures.ts).
  'TestDBChecker:276': `ABS('toto') without a checker: ${STRICT_LITERAL_TYPES}`,
  'TestDBChecker:291': `ABS('toto' || 'blabla') without a checker: ${STRICT_LITERAL_TYPES}`,
  'TestDBChecker:296': `'toto' * 3 without a checker: ${STRICT_LITERAL_TYPES}`,
  'TestDBChecker:439':
    'the FunctionDef is bound to a Java UserDefinedFunction class whose constructor throws: a VOLLT API test, ' +
    'the query itself matches the declared toto(VARCHAR)',
  'TestDBChecker:526':
    "colG || 'blabla' (colG a POINT): VOLLT lets any column concatenate, but lyonetia (gavo) says geometry values " +
    "don't admit string operators (`point('icrs', 3, 4) || 'aaaa'` is invalid there); we follow lyonetia",
  'TestDBChecker:626': `'Blabla ' || tata() (tata -> INTEGER): ${NUMBERS_CONCATENATE}`,
  'TestDBChecker:635': `tata() || 'Blabla ' (tata -> INTEGER): ${NUMBERS_CONCATENATE}`,
  'TestDBChecker:794': `toto(123) || 'blabla' (toto(INTEGER) -> INTEGER): ${NUMBERS_CONCATENATE}`,
  'TestDBChecker:803': `toto(POINT(...)) || 'blabla' (toto(POINT) -> INTEGER): ${NUMBERS_CONCATENATE}`,
  'TestDBChecker:662':
    'CONTAINS(colG, titi()) is asserted only for ADQL 2.0 (`if version == V2_0`), whose grammar has no function ' +
    'call as a geometry argument; in ADQL 2.1 a geometry-valued UDF (titi() -> REGION) is a valid argument',
  'TestDBChecker:720':
    "toto() with allowAnyUdf(true) and no declaration: Obscura never runs an undeclared function (the issue's " +
    'safety rule: no undeclared functions), so it is refused with ADQL_UNKNOWN_FUNCTION',
  'TestDBChecker:728': 'as TestDBChecker:720: undeclared functions are refused whatever the parser allows',
  'TestADQLParser:879': `LOWER with LOWER unsupported: ${SERVICE_FEATURES}`,
  'TestADQLParser:909': `POINT with every geometry unsupported: ${SERVICE_FEATURES}`,
  'TestADQLParser:958': `INTERSECTS with only CONTAINS/POINT/CIRCLE supported: ${SERVICE_FEATURES}`,
  'TestADQLParser:982': `REGION('BOX ...') with BOX unsupported: ${SERVICE_FEATURES}`,
  'TestADQLParser:996': `CONTAINS after unsupportAll(): ${SERVICE_FEATURES}`,
  'TestADQLParser:1203': `POINT('fk5 geocenter', ...) with only icrs/fk4 geocenter/galactic spherical2: ${SERVICE_COORDSYS}`,
  'TestADQLParser:1213': `REGION('not(position fk5 heliocenter 1 2)') with a restricted list: ${SERVICE_COORDSYS}`,
  'TestADQLParser:1237': `POINT('ICRS SPHERICAL2', ...) with no coordinate system allowed: ${SERVICE_COORDSYS}`,
  'TestADQLParser:1249': `REGION('not(position fk4 1 2)') with no coordinate system allowed: ${SERVICE_COORDSYS}`,
};

type Verdict = 'expected' | 'disagree';
type Level = 'parse' | 'checker';

function classify(c: CorpusCase): { verdict: Verdict; level: Level; reason?: string; detail: string } {
  const o = runCase(c);
  const level: Level = o.checked ? 'checker' : 'parse';
  const detail = [...o.diagnostics, ...o.semantic]
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.code} ${d.message}`)
    .join('; ');
  if (o.accepted === c.valid) return { verdict: 'expected', level, detail };
  if (DISAGREE[c.id]) return { verdict: 'disagree', level, reason: DISAGREE[c.id], detail };
  throw new Error(
    `unexpected: ${c.origin} ${c.id} valid=${c.valid} ${JSON.stringify(c.query)} -> ${detail || 'accepted'}`,
  );
}

test('ADQL corpus: every case classified as its authors expect (syntax, semantics, VOLLT checker fixtures)', () => {
  const cases = readAdqlCorpus().filter((c) => c.valid !== null);
  assert.ok(cases.length > 850, `corpus has ${cases.length} decided cases`);
  const counts: Record<string, Record<`${Level} ${Verdict}`, number>> = {};
  const listed: string[] = [];
  for (const c of cases) {
    const { verdict, level, reason } = classify(c);
    counts[c.origin] ??= { 'parse expected': 0, 'parse disagree': 0, 'checker expected': 0, 'checker disagree': 0 };
    counts[c.origin][`${level} ${verdict}`]++;
    if (verdict !== 'expected') listed.push(`${verdict} ${c.origin} ${c.id}: ${reason}`);
  }
  console.log(JSON.stringify(counts));
  // Every listed exception is used (no stale entries), and there are no others.
  const used = new Set(listed.map((l) => l.split(' ')[2].replace(/:$/, '')));
  for (const id of Object.keys(DISAGREE)) assert.ok(used.has(id), `stale exception ${id}`);
  assert.equal(counts.lyonetia['parse expected'], 494);
  assert.equal(counts.queryparser['parse expected'], 30);
  assert.equal(counts['adql-spec']['parse expected'], 8);
  assert.equal(counts.vollt['parse expected'], 197);
  assert.equal(counts.vollt['checker expected'], 128);
  assert.equal(counts.vollt['checker disagree'], 9);
});

test('ADQL corpus: VOLLT checker-level invalid cases are rejected with a positioned error inside the query', () => {
  let n = 0;
  for (const c of readAdqlCorpus()) {
    if (c.origin !== 'vollt' || c.valid !== false) continue;
    const o = runCase(c);
    if (!o.checked || o.accepted) continue; // parse-level, or a listed disagreement
    n++;
    assert.ok(o.semantic.length > 0, c.id);
    for (const d of o.semantic) {
      assert.ok(d.span.start.offset >= 0 && d.span.end.offset <= c.query.length, `${c.id}: span inside the query`);
      assert.ok(d.span.start.offset < d.span.end.offset, `${c.id}: a non-empty span`);
    }
  }
  assert.ok(n >= 20, `${n} checker-level rejections`);
});

test('ADQL corpus: invalid lyonetia cases are rejected with a positioned error inside the query', () => {
  for (const c of readAdqlCorpus()) {
    if (c.origin !== 'lyonetia' || c.valid !== false) continue;
    const o = runCase(c);
    const errors = [...o.diagnostics, ...o.semantic].filter((d) => d.severity === 'error');
    if (errors.length === 0) continue; // the one listed disagreement
    for (const d of errors) {
      assert.ok(d.span.start.offset >= 0 && d.span.end.offset <= c.query.length, `${c.id}: span inside the query`);
      assert.ok(d.span.start.line >= 1 && d.span.start.column >= 1);
    }
  }
});

test('ADQL corpus: versions — VOLLT adql-2.0 cases that use 2.1 features are rejected as 2.0, accepted as 2.1', async () => {
  const { parse } = await import('./parser.ts');
  const q = 'SELECT * FROM foo ORDER BY id OFFSET 10';
  assert.equal(parse(q, { version: '2.0' }).ast, undefined);
  assert.ok(parse(q, { version: '2.1' }).ast);
  const w = parse('WITH foo AS (SELECT * FROM bar) SELECT * FROM foo', { version: '2.0' });
  assert.equal(w.diagnostics[0].code, 'ADQL_NOT_IN_VERSION');
});
