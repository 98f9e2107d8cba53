// The server's one query engine (query-engine.ts) on a real SQLite archive: its pool is given the database's
// holdWrites, so a big splittable result is read by two workers (partitioned-query.ts) whichever service opens it;
// with 0 workers queries run on the database handle in this thread.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { type Database, openDatabase, SqliteDatabase } from '@obscura/archive';
import { resolveFormat } from '@obscura/votable';
import { buildFixture, createSampleCatalogue } from '../test-fixture.ts';
import { startQuery } from './execute.ts';
import { MIN_PARALLEL_ROWS } from './partitioned-query.ts';
import { createQueryEngine, type QueryEngine } from './query-engine.ts';
import { streamQuery } from './run-query.ts';
import { SqliteWorkerPool } from './sqlite-worker-pool.ts';

const ROWS = 3 * MIN_PARALLEL_ROWS;
let dir: string;
let db: Database;
let engine: QueryEngine;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'obscura-engine-'));
  const fixture = await buildFixture(dir);
  db = await openDatabase(fixture.dbUrl);
  await createSampleCatalogue(db, 'bench.engine', { rows: ROWS });
  engine = createQueryEngine(db, 2);
});

after(async () => {
  await engine?.executor.close();
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('on SQLite: a worker pool given holdWrites, so a big splittable result is read by two workers', async () => {
  assert.ok(db instanceof SqliteDatabase);
  assert.ok(engine.executor instanceof SqliteWorkerPool);
  const query = 'SELECT * FROM bench.engine';
  const started = await startQuery(
    { db, ...engine, uploadLimits: { maxBytes: 0, maxRows: 0 } },
    'ADQL',
    query,
    [],
    async () => null,
  );
  const stream = started.stream as unknown as { readers: number };
  let bytes = 0;
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done();
    },
  });
  try {
    const result = await streamQuery(
      started,
      { format: resolveFormat('votable'), query, open: () => out },
      {
        maxrec: ROWS + 1,
      },
    );
    assert.equal(result.rows, ROWS);
    assert.ok(bytes > 0);
    assert.equal(stream.readers, 2, 'read by two workers');
  } finally {
    await started.cleanup();
  }
});

test('0 workers: queries on the database handle in this thread', async () => {
  const direct = createQueryEngine(db, 0);
  assert.ok(!(direct.executor instanceof SqliteWorkerPool));
  const started = await startQuery(
    { db, ...direct, uploadLimits: { maxBytes: 0, maxRows: 0 } },
    'ADQL',
    'SELECT TOP 3 id FROM bench.engine ORDER BY id',
    [],
    async () => null,
  );
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      done();
    },
  });
  try {
    const result = await streamQuery(
      started,
      { format: resolveFormat('csv'), query: '', open: () => out },
      {
        maxrec: 10,
      },
    );
    assert.equal(result.rows, 3);
    assert.equal(Buffer.concat(chunks).toString().trim().split(/\r?\n/).slice(1).join(','), '0,1,2');
  } finally {
    await started.cleanup();
    await direct.executor.close();
  }
});
