// Bulk catalogue upsert throughput into both backends (the path `obscura ingest catalog` will use), and the rate a
// 200k-row result streams back. Issue 3 target: >= 200k catalogue rows/s into SQLite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BenchResult, postgresAvailable, startPostgres } from '@obscura/testkit';
import { type Database, openDatabase, type Row } from './index.ts';

const N = 200_000;

function rows(): Row[] {
  const out: Row[] = [];
  let s = 1;
  for (let i = 1; i <= N; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const ra = (s / 2 ** 32) * 360;
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const dec = (Math.asin((2 * s) / 2 ** 32 - 1) * 180) / Math.PI;
    out.push({ id: i, ra, dec, flux: i % 977, name: `J${i}` });
  }
  return out;
}

async function measure(db: Database, label: string, data: Row[]): Promise<BenchResult[]> {
  await db.createCatalogue({
    table: 'bench.sources',
    description: 'bench',
    primaryKey: 'id',
    ra: 'ra',
    dec: 'dec',
    columns: [
      { name: 'id', type: 'BIGINT', description: 'id' },
      { name: 'ra', type: 'DOUBLE', unit: 'deg', description: 'ra' },
      { name: 'dec', type: 'DOUBLE', unit: 'deg', description: 'dec' },
      { name: 'flux', type: 'REAL', description: 'flux' },
      { name: 'name', type: 'VARCHAR', description: 'name' },
    ],
  });
  let t0 = process.hrtime.bigint();
  await db.upsert('bench.sources', data);
  const insertRate = N / (Number(process.hrtime.bigint() - t0) / 1e9);
  t0 = process.hrtime.bigint();
  let n = 0;
  for await (const _ of await db.stream(`SELECT * FROM ${db.dialect.table({ schema: 'bench', name: 'sources' })}`)) n++;
  const streamRate = n / (Number(process.hrtime.bigint() - t0) / 1e9);
  return [
    {
      group: 'archive',
      name: `${label}: catalogue upsert (HEALPix${label.startsWith('Postgre') ? ' + spoint' : ''}), ${N} rows`,
      value: insertRate / 1000,
      unit: 'k rows/s',
      ratio: insertRate / 4800,
      ratioOf: 'DaCHS import here (4.8k rows/s)',
    },
    { group: 'archive', name: `${label}: stream query, ${N} rows`, value: streamRate / 1000, unit: 'k rows/s' },
  ];
}

export default async function bench(): Promise<BenchResult[]> {
  const data = rows();
  const out: BenchResult[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'obscura-bench-'));
  try {
    const db = await openDatabase(`sqlite:${join(dir, 'bench.sqlite')}`);
    out.push(...(await measure(db, 'SQLite', data)));
    await db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (postgresAvailable()) {
    const cluster = await startPostgres();
    try {
      const db = await openDatabase(cluster.url);
      out.push(...(await measure(db, 'PostgreSQL', data)));
      await db.close();
    } finally {
      await cluster.stop();
    }
  }
  return out;
}
