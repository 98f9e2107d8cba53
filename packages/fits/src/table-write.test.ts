import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openFits } from './file.ts';
import { readTable } from './table.ts';
import { encodeBinaryTable } from './table-write.ts';
import { encodeEmptyPrimary } from './write.ts';

test('a written BINTABLE reads back with every writable code, nulls and repeats', async () => {
  const primary = encodeEmptyPrimary();
  const table = encodeBinaryTable(
    [
      { name: 'id', format: 'K', values: [1n, 2n ** 60n, 3n] },
      { name: 'name', format: '8A', values: ['alpha', 'b', ''] },
      { name: 'flux', format: 'E', unit: 'mJy', values: [1.5, null, -2.25] },
      { name: 'ra', format: 'D', unit: 'deg', values: [10.123456789, 200, 359.9] },
      { name: 'n', format: 'J', null: -1, values: [7, null, 9] },
      { name: 's', format: 'I', values: [-3, 4, 5] },
      { name: 'b', format: 'B', values: [0, 255, 128] },
      { name: 'ok', format: 'L', values: [true, false, null] },
      {
        name: 'v',
        format: '3D',
        values: [
          [1, 2, 3],
          [4, 5, 6],
          [7, 8, 9],
        ],
      },
    ],
    { extname: 'SOURCES' },
  );
  const fits = await openFits(new Uint8Array([...primary, ...table]));
  assert.deepEqual(fits.diagnostics, []);
  const hdu = fits.hdus[1];
  assert.equal(hdu.name, 'SOURCES');
  const t = await readTable(fits, hdu);
  assert.deepEqual(t.rows[0], [1, 'alpha', 1.5, 10.123456789, 7, -3, 0, true, [1, 2, 3]]);
  assert.deepEqual(t.rows[1].slice(0, 2), [2n ** 60n, 'b']);
  assert.ok(Number.isNaN(t.rows[1][2] as number));
  assert.equal(t.rows[1][4], null);
  assert.equal(t.rows[2][7], null);
  assert.equal(t.columns[2].unit, 'mJy');
  assert.throws(() => encodeBinaryTable([{ name: 'x', format: 'PJ', values: [] }]), RangeError);
});
