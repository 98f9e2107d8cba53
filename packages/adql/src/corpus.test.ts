// Every corpus case classified as its authors expect (lyonetia, VOLLT, queryparser, ADQL spec examples), except
// the cases listed below with the reason: those needing table metadata (the checker, next round) and those where
// we believe the corpus is wrong.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CorpusCase, readAdqlCorpus, runCase } from './corpus-cases.ts';

/** Cases that need the checker against table metadata or a service configuration (key: id). */
const CHECKER_LEVEL: Record<string, string> = {
  'TestADQLParser:1085':
    "REGION('[1, 2]'): VOLLT rejects the region text itself; parsing STC-S/DALI region strings is the checker's job",
};

/** Cases where we believe the corpus is wrong (key: id), with the reason. */
const DISAGREE: Record<string, string> = {
  'd4c3a72c-4458-11e6-96e2-28b2bdcff70b':
    "`t1 INNER JOIN t2` without ON/USING: the ADQL 2.1 BNF makes <join_specification> optional (lyonetia's own gavo " +
    'set marks `t1 JOIN t2` valid); we accept it with an ADQL_EXTENSION warning',
  'TestRegion:260': "VOLLT's STC-S conversion of a concatenation, a VOLLT translator feature; the query is valid ADQL",
  'TestADQLParser:184':
    "CAST('abc' AS VARCHAR) * 3: VOLLT types it strictly, but lyonetia (gavo) says numeric operands and strings mix " +
    "('30'*1323 is valid); the type is the database's concern",
  'TestADQLParser:199': "CAST('1' AS REAL) || 'blabla': as above, lyonetia allows numbers in concatenations",
  'TestADQLParser:1125': 'REGION(expression): the BNF says <region> ::= REGION ( <character_string_literal> )',
  'TestADQLParser:1127': 'REGION(column): the BNF says <region> ::= REGION ( <character_string_literal> )',
  'ADQL.tex:2390': "the spec example uses `id % 10`, but the ADQL 2.1 BNF has no '%' operator (MOD(id, 10) is ADQL)",
  'ADQL.tex:2402': "the spec example uses `id % 10`, but the ADQL 2.1 BNF has no '%' operator (MOD(id, 10) is ADQL)",
};

type Verdict = 'expected' | 'checker' | 'disagree';

function classify(c: CorpusCase): { verdict: Verdict; reason?: string; detail: string } {
  const o = runCase(c);
  const detail = [...o.diagnostics, ...o.semantic]
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.code} ${d.message}`)
    .join('; ');
  if (o.accepted === c.valid) return { verdict: 'expected', detail };
  if (DISAGREE[c.id]) return { verdict: 'disagree', reason: DISAGREE[c.id], detail };
  if (CHECKER_LEVEL[c.id]) return { verdict: 'checker', reason: CHECKER_LEVEL[c.id], detail };
  // VOLLT's DBChecker tests depend on the table metadata of setUpBeforeClass, coordinate-system and feature
  // restrictions and UDF declarations (`context`): resolving those is the checker's job.
  if (c.origin === 'vollt' && c.context && c.valid === false && o.syntaxOk) {
    return { verdict: 'checker', reason: `needs VOLLT context: ${c.context.join(', ')}`, detail };
  }
  throw new Error(
    `unexpected: ${c.origin} ${c.id} valid=${c.valid} ${JSON.stringify(c.query)} -> ${detail || 'accepted'}`,
  );
}

test('ADQL corpus: every case classified as its authors expect (syntax + metadata-free semantics)', () => {
  const cases = readAdqlCorpus().filter((c) => c.valid !== null);
  assert.ok(cases.length > 850, `corpus has ${cases.length} decided cases`);
  const counts: Record<string, Record<Verdict, number>> = {};
  const listed: string[] = [];
  for (const c of cases) {
    const { verdict, reason } = classify(c);
    counts[c.origin] ??= { expected: 0, checker: 0, disagree: 0 };
    counts[c.origin][verdict]++;
    if (verdict !== 'expected') listed.push(`${verdict} ${c.origin} ${c.id}: ${reason}`);
  }
  console.log(JSON.stringify(counts));
  // Every listed exception is used (no stale entries), and there are no others.
  const used = new Set(listed.map((l) => l.split(' ')[2].replace(/:$/, '')));
  for (const id of [...Object.keys(DISAGREE), ...Object.keys(CHECKER_LEVEL)])
    assert.ok(used.has(id), `stale exception ${id}`);
  assert.equal(counts.lyonetia.expected, 494);
  assert.equal(counts.queryparser.expected, 30);
  assert.equal(counts['adql-spec'].expected, 8);
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
