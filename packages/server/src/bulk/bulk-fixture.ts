// Test support for bulk cutouts: the small demo archive (soda/demo-fixture.ts generates and caches it) ingested into
// a fresh SQLite file with one RACS image made proprietary, the TAP query context a bulk job needs, and 200 source
// positions — the demo's VLASS and RACS catalogue components plus positions no image covers.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, ingestImages, ingestObscoreRows, OBSCORE_TABLE, openDatabase } from '@obscura/archive';
import { DEFAULT_CONFIG } from '../config.ts';
import type { ServerContext } from '../context.ts';
import { demoFiles } from '../soda/demo-fixture.ts';
import { readyDatabaseForAdql } from '../tap/adql-query.ts';
import type { ExecuteContext } from '../tap/execute.ts';
import { createQueryEngine } from '../tap/query-engine.ts';
import { csvRecords } from './source-list.ts';

export const FIXTURE_AUTHORITY = 'obscura.test';
export const SECRET_PROPOSAL = 'SECRET-1';

const COLLECTIONS = [
  { collection: 'VLASS', dir: 'images/vlass' },
  { collection: 'RACS', dir: 'images/racs' },
  { collection: 'optical', dir: 'images/optical' },
] as const;

export interface BulkArchive {
  db: Database;
  root: string;
  demoDir: string;
  dataDir: string;
  dbUrl: string;
  execute: ExecuteContext;
  /** The server context the SODA cutout code reads (database, data directory). */
  server: ServerContext;
  /** The RACS image made proprietary (release 2999, proposal SECRET-1). */
  proprietaryId: string;
  close(): Promise<void>;
}

/** Ingests the demo into `dbUrl` and makes one RACS image proprietary; returns its identifier. */
export async function ingestDemo(db: Database, demoDir: string): Promise<string> {
  await db.migrate();
  for (const { collection, dir } of COLLECTIONS) {
    await ingestImages(db, [join(demoDir, dir)], { collection, root: demoDir, authority: FIXTURE_AUTHORITY });
  }
  await ingestObscoreRows(db, join(demoDir, 'obscore/visibilities.csv'));
  const o = db.dialect.table(OBSCORE_TABLE);
  const racs = await db.all<{ obs_publisher_did: string }>(
    `SELECT obs_publisher_did FROM ${o} WHERE obs_collection = 'RACS' ORDER BY obs_publisher_did`,
  );
  const proprietaryId = String(racs[0].obs_publisher_did);
  await db.run(
    `UPDATE ${o} SET obs_release_date = ${db.dialect.param(1)}, proposal_id = ${db.dialect.param(2)} ` +
      `WHERE obs_publisher_did = ${db.dialect.param(3)}`,
    ['2999-01-01T00:00:00', SECRET_PROPOSAL, proprietaryId],
  );
  return proprietaryId;
}

/** A fresh archive of the demo (SQLite in a temporary directory unless a URL is given), ready for bulk jobs. */
export async function openBulkArchive(options: { databaseUrl?: string } = {}): Promise<BulkArchive> {
  const demoDir = await demoFiles();
  const root = mkdtempSync(join(tmpdir(), 'obscura-bulk-'));
  const dbUrl = options.databaseUrl ?? `sqlite:${join(root, 'archive.sqlite')}`;
  const db = await openDatabase(dbUrl);
  try {
    const proprietaryId = await ingestDemo(db, demoDir);
    await readyDatabaseForAdql(db);
    // Queries on the database handle in this thread (no worker pool in engine tests).
    const queries = createQueryEngine(db, 0);
    const execute: ExecuteContext = { db, ...queries, uploadLimits: { maxBytes: 1 << 24, maxRows: 100_000 } };
    const close = async () => {
      try {
        await db.close();
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    };
    const dataDir = join(root, 'data');
    const server: ServerContext = { config: { ...DEFAULT_CONFIG, dataDir }, db, available: new Set(), queries };
    return { db, root, demoDir, dataDir, dbUrl, execute, server, proprietaryId, close };
  } catch (e) {
    await db.close();
    rmSync(root, { recursive: true, force: true });
    throw e;
  }
}

export interface FixtureSource {
  name: string;
  ra: number;
  dec: number;
  /** Whether the position is on no image of the demo. */
  off: boolean;
}

/** 200 positions: 101 VLASS and 79 RACS catalogue components of the demo, then 20 far from every demo field. */
export function fixtureSources(demoDir: string): FixtureSource[] {
  const read = (file: string, raName: string, decName: string, nameCol: string) => {
    const [header, ...rows] = csvRecords(readFileSync(join(demoDir, 'catalogs', file), 'utf8'));
    const ra = header.indexOf(raName);
    const dec = header.indexOf(decName);
    const name = header.indexOf(nameCol);
    return rows.map((r) => ({ name: r[name], ra: Number(r[ra]), dec: Number(r[dec]), off: false }));
  };
  const vlass = read('vlass_components.csv', 'RA', 'DEC', 'Component_name');
  const racs = read('racs_components.csv', 'RA', 'Dec', 'Gaussian_ID');
  const off = Array.from({ length: 20 }, (_, i) => ({ name: `off${i + 1}`, ra: 18 * i + 3, dec: -60, off: true }));
  return [...vlass.slice(0, 101), ...racs.slice(0, 79), ...off];
}

/** The sources as a CSV source list (name, ra, dec, radius). */
export function sourcesCsv(sources: readonly FixtureSource[], radius: number): string {
  const lines = ['name,ra,dec,radius', ...sources.map((s) => `"${s.name}",${s.ra},${s.dec},${radius}`)];
  return `${lines.join('\r\n')}\r\n`;
}
