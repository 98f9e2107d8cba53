// Big SQLite results read by two query workers at once (partitioned-query.ts): the same rows as one worker reads, in
// every format that splits, MAXREC cut exactly with its OVERFLOW INFO, one snapshot whatever commits meanwhile, and
// one worker whenever the split would not pay (an index search) or a write is under way. Real worker threads on a
// real SQLite archive, real VOTable parsing of the bytes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { openDatabase, SqliteDatabase } from '@obscura/archive';
import { pythonHas, runPython } from '@obscura/testkit';
import { resolveFormat, VOTableStream } from '@obscura/votable';
import { buildFixture, createSampleCatalogue } from '../test-fixture.ts';
import { type ExecuteContext, startQuery } from './execute.ts';
import { RowidChunks } from './partitioned-query.ts';
import { streamQuery } from './run-query.ts';
import { SqliteWorkerPool } from './sqlite-worker-pool.ts';
import { TapMetadataCache } from './tap-metadata.ts';

const hasStilts = spawnSync('stilts', ['-version'], { encoding: 'utf8' }).status === 0;
const hasAstropy = pythonHas('astropy');
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

test('RowidChunks: inclusive ranges from min to max, the first and last open to every 64-bit rowid', () => {
  const all = (c: RowidChunks) => {
    const out = [];
    for (let x = c.next(); x; x = c.next()) out.push(x);
    return out;
  };
  assert.deepEqual(all(new RowidChunks(1n, 10n, 4n)), [
    { lo: INT64_MIN, hi: 4n, rowids: 4n },
    { lo: 5n, hi: 8n, rowids: 4n },
    { lo: 9n, hi: INT64_MAX, rowids: 2n },
  ]);
  const one = new RowidChunks(7n, 7n, 4n);
  assert.equal(one.splits, false);
  assert.deepEqual(all(one), [{ lo: INT64_MIN, hi: INT64_MAX, rowids: 1n }]);
});

test('RowidChunks: the width follows the rows the ended chunks held', () => {
  const c = new RowidChunks(0n, 1_000_000n, 1000n, 10_000);
  const first = c.next()!;
  assert.deepEqual(first, { lo: INT64_MIN, hi: 999n, rowids: 1000n });
  c.observe(1000n, 50_000); // 50 rows a rowid (a join): 200 rowids make 10,000 rows
  assert.deepEqual(c.next(), { lo: 1000n, hi: 1199n, rowids: 200n });
  c.observe(200n, 200); // overall 50,200 rows over 1200 rowids
  const third = c.next()!;
  assert.equal(third.hi - third.lo + 1n, BigInt(Math.round(10_000 / (50_200 / 1200))));
  c.observe(1n, 0);
  let n = 3;
  for (let x = c.next(); x; x = c.next()) n++;
  assert.ok(c.done);
  assert.ok(n < 5000, `the rest of the span in few chunks (${n})`);
});

const ROWS = 30_000;

/** The test table's rows: every kind of cell the writers treat apart (nulls, non-ASCII, XML specials). */
function row(i: number) {
  return {
    id: i,
    ra: (i * 0.0123) % 360,
    dec: ((i * 7) % 180) - 90,
    flux: i % 11 === 0 ? null : i / 7,
    n: i % 5 === 0 ? null : i % 1000,
    name: i % 13 === 0 ? `Ω<${i}>&"é"` : `J${i}`,
  };
}

describe('a big result read by two workers', () => {
  let dir: string;
  let db: SqliteDatabase;
  let pool: SqliteWorkerPool;
  let single: SqliteWorkerPool;
  let ctx: ExecuteContext;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'obscura-parallel-'));
    const fixture = await buildFixture(dir);
    const setup = await openDatabase(fixture.dbUrl);
    await createSampleCatalogue(setup, 'bench.sample', {
      rows: ROWS,
      row,
      extra: [
        { name: 'flux', type: 'DOUBLE', description: 'flux' },
        { name: 'n', type: 'INTEGER', description: 'n' },
        { name: 'name', type: 'VARCHAR', description: 'name' },
      ],
    });
    await setup.close();
    db = (await openDatabase(fixture.dbUrl)) as SqliteDatabase;
    assert.ok(db instanceof SqliteDatabase);
    pool = new SqliteWorkerPool({ url: fixture.dbUrl, size: 2, holdWrites: (fn) => db.holdWrites(fn) });
    // The reference: the same queries on one worker (no holdWrites, so never split).
    single = new SqliteWorkerPool({ url: fixture.dbUrl, size: 1 });
    ctx = { db, executor: pool, metadata: new TapMetadataCache(db), uploadLimits: { maxBytes: 0, maxRows: 0 } };
  });

  after(async () => {
    await pool?.close();
    await single?.close();
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  interface Run {
    bytes: Buffer;
    readers: number;
    rows: number;
    overflow: boolean;
  }

  /** Runs the query through startQuery/streamQuery as /tap/sync does, into memory. */
  async function run(
    query: string,
    format: string,
    maxrec: number,
    executor = pool,
    during?: () => Promise<void>,
    signal?: AbortSignal,
  ): Promise<Run> {
    const started = await startQuery({ ...ctx, executor }, 'ADQL', query, [], async () => null);
    const parts: Buffer[] = [];
    let first = true;
    const out = new Writable({
      write(chunk: Buffer, _enc, done) {
        parts.push(chunk);
        if (first && during) {
          first = false;
          during().then(() => done(), done);
        } else done();
      },
    });
    const stream = started.stream as unknown as { readers: number };
    const result = await streamQuery(
      started,
      { format: resolveFormat(format), query, open: () => out },
      { maxrec, signal },
    ).catch((e: Error) => {
      if (!signal?.aborted) throw e;
      return { rows: -1, overflow: false, error: e };
    });
    const readers = stream.readers;
    await started.cleanup();
    return { bytes: Buffer.concat(parts), readers, rows: result.rows, overflow: result.overflow };
  }

  async function votableRows(bytes: Buffer): Promise<{ rows: unknown[][]; status: string | undefined }> {
    const v = await VOTableStream.open(bytes);
    const rows: unknown[][] = [];
    for await (const r of v.rows()) rows.push(r);
    const summary = await v.finish();
    assert.deepEqual(summary.diagnostics, []);
    return { rows, status: summary.queryStatus };
  }

  const byId = (rows: unknown[][]) => [...rows].sort((a, b) => Number(a[0]) - Number(b[0]));

  for (const format of ['votable', 'votable/td', 'application/x-votable+xml;serialization=BINARY']) {
    test(`${format}: the rows one worker reads, every one once`, async () => {
      const q = 'SELECT * FROM bench.sample';
      const two = await run(q, format, 1_000_000);
      const one = await run(q, format, 1_000_000, single);
      assert.equal(two.readers, 2, 'read by two workers');
      assert.equal(one.readers, 1);
      assert.equal(two.rows, ROWS);
      assert.equal(two.overflow, false);
      const a = await votableRows(two.bytes);
      const b = await votableRows(one.bytes);
      assert.equal(a.status, 'OK');
      assert.equal(a.rows.length, ROWS);
      assert.deepEqual(byId(a.rows), byId(b.rows));
      assert.notDeepEqual(a.rows.slice(0, 50), []);
    });
  }

  for (const format of ['csv', 'tsv']) {
    test(`${format}: the same lines as one worker writes`, async () => {
      const q = 'SELECT id, flux, name FROM bench.sample';
      const two = await run(q, format, 1_000_000);
      const one = await run(q, format, 1_000_000, single);
      assert.equal(two.readers, 2);
      const lines = (b: Buffer) => b.toString('utf8').split(/\r?\n/);
      const [headA, ...a] = lines(two.bytes);
      const [headB, ...b] = lines(one.bytes);
      assert.equal(headA, headB);
      assert.equal(a.length, ROWS + 1); // the last line is empty (the text ends with a line end)
      assert.deepEqual(a.sort(), b.sort());
    });
  }

  test('a comma join (the bench query shape) splits on its first table', async () => {
    const q = 'SELECT a.*, b.id AS other FROM bench.sample AS a, bench.sample AS b WHERE b.id < 3';
    const two = await run(q, 'votable', 1_000_000);
    assert.equal(two.readers, 2);
    const { rows } = await votableRows(two.bytes);
    assert.equal(rows.length, 3 * ROWS);
    assert.equal(new Set(rows.map((r) => `${r[0]}/${r[6]}`)).size, 3 * ROWS);
  });

  test('MAXREC cuts at exactly that many rows and adds the OVERFLOW INFO; MAXREC = all rows does not', async () => {
    for (const format of ['votable', 'votable/td']) {
      const cut = await run('SELECT * FROM bench.sample', format, 12_345);
      assert.equal(cut.readers, 2);
      assert.equal(cut.rows, 12_345);
      assert.equal(cut.overflow, true);
      const { rows, status } = await votableRows(cut.bytes);
      assert.equal(rows.length, 12_345);
      assert.equal(status, 'OVERFLOW');
      assert.equal(new Set(rows.map((r) => r[0])).size, 12_345, 'no row twice');
      // Names are VOTable char (ASCII): compare those without non-ASCII characters.
      for (const r of rows.slice(0, 200)) if (Number(r[0]) % 13 !== 0) assert.equal(r[5], row(Number(r[0])).name);

      const exact = await run('SELECT * FROM bench.sample', format, ROWS);
      assert.equal(exact.overflow, false);
      const all = await votableRows(exact.bytes);
      assert.equal(all.rows.length, ROWS);
      assert.equal(all.status, 'OK');
    }
  });

  test('one snapshot: rows deleted and added while the result streams are not seen', async () => {
    const q = 'SELECT id, name FROM bench.sample';
    const before = byId((await votableRows((await run(q, 'votable', 1_000_000, single)).bytes)).rows);
    const changed = await run(q, 'votable', 1_000_000, pool, async () => {
      // Once the header is out: rows go from every chunk, others arrive at both ends of the rowid range.
      await db.run('DELETE FROM "bench.sample" WHERE id % 7 = 0');
      await db.insert('bench.sample', [row(-5), row(ROWS + 5)]);
    });
    assert.equal(changed.readers, 2);
    assert.deepEqual(byId((await votableRows(changed.bytes)).rows), before);
    const now = (await votableRows((await run(q, 'votable', 1_000_000)).bytes)).rows;
    assert.equal(now.length, ROWS - Math.ceil(ROWS / 7) + 2, 'a later query sees the changes');
    // Put the table back for the other tests.
    await db.run('DELETE FROM "bench.sample" WHERE id < 0 OR id >= ?', [ROWS]);
    await db.insert(
      'bench.sample',
      Array.from({ length: ROWS }, (_, i) => i)
        .filter((i) => i % 7 === 0)
        .map(row),
    );
  });

  test('one worker when the split would not pay or a write is under way', async () => {
    const indexed = await run('SELECT * FROM bench.sample WHERE id < 20000', 'votable', 1_000_000);
    assert.equal(indexed.readers, 1, 'an index search: ranges of rowids would not read less');
    assert.equal((await votableRows(indexed.bytes)).rows.length, 20_000);
    const ordered = await run('SELECT * FROM bench.sample ORDER BY ra', 'votable', 1_000_000);
    assert.equal(ordered.readers, 1, 'ORDER BY: not splittable');
    const small = await run('SELECT * FROM bench.sample', 'votable', 5000);
    assert.equal(small.readers, 1, 'a small MAXREC: one worker is quick enough');
    const json = await run('SELECT * FROM bench.sample', 'json', 1_000_000);
    assert.equal(json.readers, 1, 'JSON: its body is not a concatenation of rows');
    let writing!: () => void;
    const tx = db.withTransaction(() => new Promise<void>((r) => (writing = r)));
    await new Promise((r) => setImmediate(r));
    try {
      const busy = await run('SELECT * FROM bench.sample', 'votable', 1_000_000);
      assert.equal(busy.readers, 1, 'a write under way: no common snapshot to wait for');
      assert.equal((await votableRows(busy.bytes)).rows.length, ROWS);
    } finally {
      writing();
      await tx;
    }
    assert.ok(pool.workers <= 2);
  });

  test('a query waiting for a worker gets the second one back; the big result still comes whole', async () => {
    let small: Run | undefined;
    // The big result's consumer waits, at its first bytes, for a small query: which needs a worker, and both are the
    // big result's, so the second one must be given back.
    const big = await run('SELECT * FROM bench.sample', 'votable', 1_000_000, pool, async () => {
      small = await run('SELECT id, name FROM bench.sample WHERE id = 77', 'votable', 1_000_000);
    });
    assert.equal(big.readers, 2);
    const rows = (await votableRows(big.bytes)).rows;
    assert.equal(rows.length, ROWS);
    assert.equal(new Set(rows.map((r) => r[0])).size, ROWS);
    assert.ok(small);
    assert.deepEqual((await votableRows(small.bytes)).rows, [[77n, 'J77']]);
    assert.ok(pool.workers <= 2);
    const again = await run('SELECT * FROM bench.sample', 'votable', 1_000_000);
    assert.equal(again.readers, 2, 'both workers free again');
  });

  test('ABORT midway: the document ends with the QUERY_STATUS=ERROR INFO, both workers are free again', async () => {
    const abort = new AbortController();
    const q = 'SELECT a.* FROM bench.sample AS a, bench.sample AS b WHERE b.id < 20';
    const stopped = await run(q, 'votable', 1_000_000, pool, async () => abort.abort(), abort.signal);
    assert.equal(stopped.readers, 2);
    assert.equal(stopped.rows, -1, 'streamQuery reported the stop');
    const { rows, status } = await votableRows(stopped.bytes);
    assert.equal(status, 'ERROR');
    assert.ok(rows.length < 20 * ROWS);
    const next = await run('SELECT * FROM bench.sample', 'votable', 1_000_000);
    assert.equal(next.readers, 2, 'two workers again for the next query');
    assert.equal((await votableRows(next.bytes)).rows.length, ROWS);
    assert.ok(pool.workers <= 2);
  });

  test('astropy reads the documents two workers wrote; STILTS votlint finds nothing to say', {
    skip: (!hasAstropy || !hasStilts) && 'astropy or stilts not installed',
  }, async () => {
    const ids = Array.from({ length: ROWS }, (_, i) => i);
    const nulls = ids.filter((i) => i % 11 === 0).length;
    for (const [format, name] of [
      ['votable', 'binary2'],
      ['votable/td', 'tabledata'],
      ['application/x-votable+xml;serialization=BINARY', 'binary'],
    ]) {
      const r = await run('SELECT * FROM bench.sample', format, 25_000);
      assert.equal(r.readers, 2);
      const file = join(dir, `${name}.xml`);
      writeFileSync(file, r.bytes);
      const out = JSON.parse(
        runPython(
          `import json, sys
from astropy.io.votable import parse
v = parse(sys.argv[1])
t = v.get_first_table().to_table()
status = [i.value for r in v.resources for i in r.infos if i.name == 'QUERY_STATUS']
print(json.dumps({'rows': len(t), 'ids': len(set(int(x) for x in t['id'])), 'status': status,
  'fluxNulls': int(t['flux'].mask.sum()) if hasattr(t['flux'], 'mask') else 0}))`,
          [file],
        ),
      );
      assert.equal(out.rows, 25_000, name);
      assert.equal(out.ids, 25_000, `${name}: no row twice`);
      assert.deepEqual(out.status, ['OK', 'OVERFLOW'], name);
      assert.ok(out.fluxNulls > 0 && out.fluxNulls <= nulls, `${name}: null fluxes read as masked`);
      const lint = spawnSync('stilts', ['votlint', 'validate=true', 'version=1.4', `votable=${file}`], {
        encoding: 'utf8',
      });
      const problems = `${lint.stdout}${lint.stderr}`.split('\n').filter((l) => /ERROR|WARNING/.test(l));
      assert.deepEqual(problems, [], name);
    }
  });
});
