// A throwaway PostgreSQL 15 + pgSphere cluster on loopback for tests (Debian's postgresql-15 and
// postgresql-15-pgsphere, installed by scripts/install-system-deps.sh). initdb into a temp directory, pg_ctl start on
// a free 127.0.0.1 port, create the database and `CREATE EXTENSION pg_sphere`. initdb refuses to run as root, so as
// root every server command runs as the `postgres` OS user (runuser) in a directory that user owns.
// OBSCURA_TEST_POSTGRES_URL (a server URL, e.g. from `scripts/postgres.sh url`) makes tests share one running
// cluster instead: each startPostgres() then only creates (and stop() drops) a database of its own.
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const POSTGRES_BIN = process.env.OBSCURA_POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PostgresCluster {
  /** `postgres://postgres@127.0.0.1:PORT/DBNAME`, a database with pg_sphere installed. */
  url: string;
  /** Seconds from the call to a usable database (initdb + start + createdb + extension). */
  startSeconds: number;
  stop(): Promise<void>;
}

/** True when the PostgreSQL 15 server binaries and the pgSphere extension are installed. */
export function postgresAvailable(): boolean {
  return existsSync(join(POSTGRES_BIN, 'initdb')) && existsSync('/usr/share/postgresql/15/extension/pg_sphere.control');
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Runs a PostgreSQL binary, as the `postgres` OS user when we are root. Throws with its output when it fails. */
function pgRun(bin: string, args: string[], input?: string): SpawnSyncReturns<string> {
  const exe = join(POSTGRES_BIN, bin);
  const [cmd, cmdArgs] = isRoot() ? ['runuser', ['-u', 'postgres', '--', exe, ...args]] : [exe, args];
  const r = spawnSync(cmd, cmdArgs, { encoding: 'utf8', input, cwd: tmpdir() });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** A free TCP port on 127.0.0.1 (the kernel picks it; a tiny race with other processes remains). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function psql(serverUrl: string, sql: string): void {
  const r = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', serverUrl, '-c', sql], {
    encoding: 'utf8',
    cwd: tmpdir(),
  });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`psql -c ${sql} exited ${r.status}:\n${r.stderr}`);
}

function withDatabase(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

function createDatabase(serverUrl: string, database: string): string {
  psql(withDatabase(serverUrl, 'postgres'), `CREATE DATABASE ${database}`);
  const url = withDatabase(serverUrl, database);
  psql(url, 'CREATE EXTENSION IF NOT EXISTS pg_sphere');
  return url;
}

let counter = 0;

/**
 * Starts a PostgreSQL cluster (or, with OBSCURA_TEST_POSTGRES_URL, a fresh database in that shared cluster) with
 * pgSphere. Tuned for tests: fsync and full-page writes off, so never use it for data that must survive a crash.
 */
export async function startPostgres(options: { database?: string } = {}): Promise<PostgresCluster> {
  const t0 = process.hrtime.bigint();
  const seconds = () => Number(process.hrtime.bigint() - t0) / 1e9;
  const database = options.database ?? `obscura_test_${process.pid}_${++counter}`;
  const shared = process.env.OBSCURA_TEST_POSTGRES_URL;
  if (shared) {
    const url = createDatabase(shared, database);
    return {
      url,
      startSeconds: seconds(),
      stop: async () => psql(withDatabase(shared, 'postgres'), `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
    };
  }
  if (!postgresAvailable()) {
    throw new Error('PostgreSQL 15 + pgSphere not installed: run `bash scripts/install-system-deps.sh` as root');
  }
  const dir = mkdtempSync(join(tmpdir(), 'obscura-pg-'));
  if (isRoot()) chownSync(dir, Number(pgId('-u')), Number(pgId('-g')));
  const data = join(dir, 'data');
  pgRun('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']);
  const serverOptions = (port: number) =>
    [
      `-p ${port}`,
      "-c listen_addresses='127.0.0.1'",
      `-c unix_socket_directories='${dir}'`,
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
    ].join(' ');
  const stop = (): void => {
    if (!existsSync(data)) return;
    try {
      pgRun('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']);
    } catch {
      // already stopped
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // A test process that dies must not leave a server behind.
  process.once('exit', stop);
  try {
    // Another process may take the free port between freePort() and the server's bind: try a few ports.
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      try {
        pgRun('pg_ctl', [
          'start',
          '-D',
          data,
          '-w',
          '-t',
          '60',
          '-l',
          join(dir, 'server.log'),
          '-o',
          serverOptions(port),
        ]);
        break;
      } catch (e) {
        if (attempt === 3) throw e;
      }
    }
    const server = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const url = createDatabase(server, database);
    return {
      url,
      startSeconds: seconds(),
      stop: async () => {
        process.removeListener('exit', stop);
        stop();
      },
    };
  } catch (e) {
    stop();
    throw e;
  }
}

function pgId(flag: '-u' | '-g'): string {
  const r = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error('running as root but there is no `postgres` OS user (install postgresql-15)');
  return r.stdout.trim();
}
