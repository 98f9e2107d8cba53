// `npm run bench -- adql`: parse + check + translate per query, median over every corpus query that checks (against
// its VOLLT fixture catalog, else the fixture catalog plus VOLLT's tables), and parse alone over the whole corpus.
import type { BenchResult } from '@obscura/testkit';
import type { SchemaCatalog } from './catalog.ts';
import { readAdqlCorpus } from './corpus-cases.ts';
import { VOLLT_TABLES, volltSetup } from './corpus-vollt-fixtures.ts';
import { parse } from './parser.ts';
import { printAdql } from './print-adql.ts';
import * as contract from './translate/contract-queries.ts';
import { CATALOG } from './translate/fixtures.ts';
import { toPostgres, toSqlite } from './translate/index.ts';

function medianMicroseconds<Q>(queries: readonly Q[], fn: (q: Q) => void, reps: number): number {
  const per: number[] = [];
  for (const q of queries) {
    for (let i = 0; i < 20; i++) fn(q); // warm-up
    let best = Number.POSITIVE_INFINITY;
    for (let r = 0; r < 5; r++) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < reps; i++) fn(q);
      best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e3 / reps);
    }
    per.push(best);
  }
  per.sort((a, b) => a - b);
  return per[Math.floor(per.length / 2)];
}

export default function bench(): BenchResult[] {
  const corpus = readAdqlCorpus();
  const queries = corpus.map((c) => c.query);
  const parsed = queries.map((q) => parse(q).ast).filter((a) => a !== undefined);
  const fallback: SchemaCatalog = { tables: [...CATALOG.tables, ...VOLLT_TABLES] };
  const { CONTRACT_QUERIES } = contract;
  const translatable = [
    ...corpus.map((c) => ({ q: c.query, catalog: volltSetup(c)?.catalog ?? fallback })),
    ...CONTRACT_QUERIES.map((q) => ({ q, catalog: CATALOG })),
  ].filter(({ q, catalog }) => toSqlite(q, catalog).ok);
  return [
    {
      group: 'adql',
      name: `parse+check+translate (SQLite), median over ${translatable.length} checkable queries (${translatable.length - CONTRACT_QUERIES.length} corpus + ${CONTRACT_QUERIES.length} contract)`,
      value: medianMicroseconds(translatable, ({ q, catalog }) => void toSqlite(q, catalog), 20),
      unit: 'µs/query',
    },
    {
      group: 'adql',
      name: `parse+check+translate (PostgreSQL), median over ${translatable.length} checkable queries`,
      value: medianMicroseconds(translatable, ({ q, catalog }) => void toPostgres(q, catalog), 20),
      unit: 'µs/query',
    },
    {
      group: 'adql',
      name: `parse, median over ${queries.length} corpus queries`,
      value: medianMicroseconds(queries, (q) => void parse(q), 50),
      unit: 'µs/query',
    },
    {
      group: 'adql',
      name: `print normalised ADQL, median over ${parsed.length} ASTs`,
      value: (() => {
        const per: number[] = [];
        for (const a of parsed) {
          const t0 = process.hrtime.bigint();
          for (let i = 0; i < 200; i++) printAdql(a);
          per.push(Number(process.hrtime.bigint() - t0) / 1e3 / 200);
        }
        per.sort((x, y) => x - y);
        return per[Math.floor(per.length / 2)];
      })(),
      unit: 'µs/query',
    },
  ];
}
