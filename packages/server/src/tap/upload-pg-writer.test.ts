// The PostgreSQL upload writer (upload-pg-writer.ts) on a real PostgreSQL + pgSphere: the array literals it builds
// carry every kind of value through unchanged (quotes, backslashes, braces, "NULL" as text, unicode, extreme
// numbers, nulls), and the rows land in HEALPix order with their spoint set.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTableStatements, type Database, healpixIndex, openDatabase, type TableDef } from '@obscura/archive';
import { postgresAvailable, startPostgres } from '@obscura/testkit';
import { arrayLiteral, PostgresArrayWriter } from './upload-pg-writer.ts';

describe('arrayLiteral', () => {
  it('quotes strings, writes numbers and booleans bare, NULL for null; leaves other kinds to node-postgres', () => {
    assert.equal(arrayLiteral([1, -2.5, null, 1e-300]), '{1,-2.5,NULL,1e-300}');
    assert.equal(arrayLiteral(['a"b', 'c\\d', 'NULL', '', '{x,y}']), '{"a\\"b","c\\\\d","NULL","","{x,y}"}');
    assert.equal(arrayLiteral([true, false, 12345678901234567890n]), '{t,f,12345678901234567890}');
    assert.equal(arrayLiteral([Number.NaN, Number.POSITIVE_INFINITY]), '{"NaN","Infinity"}');
    assert.equal(arrayLiteral([new Date(0)]), undefined);
  });
});

const pg = postgresAvailable();
describe('PostgresArrayWriter on PostgreSQL', { skip: !pg && 'PostgreSQL + pgSphere not installed' }, () => {
  let stop: () => Promise<void>;
  let db: Database;
  const def: TableDef = {
    schema: 'obscura',
    name: 'writer_test',
    description: '',
    columns: [
      { name: 'ra', type: 'DOUBLE', description: '' },
      { name: 'dec', type: 'DOUBLE', description: '' },
      { name: 'label', type: 'VARCHAR', description: '' },
      { name: 'flag', type: 'BOOLEAN', description: '' },
      { name: 'n', type: 'BIGINT', description: '', required: true },
    ],
    primaryKey: ['n'],
    published: false,
    spatialIndex: { ra: 'ra', dec: 'dec' },
  };
  before(async () => {
    const cluster = await startPostgres();
    stop = cluster.stop;
    db = await openDatabase(cluster.url);
    for (const sql of createTableStatements(db.dialect, def)) await db.run(sql);
  });
  after(async () => {
    await db?.close();
    await stop?.();
  });

  it('writes every value unchanged, in HEALPix order, with the spoint set', async () => {
    const labels = ['plain', 'a "quoted" word', 'back\\slash', 'NULL', '', '{braces, commas}', 'ünïcödé 中文 😀', null];
    const rows: unknown[][] = [];
    for (let i = 0; i < 30_000; i++) {
      const ra = (i * 137.508) % 360;
      const dec = i % 11 === 0 ? null : ((i * 7.3) % 180) - 90;
      rows.push([ra, dec, labels[i % labels.length], i % 3 === 0 ? null : i % 2 === 0, i + 1]);
    }
    const writer = new PostgresArrayWriter(db, def, ['ra', 'dec', 'label', 'flag', 'n']);
    for (const r of rows) await writer.add(r);
    assert.equal(await writer.finish(), rows.length);
    const t = db.dialect.table(def);
    const back = await db.all<{
      ra: number;
      dec: number | null;
      label: string | null;
      flag: boolean | null;
      n: string;
    }>(`SELECT ra, dec, label, flag, n, obscura_pos IS NOT NULL AS has_pos FROM ${t} ORDER BY n`);
    assert.equal(back.length, rows.length);
    for (const b of back) {
      const r = rows[Number(b.n) - 1];
      assert.deepStrictEqual([b.ra, b.dec, b.label, b.flag], r.slice(0, 4));
      assert.equal((b as unknown as { has_pos: boolean }).has_pos, r[1] !== null);
    }
    // Physical order: the two statements of a run are written at once, so their heap pages interleave; within a
    // page the rows follow the HEALPix index.
    const physical = await db.all<{ n: string; page: number }>(
      `SELECT n, (ctid::text::point)[0] AS page FROM ${t} ORDER BY ctid`,
    );
    const key = (n: string) => {
      const r = rows[Number(n) - 1];
      const h = healpixIndex(r[0], r[1]);
      return h === null ? Number.POSITIVE_INFINITY : Number(h);
    };
    let descents = 0;
    for (let i = 1; i < physical.length; i++) {
      const [a, b] = [physical[i - 1], physical[i]];
      if (a.page === b.page && key(b.n) < key(a.n)) descents++;
    }
    assert.ok(descents < rows.length / 100, `${descents} places where a page goes back in HEALPix index`);
  });
});
