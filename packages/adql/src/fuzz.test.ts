// Seeded mutations of corpus queries: the parser must never throw or hang, and must return either an AST or at
// least one error whose span lies inside the input. Mutations that parse then go through check + translate for
// both dialects, and the SQL of every query that checks runs on a real SQLite file holding the fixture tables: the
// outcome is always an ADQL diagnostic or a successful execution, never a throw nor an SQLite error.
// ADQL_FUZZ_CASES=100000 for a long local run.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { CatalogColumn, CatalogTable, SchemaCatalog } from './catalog.ts';
import { readAdqlCorpus } from './corpus-cases.ts';
import { VOLLT_TABLES } from './corpus-vollt-fixtures.ts';
import { lex } from './lexer.ts';
import { parse } from './parser.ts';
import { LineIndex } from './span.ts';
import { CONTRACT_QUERIES } from './translate/contract-queries.ts';
import { CATALOG, defaultTables, type FixtureRow, sqliteFixture } from './translate/fixtures.ts';
import { toPostgres, toSqlite } from './translate/index.ts';

const CASES = Number(process.env.ADQL_FUZZ_CASES ?? 3000);
const SNIPPETS = [
  '(',
  ')',
  ',',
  "'",
  '"',
  '--',
  '.',
  '*',
  'SELECT',
  'FROM',
  'WHERE',
  'JOIN',
  'ON',
  'AND',
  'NOT',
  '||',
  '=',
  '1',
  'x',
  'POINT(',
  'UNION',
  ';',
  'é',
  '\n',
];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function mutate(q: string, r: () => number): string {
  let text = q;
  const steps = 1 + Math.floor(r() * 3);
  for (let s = 0; s < steps; s++) {
    const toks = lex(text, new LineIndex(text), []).filter((t) => t.type !== 'eof');
    const op = Math.floor(r() * 6);
    const pos = Math.floor(r() * (text.length + 1));
    if (op === 0)
      text = text.slice(0, pos) + text.slice(pos + 1); // delete a character
    else if (op === 1) text = text.slice(0, pos) + SNIPPETS[Math.floor(r() * SNIPPETS.length)] + text.slice(pos);
    else if (toks.length > 1) {
      const a = toks[Math.floor(r() * toks.length)];
      const b = toks[Math.floor(r() * toks.length)];
      if (op === 2)
        text = text.slice(0, a.start) + text.slice(a.end); // delete a token
      else if (op === 3)
        text = text.slice(0, a.start) + text.slice(b.start, b.end) + text.slice(a.end); // replace
      else if (op === 4 && a.start < b.start && a.end <= b.start) {
        // swap two tokens
        text =
          text.slice(0, a.start) +
          text.slice(b.start, b.end) +
          text.slice(a.end, b.start) +
          text.slice(a.start, a.end) +
          text.slice(b.end);
      } else text = text.slice(0, a.end) + text.slice(a.start, a.end) + text.slice(a.end); // duplicate
    }
  }
  return text;
}

test(`fuzz: ${CASES} mutated corpus queries never throw and always give an AST or a positioned error`, () => {
  const queries = readAdqlCorpus().map((c) => c.query);
  const r = rng(20251123);
  let accepted = 0;
  for (let i = 0; i < CASES; i++) {
    const q = mutate(queries[Math.floor(r() * queries.length)], r);
    const res = parse(q);
    if (res.ast) {
      accepted++;
      continue;
    }
    const errs = res.diagnostics.filter((d) => d.severity === 'error');
    assert.ok(errs.length > 0, `no error for ${JSON.stringify(q)}`);
    for (const d of errs) {
      assert.ok(
        d.span.start.offset >= 0 && d.span.end.offset <= q.length && d.span.start.offset <= d.span.end.offset,
        `span outside: ${JSON.stringify(q)}`,
      );
      assert.ok(!d.message.startsWith('internal parser error'), `${d.message} for ${JSON.stringify(q)}`);
    }
  }
  console.log(`fuzz: ${CASES} cases, ${accepted} still valid, ${CASES - accepted} rejected with diagnostics`);
});

test('fuzz: pathological nesting is reported, not a stack overflow', () => {
  const deep = `SELECT ${'('.repeat(5000)}1${')'.repeat(5000)} FROM t`;
  const r = parse(deep);
  assert.equal(r.ast, undefined);
  assert.equal(r.diagnostics[0].code, 'ADQL_TOO_DEEP');
  const conds = `SELECT a FROM t WHERE ${'('.repeat(150)}a = 1${')'.repeat(150)}`;
  assert.ok(parse(conds).ast);
});

/** Deterministic rows for a VOLLT fixture table: numbers, short strings, DALI points. */
function rowsFor(t: CatalogTable, n: number): FixtureRow[] {
  const value = (c: CatalogColumn, i: number): number | string | null => {
    if (i % 7 === 6) return null;
    if (c.xtype === 'point') return `${(10 + i * 3.7) % 360} ${-30 + i * 2.1}`;
    if (c.datatype === 'char') return `${c.name.slice(0, 3)}${i}`;
    if (c.datatype === 'double' || c.datatype === 'float') return 10 + i * 1.25;
    return i;
  };
  return Array.from({ length: n }, (_, i) => Object.fromEntries(t.columns.map((c) => [c.name, value(c, i)])));
}

/** The fixture catalog plus VOLLT's test tables (the corpus queries name them), loaded small into one SQLite file. */
const FUZZ_CATALOG: SchemaCatalog = { tables: [...CATALOG.tables, ...VOLLT_TABLES] };

test(`fuzz: ${CASES} mutated corpus queries are checked, translated and run on SQLite: a diagnostic or rows, never an error`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'adql-fuzz-'));
  const small = defaultTables().map(({ table, rows }) => ({ table, rows: rows.slice(0, 40) }));
  const db = sqliteFixture(join(dir, 'fuzz.sqlite'), [
    ...small,
    ...VOLLT_TABLES.map((t) => ({ table: t, rows: rowsFor(t, 12) })),
  ]);
  const queries = [...readAdqlCorpus().map((c) => c.query), ...CONTRACT_QUERIES];
  const r = rng(7041);
  const counts = { parsed: 0, rejected: 0, diagnosed: 0, executed: 0, rows: 0 };
  const failures: string[] = [];
  try {
    for (let i = 0; i < CASES; i++) {
      // The unmutated queries first, then mutations.
      const q = i < queries.length ? queries[i] : mutate(queries[Math.floor(r() * queries.length)], r);
      if (!parse(q).ast) {
        counts.rejected++;
        continue;
      }
      counts.parsed++;
      const s = toSqlite(q, FUZZ_CATALOG);
      const p = toPostgres(q, FUZZ_CATALOG);
      if (!s.ok) {
        assert.ok(
          s.diagnostics.some((d) => d.severity === 'error'),
          `refused without an error: ${q}`,
        );
        counts.diagnosed++;
        continue;
      }
      if (!p.ok)
        assert.ok(
          p.diagnostics.some((d) => d.severity === 'error'),
          `refused without an error: ${q}`,
        );
      try {
        let n = 0;
        for (const _row of db.prepare(s.sql).iterate()) if (++n >= 200) break;
        counts.executed++;
        counts.rows += n;
      } catch (e) {
        failures.push(`${(e as Error).message}\n  ADQL: ${q}\n  SQL: ${s.sql}`);
      }
    }
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `fuzz (check+translate+SQLite): ${CASES} cases: ${JSON.stringify(counts)}, ${failures.length} SQLite errors`,
  );
  assert.deepEqual(failures.slice(0, 10), []);
  assert.ok(counts.executed > 100, `${counts.executed} queries executed`);
});
