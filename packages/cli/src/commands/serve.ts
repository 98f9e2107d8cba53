// `obscura serve [--host 127.0.0.1] [--port 8080] [--db URL] [--config FILE]` (DESIGN.md contract): serves the
// archive until SIGTERM/SIGINT, then shuts down gracefully and exits 0. With no database configured (no --db, no
// OBSCURA_DB, none in the config file) it serves the demo archive, generating and ingesting it on first start.
import { join } from 'node:path';
import { DEFAULT_DATABASE_URL, openDatabase } from '@obscura/archive';
import { loadConfig, startServer } from '@obscura/server';
import { type Command, InvalidArgumentError } from 'commander';
import { ensureDemoArchive } from '../demo-bootstrap.ts';

function parsePort(v: string): number {
  if (!/^\d+$/.test(v) || Number(v) > 65535) throw new InvalidArgumentError('expected a port number 0..65535');
  return Number(v);
}

interface ServeOptions {
  host?: string;
  port?: number;
  db?: string;
  config?: string;
  demo?: boolean;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the archive over HTTP (landing page, /files; config: obscura.config.json and OBSCURA_* vars)')
    .option('--host <host>', 'address to listen on (default 127.0.0.1)')
    .option('--port <port>', 'port to listen on, 0 for any free port (default 8080)', parsePort)
    .option('--db <url>', 'archive database: sqlite:PATH or postgres://... (default sqlite:./data/obscura.sqlite)')
    .option('--config <file>', 'configuration file (default ./obscura.config.json when it exists)')
    .option('--demo', 'generate and ingest the demo archive if the database is empty (default: only with no --db)')
    .option('--no-demo', 'never generate the demo archive')
    .action(async (opts: ServeOptions) => {
      // A bad config throws ConfigError with one line, which main() prints as `obscura: <message>`, exit 1.
      const config = loadConfig({ file: opts.config, overrides: { host: opts.host, port: opts.port, db: opts.db } });
      const wantDemo = opts.demo ?? config.db === DEFAULT_DATABASE_URL;
      if (wantDemo) {
        const db = await openDatabase(config.db);
        try {
          await ensureDemoArchive(db, {
            demoDir: join(config.dataDir, 'demo'),
            authority: config.authority,
            baseUrl:
              config.baseUrl ?? `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`,
            log: (line) => process.stderr.write(`obscura serve: ${line}\n`),
          });
        } finally {
          await db.close();
        }
      }
      const server = await startServer(config);
      process.stderr.write(`obscura serve: ${config.archiveName} at ${server.url}/ (Ctrl-C to stop)\n`);
      await server.closed;
    });
}
