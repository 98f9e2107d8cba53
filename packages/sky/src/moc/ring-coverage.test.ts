// Reference values from cds-healpix-rust's own documentation examples (src/lib.rs best_starting_depth and
// src/nested ring_coverage_approx, ring of the cds-moc-rust corpus case at depth 4).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bestStartingDepth, ringCoverage } from './ring-coverage.ts';

const D = Math.PI / 180;

test('best starting depth follows the cds-healpix-rust examples', () => {
  assert.equal(bestStartingDepth(Math.PI / 4), 0);
  assert.equal(bestStartingDepth(0.0174533), 5);
  assert.equal(bestStartingDepth(0.0043632), 7);
  assert.equal(bestStartingDepth(0.0013), 9);
  assert.equal(bestStartingDepth(1.454e-5), 15);
  assert.equal(bestStartingDepth(6.5e-7), 20);
  assert.equal(bestStartingDepth(9.537e-8), 22);
  assert.equal(bestStartingDepth(Math.PI / 3), -1);
});

test('ring coverage at depth 4 without oversampling gives the 40 cells of the cds-healpix-rust example', () => {
  const moc = ringCoverage(4, 13.158329 * D, -72.80028 * D, 5.64323 * D, 10 * D, 0);
  const r = moc.ranges as Float64Array;
  const cells: number[] = [];
  for (let i = 0; i < r.length; i += 2) for (let p = r[i]; p < r[i + 1]; p++) cells.push(p);
  assert.deepEqual(
    cells,
    [
      2050, 2051, 2054, 2055, 2056, 2057, 2058, 2059, 2060, 2061, 2062, 2063, 2080, 2083, 2084, 2085, 2086, 2087, 2088,
      2089, 2090, 2091, 2092, 2094, 2176, 2177, 2178, 2817, 2820, 2821, 2822, 2823, 2832, 2833, 2834, 2835, 2836, 2837,
      2838, 2880,
    ],
  );
});
