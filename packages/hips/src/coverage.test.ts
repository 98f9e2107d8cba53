import assert from 'node:assert/strict';
import { test } from 'node:test';
import { columnValues, openFits, readMocFits, readTable } from '@obscura/fits';
import { spaceMocContains } from '@obscura/sky';
import { encodeCoverageFits, skyFraction, tileCoverage } from './coverage.ts';

test('tile coverage is normalised: complete sibling groups become their parents (MOC 2.0 §3.1)', () => {
  // Order 1: cells 0..3 (all of base cell 0) and 5 → [0/0, 1/5].
  assert.deepEqual(
    tileCoverage(1, [3, 1, 0, 2, 5, 5])
      .cells()
      .map((c) => [c.order, c.indices.map(Number)]),
    [
      [0, [0]],
      [1, [5]],
    ],
  );
  // All 16 children of order-0 cell 2 at order 2 → the single cell 0/2.
  const whole = tileCoverage(
    2,
    Array.from({ length: 16 }, (_, k) => 32 + k),
  );
  assert.equal(whole.cellsAtDepth(), 16);
  assert.deepEqual(
    whole.cells().map((c) => c.order),
    [0],
  );
  assert.equal(skyFraction(3, 768), 1);
});

test('Moc.fits is a MOC 2.0 NUNIQ table that reads back to the same cells', async () => {
  const bytes = encodeCoverageFits(9, [4, 5, 6, 7, 100]);
  const f = await openFits(bytes);
  const hdu = f.hdus[1];
  assert.equal(hdu.header.getString('ORDERING'), 'NUNIQ');
  assert.equal(hdu.header.getString('MOCVERS'), '2.0');
  assert.equal(hdu.header.getString('MOCDIM'), 'SPACE');
  assert.equal(hdu.header.getNumber('MOCORD_S'), 9);
  const t = await readTable(f, hdu);
  const uniq = columnValues(t, 'UNIQ').map(Number);
  // 8/1 (cells 4..7 at order 9) → uniq 4·4^8 + 1; 9/100 → 4·4^9 + 100.
  assert.deepEqual(uniq, [4 * 4 ** 8 + 1, 4 * 4 ** 9 + 100]);
  const back = await readMocFits(bytes);
  assert.ok(back.moc?.equals(tileCoverage(9, [4, 5, 6, 7, 100])));
  assert.ok(back.moc && !spaceMocContains(back.moc, 0, -89));
});
