// Test support for DataLink and SODA: the small demo archive (generated once per generator version into the system's
// temporary directory and reused, since it is a pure function of seed and size), ingested into a fresh SQLite
// archive per test file the way `obscura serve` bootstraps it (cli/src/demo-bootstrap.ts), plus one image made
// proprietary, and a real server on a loopback port.
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestImages, ingestObscoreRows, OBSCORE_TABLE, openDatabase } from '@obscura/archive';
import { DEFAULT_SEED, GENERATOR_VERSION, generateDemo } from '@obscura/demo';
import { runPythonAsync } from '@obscura/testkit';
import { loadConfig } from '../config.ts';
import { type RunningServer, startServer } from '../serve.ts';

export const DEMO_AUTHORITY = 'obscura.test';

/** Configured users of the demo server: `pi` is entitled to the proprietary product's proposal, `other` is not. */
export const DEMO_USERS = {
  pi: { name: 'pi', token: 'pi-token-0123456789abcdef', proposals: ['SECRET-1'] },
  other: { name: 'other', token: 'other-token-0123456789abcdef', proposals: ['22A-999'] },
} as const;

/** The demo's image collections, as demo-bootstrap lays them out. */
const COLLECTIONS = [
  { collection: 'VLASS', dir: 'images/vlass' },
  { collection: 'RACS', dir: 'images/racs' },
  { collection: 'optical', dir: 'images/optical' },
] as const;

/** The generated small demo (cached across runs). */
export async function demoFiles(): Promise<string> {
  const dir = join(tmpdir(), `obscura-test-demo-small-${GENERATOR_VERSION}-${DEFAULT_SEED}`);
  if (existsSync(join(dir, 'manifest.json'))) return dir;
  const staging = `${dir}.${process.pid}.${Date.now()}`;
  mkdirSync(staging, { recursive: true });
  await generateDemo({ out: staging, size: 'small', seed: DEFAULT_SEED });
  try {
    renameSync(staging, dir);
  } catch {
    // Another test process finished first: use its copy.
    rmSync(staging, { recursive: true, force: true });
  }
  return dir;
}

export interface DemoServer {
  server: RunningServer;
  url: string;
  demoDir: string;
  dataDir: string;
  /** obs_publisher_did of the products, by file name (e.g. the VLASS M82 image). */
  ids: Map<string, string>;
  /** The product made proprietary (release in 2999, proposal SECRET-1). */
  proprietaryId: string;
}

/** The demo server with its lifecycle: restart() stops it and starts a new one on the same archive (a new port). */
export interface OpenDemoServer extends DemoServer {
  close: () => Promise<void>;
  restart: () => Promise<void>;
}

/**
 * A server on the demo archive ingested into a fresh database (SQLite in a temporary directory unless a URL is given);
 * close() stops it and removes the directory.
 */
export async function openDemoServer(options: { databaseUrl?: string } = {}): Promise<OpenDemoServer> {
  const demoDir = await demoFiles();
  const root = mkdtempSync(join(tmpdir(), 'obscura-dl-'));
  try {
    const dataDir = join(root, 'data');
    mkdirSync(dataDir);
    const dbUrl = options.databaseUrl ?? `sqlite:${join(root, 'archive.sqlite')}`;
    const db = await openDatabase(dbUrl);
    const ids = new Map<string, string>();
    let proprietaryId = '';
    try {
      await db.migrate();
      for (const { collection, dir } of COLLECTIONS) {
        await ingestImages(db, [join(demoDir, dir)], { collection, root: demoDir, authority: DEMO_AUTHORITY });
      }
      await ingestObscoreRows(db, join(demoDir, 'obscore/visibilities.csv'));
      const o = db.dialect.table(OBSCORE_TABLE);
      for (const r of await db.all<{ obs_publisher_did: string }>(`SELECT obs_publisher_did FROM ${o}`)) {
        const did = String(r.obs_publisher_did);
        ids.set(did.slice(did.lastIndexOf('/') + 1), did);
      }
      proprietaryId = [...ids.values()].find((d) => d.includes('/RACS?')) ?? '';
      await db.run(
        `UPDATE ${o} SET obs_release_date = ${db.dialect.param(1)}, proposal_id = ${db.dialect.param(2)} ` +
          `WHERE obs_publisher_did = ${db.dialect.param(3)}`,
        ['2999-01-01T00:00:00', 'SECRET-1', proprietaryId],
      );
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
        authority: DEMO_AUTHORITY,
        logLevel: 'silent',
        users: Object.values(DEMO_USERS).map((u) => ({ name: u.name, tokens: [u.token], proposals: u.proposals })),
      },
    });
    const server = await startServer(config, { handleSignals: false });
    const demo: OpenDemoServer = {
      server,
      url: server.url,
      demoDir,
      dataDir,
      ids,
      proprietaryId,
      close: async () => {
        try {
          await demo.server.close();
        } finally {
          rmSync(root, { recursive: true, force: true });
        }
      },
      restart: async () => {
        await demo.server.close();
        demo.server = await startServer(config, { handleSignals: false });
        demo.url = demo.server.url;
      },
    };
    return demo;
  } catch (e) {
    rmSync(root, { recursive: true, force: true });
    throw e;
  }
}

/** Runs fn against a server on the ingested demo archive. */
export async function withDemoServer<T>(fn: (demo: DemoServer) => Promise<T>): Promise<T> {
  const demo = await openDemoServer();
  try {
    return await fn(demo);
  } finally {
    await demo.close();
  }
}

/** Runs a program without blocking the event loop (testkit), so it can talk to a server in this process. */
export { runAsync } from '@obscura/testkit';

/** A Python script run by /usr/bin/python3 (asynchronously, see runAsync). */
export function python(script: string, args: string[] = []): Promise<string> {
  return runPythonAsync(script, args);
}
