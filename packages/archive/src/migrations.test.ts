// Migration 4 (obscura.uws_jobs.public_base) on a real SQLite file: a fresh database gets the column once (migration
// 2 creates the table as it was, 4 adds the column), and a database left at version 3 by an older release gains it
// with its jobs kept.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openDatabase } from './database.ts';
import { SCHEMA_VERSION } from './migrations.ts';

const JOBS = '"obscura.uws_jobs"';
const VERSIONS = '"obscura.schema_version"';

async function columns(url: string): Promise<string[]> {
  const db = await openDatabase(url, { migrate: false });
  try {
    return (await db.all<{ name: string }>(`SELECT name FROM pragma_table_info('obscura.uws_jobs')`)).map(
      (r) => r.name,
    );
  } finally {
    await db.close();
  }
}

test('uws_jobs.public_base: added once on a fresh database, and to a version-3 database keeping its jobs', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'obscura-migrations-'));
  const url = `sqlite:${join(dir, 'archive.sqlite')}`;
  try {
    const fresh = await openDatabase(url);
    assert.equal(SCHEMA_VERSION, 4);
    assert.equal(await fresh.migrate(), SCHEMA_VERSION);
    await fresh.close();
    assert.equal((await columns(url)).filter((c) => c === 'public_base').length, 1);

    // What a version-3 release left: the table without the column, a job in it, version 3 recorded.
    const old = await openDatabase(url, { migrate: false });
    await old.run(`ALTER TABLE ${JOBS} DROP COLUMN "public_base"`);
    await old.run(`DELETE FROM ${VERSIONS} WHERE "version" = 4`);
    await old.run(
      `INSERT INTO ${JOBS} ("job_id", "service", "phase", "creation_time", "parameters") VALUES ('j1', 'tap', 'COMPLETED', 1, '[]')`,
    );
    await old.close();
    assert.ok(!(await columns(url)).includes('public_base'));

    const upgraded = await openDatabase(url);
    try {
      const rows = await upgraded.all<{ job_id: string; public_base: unknown }>(
        `SELECT "job_id", "public_base" FROM ${JOBS}`,
      );
      assert.deepEqual(
        rows.map((r) => ({ ...r })),
        [{ job_id: 'j1', public_base: null }],
      );
    } finally {
      await upgraded.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
