// startServer: opens (and migrates) the archive database, listens, and shuts down gracefully on SIGTERM/SIGINT:
// stop accepting connections, let in-flight requests finish within config.shutdownTimeoutMs (then close their
// connections), close the database, resolve `closed`.
import { type Database, openDatabase } from '@obscura/archive';
import type { FastifyInstance } from 'fastify';
import { type BuildOptions, buildServer } from './app.ts';
import type { ObscuraConfig } from './config.ts';

export interface RunningServer {
  app: FastifyInstance;
  db: Database;
  /** The URL it listens on, e.g. http://127.0.0.1:8080. */
  url: string;
  port: number;
  /** Graceful shutdown (idempotent). */
  close(): Promise<void>;
  /** Settles once the server and the database are closed. */
  closed: Promise<void>;
}

export interface StartOptions extends BuildOptions {
  /** Install SIGTERM/SIGINT handlers (default true; tests that start several servers in one process pass false). */
  handleSignals?: boolean;
}

export async function startServer(config: ObscuraConfig, options: StartOptions = {}): Promise<RunningServer> {
  const db = await openDatabase(config.db); // migrates
  let app: FastifyInstance;
  try {
    app = buildServer(config, db, options);
    await app.listen({ host: config.host, port: config.port });
  } catch (e) {
    await db.close();
    throw e;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;

  let closing: Promise<void> | null = null;
  let markClosed: () => void = () => {};
  const closed = new Promise<void>((r) => {
    markClosed = r;
  });
  const onSignal = (signal: NodeJS.Signals) => {
    app.log.info({ signal }, `received ${signal}: finishing in-flight requests, then closing`);
    void close();
  };

  async function shutdown(): Promise<void> {
    // app.close() stops accepting, answers new requests on open connections with 503, waits for in-flight ones.
    const timer = setTimeout(() => {
      app.log.warn(`in-flight requests still running after ${config.shutdownTimeoutMs} ms: closing their connections`);
      app.server.closeAllConnections();
    }, config.shutdownTimeoutMs);
    try {
      await app.close();
    } finally {
      clearTimeout(timer);
      try {
        await db.close();
      } finally {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
        app.log.info('server closed');
        markClosed();
      }
    }
  }
  function close(): Promise<void> {
    closing ??= shutdown();
    return closing;
  }

  if (options.handleSignals ?? true) {
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  }
  app.log.info(
    { url, db: redactDatabaseUrl(config.db), dataDir: config.dataDir },
    `${config.archiveName} listening on ${url}`,
  );
  return { app, db, url, port, close, closed };
}

/** A database URL without its password, for logs. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]+):[^@]*@/, '$1:***@');
}
