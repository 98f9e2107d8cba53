// The contract on the real schema: the small demo archive (generateDemo) ingested with the archive's own ingest
// into a SQLite file and into PostgreSQL + pgSphere, the ADQL catalog built from the archive's declarative schema
// (its TableDefs), then (1) every valid corpus query that checks against that schema and (2) DEMO_QUERIES run on
// both backends and return identical rows (order-insensitive unless ORDER BY; floats to 1e-9 relative).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  catalogFromTables,
  type Database,
  ingestCatalogue,
  ingestImages,
  ingestObscoreRows,
  openDatabase,
} from '@obscura/archive';
import { DEFAULT_SEED, generateDemo } from '@obscura/demo';
import { type PostgresCluster, postgresAvailable, startPostgres } from '@obscura/testkit';
import type { SchemaCatalog } from '../catalog.ts';
import { readAdqlCorpus } from '../corpus-cases.ts';
import { parse } from '../parser.ts';
import { DEMO_QUERIES } from './demo-queries.ts';
import { toPostgres, toSqlite } from './index.ts';
import { postgresSetupSql } from './postgres-setup.ts';
import { registerSqliteFunctions, type SqliteConnection } from './sqlite-functions.ts';

const skip = postgresAvailable() ? false : 'PostgreSQL 15 + pgSphere not installed';
let dir: string;
let cluster: PostgresCluster;
let sqlite: Database;
let postgres: Database;
let catalog: SchemaCatalog;

async function ingestDemo(db: Database, demo: string): Promise<void> {
  const options = { root: demo, authority: 'obscura.test', baseUrl: 'http://localhost:8080' };
  for (const [collection, sub] of [
    ['VLASS', 'images/vlass'],
    ['RACS', 'images/racs'],
    ['optical', 'images/optical'],
  ]) {
    const r = await ingestImages(db, [join(demo, sub)], { ...options, collection });
    assert.equal(r.skipped.length, 0, JSON.stringify(r.skipped));
  }
  await ingestObscoreRows(db, join(demo, 'obscore/visibilities.csv'));
  await ingestCatalogue(db, join(demo, 'catalogs/vlass_components.csv'), { table: 'vlass.components' });
  await ingestCatalogue(db, join(demo, 'catalogs/racs_components.csv'), { table: 'racs.components' });
}

before(async () => {
  if (skip) return;
  dir = await mkdtemp(join(tmpdir(), 'adql-demo-'));
  const demo = join(dir, 'demo');
  await generateDemo({ out: demo, size: 'small', seed: DEFAULT_SEED });
  cluster = await startPostgres();
  sqlite = await openDatabase(`sqlite:${join(dir, 'demo.sqlite')}`);
  postgres = await openDatabase(cluster.url);
  await Promise.all([ingestDemo(sqlite, demo), ingestDemo(postgres, demo)]);
  sqlite.onConnection((c) => registerSqliteFunctions(c as SqliteConnection));
  await postgres.run(postgresSetupSql());
  catalog = catalogFromTables(await sqlite.tables());
});

after(async () => {
  await sqlite?.close();
  await postgres?.close();
  await cluster?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

type Cell = null | number | string | Cell[];

function cell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string') {
    if (/^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(v)) return Number(v);
    // DALI geometry text (what a geometry select item returns on both backends).
    if (/^-?[\d.]+(e[-+]?\d+)?( -?[\d.]+(e[-+]?\d+)?)+$/i.test(v)) return v.split(' ').map(Number);
    return v;
  }
  if (Array.isArray(v)) return v.map(cell);
  return String(v);
}

/**
 * pgSphere computes with an absolute precision of EPSILON = 1e-9 rad (pgSphere 1.2 `FPzero`: a distance below it
 * is 0): values near zero are compared to 1e-7 absolute (5.7e-8 deg is 1e-9 rad), everything else to 1e-9 relative.
 */
function close(a: Cell, b: Cell): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    const d = Math.abs(a - b);
    return a === b || d <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) || d <= 1e-7;
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => close(x, b[i]));
  return a === b;
}

/** A sort key with floats rounded well below the tolerance, so two backends' rows line up before the comparison. */
function key(row: Cell[]): string {
  return JSON.stringify(row, (_k, v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(7)) : v));
}

/** Rows equal up to 1e-9 relative on floats; in order when `ordered`, else as multisets. */
function sameRows(a: Record<string, unknown>[], b: Record<string, unknown>[], ordered: boolean): string | null {
  if (a.length !== b.length) return `${a.length} rows on SQLite, ${b.length} on PostgreSQL`;
  const ra = a.map((r) => Object.values(r).map(cell));
  const rb = b.map((r) => Object.values(r).map(cell));
  if (!ordered) {
    ra.sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
    rb.sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
  }
  for (let i = 0; i < ra.length; i++) {
    if (!close(ra[i], rb[i])) return `row ${i}: ${JSON.stringify(ra[i])} vs ${JSON.stringify(rb[i])}`;
  }
  return null;
}

/** Runs a query on both backends: null when the rows agree, else what differs. */
async function compare(adql: string): Promise<{ rows: number; problem: string | null }> {
  const s = toSqlite(adql, catalog);
  const p = toPostgres(adql, catalog);
  if (!s.ok || !p.ok) {
    const d = (!s.ok ? s.diagnostics : !p.ok ? p.diagnostics : []).map((x) => `${x.code} ${x.message}`);
    return { rows: 0, problem: `translation refused: ${d.join('; ')}` };
  }
  const ast = parse(adql).ast;
  const ordered = (ast?.orderBy.length ?? 0) > 0;
  const [a, b] = await Promise.all([sqlite.all(s.sql), postgres.all(p.sql)]);
  const diff = sameRows(a, b, ordered);
  return { rows: a.length, problem: diff && `${diff}\n--- sqlite\n${s.sql}\n--- postgres\n${p.sql}` };
}

test('demo archive: realistic radio-archive queries return identical rows on SQLite and PostgreSQL+pgSphere', {
  skip,
}, async () => {
  assert.ok(DEMO_QUERIES.length >= 30);
  for (const q of DEMO_QUERIES) {
    const { rows, problem } = await compare(q);
    assert.equal(problem, null, `${q}\n${problem}`);
    assert.ok(rows > 0, `no rows for ${q}`);
  }
});

test('demo archive: the VLASS x RACS cross-match finds the sources both surveys see, with a sane spectral index', {
  skip,
}, async () => {
  const q = DEMO_QUERIES.find((x) => x.includes('AS alpha')) as string;
  const s = toSqlite(q, catalog);
  assert.ok(s.ok);
  const rows = await sqlite.all<{ alpha: number }>(s.sql);
  assert.ok(rows.length >= 20, `${rows.length} matches`);
  // Synthetic sources follow power laws with -2 < alpha < 1 (demo sky model); measurement noise widens it a little.
  for (const r of rows) assert.ok(r.alpha > -3 && r.alpha < 2, `alpha ${r.alpha}`);
});

test('demo archive: every valid corpus query that fits the archive schema agrees on both backends', {
  skip,
}, async () => {
  const seen = new Set<string>();
  let fits = 0;
  let agree = 0;
  let unordered = 0;
  const refused: string[] = [];
  for (const c of readAdqlCorpus()) {
    if (c.valid !== true || c.call === 'parseSelect' || c.call === 'parseWhere' || seen.has(c.query)) continue;
    seen.add(c.query);
    const s = toSqlite(c.query, catalog);
    if (!s.ok) continue; // names tables or columns the archive does not have
    fits++;
    const ast = parse(c.query).ast;
    // TOP or OFFSET without ORDER BY picks arbitrary rows: only the row count must agree.
    const arbitrary = ast && ast.orderBy.length === 0 && (ast.offset || (ast.body.kind === 'Select' && ast.body.top));
    if (arbitrary) {
      const p = toPostgres(c.query, catalog);
      assert.ok(p.ok, c.query);
      const [a, b] = await Promise.all([sqlite.all(s.sql), postgres.all(p.sql)]);
      assert.equal(a.length, b.length, c.query);
      unordered++;
      agree++;
      continue;
    }
    const { problem } = await compare(c.query);
    if (problem?.startsWith('translation refused')) refused.push(`${c.id}: ${problem}`);
    else assert.equal(problem, null, `${c.origin} ${c.id}: ${c.query}\n${problem}`);
    if (!problem) agree++;
  }
  console.log(
    `demo archive: ${fits} distinct valid corpus queries fit the schema, ${agree} agree on both backends ` +
      `(${unordered} compared by row count: TOP/OFFSET without ORDER BY), ${refused.length} refused on PostgreSQL`,
  );
  for (const r of refused) console.log(`  ${r}`);
  assert.ok(fits >= 5, `${fits} corpus queries fit the demo schema`);
  assert.equal(refused.length, 0);
});
