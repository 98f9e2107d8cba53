// The server side of tap.bench.ts run as a child process, so that the bench measures the server's memory (its RSS
// from /proc/<pid>/status) apart from the client's: `node --import tsx tap-bench-server.ts '<config JSON>'` starts
// the server, prints its URL on one stdout line, and closes on SIGTERM.
import type { ObscuraConfig } from '../config.ts';
import { startServer } from '../serve.ts';

const config = JSON.parse(process.argv[2] ?? '{}') as ObscuraConfig;
const server = await startServer(config, { logger: false });
process.stdout.write(`${server.url}\n`);
await server.closed;
