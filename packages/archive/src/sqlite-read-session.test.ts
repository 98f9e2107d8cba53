// Read sessions and holdWrites on a real SQLite file: one snapshot per session across statements, the same snapshot
// for sessions opened while writes are held, and holdWrites never waiting for a write under way.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { Mutex } from './mutex.ts';
import { SqliteDatabase } from './sqlite-database.ts';

const dir = mkdtempSync(join(tmpdir(), 'obscura-session-'));
const file = join(dir, 'archive.sqlite');
let db: SqliteDatabase;

before(async () => {
  db = SqliteDatabase.open(`sqlite:${file}`);
  await db.run('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)');
  await db.run("INSERT INTO t (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c')");
});
after(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = (s: { all(sql: string): unknown[][] }) => Number(s.all('SELECT count(*) FROM t')[0][0]);

test('a session sees one snapshot across statements and runs while others commit', async () => {
  const s = db.openReadSession();
  try {
    assert.equal(count(s), 3);
    await db.run("INSERT INTO t (id, name) VALUES (4, 'd')");
    assert.equal(count(s), 3, 'the commit after the snapshot is not seen');
    const stmt = s.prepare('SELECT id, name FROM t WHERE id BETWEEN :lo AND :hi ORDER BY id');
    assert.deepEqual(stmt.columns, [
      { name: 'id', dbType: 'INTEGER' },
      { name: 'name', dbType: 'TEXT' },
    ]);
    const run = stmt.run([{ lo: 2n, hi: 9n }]);
    assert.deepEqual(run.next(1), [[2, 'b']]);
    assert.deepEqual(run.next(10), [[3, 'c']]);
    assert.deepEqual(run.next(10), []);
    const again = stmt.run([{ lo: -(2n ** 63n), hi: 2n ** 63n - 1n }]);
    assert.equal(again.next(100).length, 3, 'the same statement runs again with other bounds');
  } finally {
    s.close();
  }
  const fresh = db.openReadSession();
  assert.equal(count(fresh), 4);
  fresh.close();
  await db.run('DELETE FROM t WHERE id = 4');
});

test('sessions opened inside holdWrites share a snapshot; a write asked for meanwhile waits and commits after', async () => {
  let write: Promise<number> | undefined;
  const held = await db.holdWrites(async () => {
    const a = db.openReadSession();
    write = db.run("INSERT INTO t (id, name) VALUES (5, 'e')");
    await new Promise((r) => setTimeout(r, 20));
    const b = db.openReadSession();
    return [a, b];
  });
  assert.ok(held, 'nothing was writing: writes were held');
  const [a, b] = held.value;
  await write;
  assert.equal(count(a), 3);
  assert.equal(count(b), 3, 'the write queued inside holdWrites committed only after it');
  a.close();
  b.close();
  const c = db.openReadSession();
  assert.equal(count(c), 4);
  c.close();
  await db.run('DELETE FROM t WHERE id = 5');
});

test('holdWrites does not wait: undefined while this process or another one writes', async () => {
  let inside: Promise<{ value: string } | undefined> | undefined;
  await db.withTransaction(async (tx) => {
    await tx.run("INSERT INTO t (id, name) VALUES (6, 'f')");
    inside = db.holdWrites(async () => 'ran');
    assert.equal(await inside, undefined, 'a transaction of this process holds the lock');
    await tx.run('DELETE FROM t WHERE id = 6');
  });
  const other = new BetterSqlite3(file);
  try {
    other.exec('BEGIN IMMEDIATE');
    assert.equal(await db.holdWrites(async () => 'ran'), undefined, 'another connection holds the RESERVED lock');
    other.exec('ROLLBACK');
  } finally {
    other.close();
  }
  assert.deepEqual(await db.holdWrites(async () => 'ran'), { value: 'ran' });
  assert.equal(
    await db.run("INSERT INTO t (id, name) VALUES (7, 'g')"),
    1,
    'the writer still works (busy timeout restored)',
  );
  await db.run('DELETE FROM t WHERE id = 7');
});

test('Mutex.tryLock runs only when nobody holds or waits for the lock', async () => {
  const m = new Mutex();
  let release!: () => void;
  const holding = m.lock(() => new Promise<void>((r) => (release = r)));
  assert.equal(
    m.tryLock(() => 1),
    undefined,
  );
  await new Promise((r) => setImmediate(r));
  release();
  await holding;
  assert.equal(await m.tryLock(() => 2), 2);
});
