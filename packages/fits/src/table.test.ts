import assert from 'node:assert/strict';
import { test } from 'node:test';
import { corpusPath } from '@obscura/testkit';
import { openFits } from './file.ts';
import { columnValues, readTable } from './table.ts';

const at = (f: string) => corpusPath('fits-headers', 'astropy', f);

async function table(f: string, hdu = 1) {
  const fits = await openFits(at(f));
  try {
    return await readTable(fits, fits.hdus[hdu]);
  } finally {
    await fits.close();
  }
}

const near = (a: unknown, b: number) => assert.ok(typeof a === 'number' && Math.abs(a - b) < 1e-5, `${a} vs ${b}`);

test('btable.fits: I, 20A, E, 10A columns (values from astropy)', async () => {
  const t = await table('btable.fits');
  assert.deepEqual(
    t.columns.map((c) => c.name),
    ['order', 'name', 'mag', 'Sp'],
  );
  assert.deepEqual(columnValues(t, 'order'), [1, 2, 3]);
  assert.deepEqual(columnValues(t, 'name'), ['Sirius', 'Canopus', 'Rigil Kent']);
  assert.deepEqual(columnValues(t, 'Sp'), ['A1V', 'F0Ib', 'G2V']);
  const mag = columnValues(t, 'mag');
  near(mag[0], -1.45);
  near(mag[1], -0.73);
  near(mag[2], -0.1);
});

test('table.fits and tdim.fits: TDIM keeps the shape beside flat cells', async () => {
  const t = await table('table.fits');
  assert.deepEqual(columnValues(t, 'target'), ['NGC1001', 'NGC1002', 'NGC1003']);
  near(columnValues(t, 'V_mag')[2], 15.2);
  const d = await table('tdim.fits');
  assert.deepEqual(d.columns[1].dim, [1, 1]);
  const v = columnValues(d, 'V_mag') as number[][];
  near(v[0][0], 11.1);
});

test('logical_null.fits: L column with T, F and null', async () => {
  const t = await table('logical_null.fits');
  // The bytes are 'T', 0, 'F'; astropy shows [True, False, False] (its null becomes False). 0 is null (§7.3.3.1).
  assert.deepEqual(columnValues(t, 'flag'), [true, null, false]);
});

test('variable_length_table.fits: PI(3) arrays from the heap and a 2I column', async () => {
  const t = await table('variable_length_table.fits');
  assert.deepEqual(columnValues(t, 'var'), [
    [45, 56],
    [11, 12, 13],
  ]);
  assert.deepEqual(columnValues(t, 'xyz'), [
    [11, 3],
    [12, 4],
  ]);
});

test('ascii.fits: E10.4 and I5 fields with TBCOL', async () => {
  const t = await table('ascii.fits');
  assert.deepEqual(t.diagnostics, []);
  // Row 4 holds '*' = TNULLn in both fields (§7.2.2); astropy masks them and shows 0.
  assert.deepEqual(
    columnValues(t, 'a').map((v) => (v === null ? null : Number((v as number).toFixed(4)))),
    [10.123, 5.2, 15.61, null, 345],
  );
  assert.deepEqual(columnValues(t, 'b'), [37, 23, 17, null, 345]);
  assert.equal(t.columns[0].unit, 'pixels');
});

test('zerowidth.fits: a 0D column reads as empty cells; AIPS AN values', async () => {
  const t = await table('zerowidth.fits', 2);
  assert.equal(t.rows.length, 29);
  assert.deepEqual(columnValues(t, 'ORBPARM')[0], []);
  assert.equal(typeof columnValues(t, 'ANNAME')[0], 'string');
  assert.equal((columnValues(t, 'STABXYZ')[0] as number[]).length, 3);
});

test('compressed_image.fits: the compressed tiles read as 1PB(6) byte arrays', async () => {
  const t = await table('compressed_image.fits');
  const tiles = columnValues(t, 'COMPRESSED_DATA') as number[][];
  assert.equal(tiles.length, 10);
  assert.equal(
    tiles.reduce((a, b) => a + b.length, 0),
    60,
    'PCOUNT = 60 heap bytes',
  );
});

test('checksum.fits RATE table: D, E, E (values from astropy)', async () => {
  const t = await table('checksum.fits');
  const r = t.rows[0] as number[];
  near(r[0], 735.372046425924);
  near(r[1], 23.594639);
  near(r[2], 1.309428);
});
