// A small real archive for the server's tests and bench: a SQLite file in a temporary directory, a few ObsCore
// products in three collections inserted through the archive API, their files on disk under the data dir, a
// catalogue, and the traps a file server must not fall into (a symlink out of the data dir, a file outside it,
// a registered file missing on disk, a proprietary product).
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import {
  COLLECTIONS_TABLE,
  type ColumnDef,
  type Database,
  FILES_TABLE,
  openDatabase,
  type Row,
} from '@obscura/archive';
import { withTempDir } from '@obscura/testkit';
import { loadConfig, type ObscuraConfig } from './config.ts';
import { type RunningServer, type StartOptions, startServer } from './serve.ts';

export interface Fixture {
  root: string;
  dataDir: string;
  dbUrl: string;
  /** Bytes of the public image `/files/vlass/epoch1/T10t01.fits`. */
  imageBytes: Buffer;
  /** A file outside the data dir that must never be served. */
  secretPath: string;
  secretText: string;
  config: ObscuraConfig;
}

/** Deterministic bytes: every offset is recognisable (offset mod 251), so a wrong range shows. */
export function patternBytes(n: number, salt = 0): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i + salt) % 251;
  return b;
}

function product(collection: string, obsId: string, type: string, extra: Row = {}): Row {
  return {
    obs_publisher_did: `ivo://obscura.test/${collection}?${obsId}`,
    obs_collection: collection,
    obs_id: obsId,
    dataproduct_type: type,
    calib_level: 2,
    s_ra: 150,
    s_dec: 2,
    ...extra,
  };
}

/** Builds the fixture archive under `root` (an existing empty directory), in SQLite unless a database URL is given. */
export async function buildFixture(root: string, imageSize = 100_000, databaseUrl?: string): Promise<Fixture> {
  const dataDir = join(root, 'data');
  const dbUrl = databaseUrl ?? `sqlite:${join(root, 'archive.sqlite')}`;
  mkdirSync(join(dataDir, 'vlass', 'epoch1'), { recursive: true });
  mkdirSync(join(dataDir, 'racs'), { recursive: true });
  const imageBytes = patternBytes(imageSize);
  writeFileSync(join(dataDir, 'vlass', 'epoch1', 'T10t01.fits'), imageBytes);
  writeFileSync(join(dataDir, 'vlass', 'epoch1', 'T10t01.rms.fits'), patternBytes(5000, 7));
  writeFileSync(join(dataDir, 'vlass', 'epoch1', 'T10t02.fits'), patternBytes(3000, 3));
  writeFileSync(join(dataDir, 'vlass', 'epoch1', 'unregistered.fits'), patternBytes(1000));
  writeFileSync(join(dataDir, 'racs', 'RACS_0000.fits'), patternBytes(2880));
  writeFileSync(join(dataDir, 'racs', 'empty.fits'), Buffer.alloc(0));
  const secretPath = join(root, 'secret.txt');
  const secretText = 'this file lies outside the data directory\n';
  writeFileSync(secretPath, secretText);
  symlinkSync(secretPath, join(dataDir, 'racs', 'escape.fits'));

  const db: Database = await openDatabase(dbUrl);
  try {
    await db.upsert(COLLECTIONS_TABLE, [
      { name: 'vlass', title: 'VLASS <Quick Look> & more', description: 'VLASS-like 3 GHz images', root_path: 'vlass' },
      { name: 'racs', title: 'RACS-low', description: 'RACS-like 888 MHz images', root_path: join(dataDir, 'racs') },
    ]);
    await db.upsert('ivoa.obscore', [
      product('vlass', 'T10t01', 'image', { obs_release_date: '2020-01-01T00:00:00' }),
      product('vlass', 'T10t02', 'image', { obs_release_date: '2999-01-01T00:00:00', proposal_id: 'VLASS-P1' }),
      product('racs', 'RACS_0000', 'image'),
      product('racs', 'RACS_empty', 'image'),
      product('racs', 'RACS_escape', 'image'),
      product('racs', 'RACS_missing', 'image'),
      product('racs', 'RACS_cube', 'cube'),
      product('vla', 'VLA_vis_1', 'visibility'),
      product('vla', 'VLA_vis_2', 'visibility'),
    ]);
    const did = (c: string, o: string) => `ivo://obscura.test/${c}?${o}`;
    await db.upsert(FILES_TABLE, [
      { obs_publisher_did: did('vlass', 'T10t01'), path: 'epoch1/T10t01.fits', semantics: '#this' },
      { obs_publisher_did: did('vlass', 'T10t01'), path: 'epoch1/T10t01.rms.fits', semantics: '#auxiliary' },
      { obs_publisher_did: did('vlass', 'T10t02'), path: 'epoch1/T10t02.fits', semantics: '#this' },
      { obs_publisher_did: did('racs', 'RACS_0000'), path: 'RACS_0000.fits', semantics: '#this' },
      { obs_publisher_did: did('racs', 'RACS_empty'), path: 'empty.fits', semantics: '#this' },
      { obs_publisher_did: did('racs', 'RACS_escape'), path: 'escape.fits', semantics: '#this' },
      { obs_publisher_did: did('racs', 'RACS_missing'), path: 'missing.fits', semantics: '#this' },
    ]);
    await createSampleCatalogue(db, 'vlass.components', { description: 'VLASS-like <component> catalogue' });
  } finally {
    await db.close();
  }
  const config = loadConfig({
    cwd: root,
    env: {},
    overrides: {
      db: dbUrl,
      dataDir,
      port: 0,
      archiveName: 'Test <Archive>',
      authority: 'obscura.test',
      logLevel: 'silent',
      landingCacheSeconds: 0,
      shutdownTimeoutMs: 5000,
    },
  });
  return { root, dataDir, dbUrl, imageBytes, secretPath, secretText, config };
}

/** Runs fn against a real server (random loopback port) on a fresh fixture archive; closes everything after. */
export async function withFixtureServer<T>(
  fn: (server: RunningServer, fixture: Fixture) => Promise<T>,
  options: StartOptions & { databaseUrl?: string } = {},
): Promise<T> {
  return withTempDir(async (dir) => {
    const fixture = await buildFixture(dir, undefined, options.databaseUrl);
    const server = await startServer(fixture.config, { handleSignals: false, ...options });
    try {
      return await fn(server, fixture);
    } finally {
      await server.close();
    }
  });
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * One HTTP request with the path sent exactly as given (fetch would normalise `..` away), for traversal tests
 * and byte-exact checks.
 */
export function rawRequest(
  url: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: u.hostname, port: u.port, path, method: options.method ?? 'GET', headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** What createSampleCatalogue makes beyond id, ra and dec. */
export interface SampleCatalogue {
  description?: string;
  /** Rows inserted (default none); row i comes from `row(i)`, whose id is i. */
  rows?: number;
  row?: (i: number) => Row;
  /** Columns after id, ra and dec. */
  extra?: ColumnDef[];
}

/**
 * A catalogue `schema.name` with id (BIGINT, the primary key), ra and dec in degrees and the `extra` columns, and
 * `rows` rows inserted 5,000 at a time (big tables: results read by two query workers).
 */
export async function createSampleCatalogue(db: Database, table: string, options: SampleCatalogue = {}): Promise<void> {
  await db.createCatalogue({
    table,
    description: options.description ?? 'sample rows for tests',
    primaryKey: 'id',
    ra: 'ra',
    dec: 'dec',
    columns: [
      { name: 'id', type: 'BIGINT', description: 'id' },
      { name: 'ra', type: 'DOUBLE', unit: 'deg', description: 'ra' },
      { name: 'dec', type: 'DOUBLE', unit: 'deg', description: 'dec' },
      ...(options.extra ?? []),
    ],
  });
  const rows = options.rows ?? 0;
  const row = options.row ?? ((i: number) => ({ id: i, ra: (i * 0.0123) % 360, dec: (i % 180) - 90 }));
  for (let start = 0; start < rows; start += 5000) {
    const n = Math.min(5000, rows - start);
    await db.insert(
      table,
      Array.from({ length: n }, (_, k) => row(start + k)),
    );
  }
}
