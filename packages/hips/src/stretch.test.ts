import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decode } from 'fast-png';
import { ValueSample } from './cuts.ts';
import { encodeTilePng } from './png-tile.ts';
import { asinhStretchOf, stretchGrey, stretchTable } from './stretch.ts';

/** Deterministic Gaussian noise (σ = 1e-4) plus a few bright "sources" (1 % of pixels at 0.05). */
function radioLike(n: number): Float32Array {
  const out = new Float32Array(n);
  let s = 12345;
  const u = () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  for (let k = 0; k < n; k++) {
    out[k] = 1e-4 * Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
    if (k % 100 === 0) out[k] = 0.05;
  }
  return out;
}

test('asinh stretch: cuts from robust noise statistics, noise dark, sources bright and distinct', () => {
  const data = radioLike(512 * 512);
  const sample = new ValueSample(1 << 18);
  for (const v of data) sample.add(v);
  const s = asinhStretchOf(sample);
  assert.ok(s);
  assert.equal(s.fn, 'asinh');
  // σ recovered from the MAD despite the 1 % sources: 1e-4 within 5 %.
  const sigma = s.softening / 3;
  assert.ok(Math.abs(sigma - 1e-4) < 5e-6, `σ ${sigma}`);
  assert.ok(Math.abs(s.cut[0] - -2e-4) < 2e-5, `lo ${s.cut[0]}`);
  // hi: the 99.99 % quantile is a source (0.05) here, above median + 100σ.
  assert.equal(s.cut[1], Math.fround(0.05));
  // Noise (±1σ) stays in the dark fifth; a 10σ source is clearly above it; the brightest is white.
  assert.ok(stretchGrey(1e-4, s) < 60 && stretchGrey(-1e-4, s) < 40, `${stretchGrey(1e-4, s)}`);
  assert.ok(stretchGrey(1e-3, s) > stretchGrey(1e-4, s) + 40);
  assert.equal(stretchGrey(0.05, s), 255);
  assert.equal(stretchGrey(-1, s), 0);
  // The lookup table agrees with the exact function within one grey level.
  const table = stretchTable(s);
  for (const v of [-1.5e-4, 0, 1e-4, 3e-4, 1e-3, 0.01, 0.04]) {
    const t = (v - s.cut[0]) / (s.cut[1] - s.cut[0]);
    assert.ok(Math.abs(table[Math.round(t * (table.length - 1))] - stretchGrey(v, s)) <= 1, `${v}`);
  }
});

test('PNG tiles: grey + alpha, top-down rows, NaN transparent, stretched grey levels (decoded with fast-png)', () => {
  const w = 8;
  const data = new Float32Array(w * w).fill(0);
  data[0] = Number.NaN; // FITS row 0 (bottom) → PNG row 7
  data[w * (w - 1) + 3] = 1; // FITS top row → PNG row 0
  const s = { fn: 'asinh' as const, cut: [-0.1, 1] as [number, number], softening: 0.05 };
  const png = decode(encodeTilePng(data, w, s));
  assert.deepEqual([png.width, png.height, png.channels, png.depth], [w, w, 2, 8]);
  const at = (r: number, c: number) => [png.data[2 * (r * w + c)], png.data[2 * (r * w + c) + 1]];
  assert.deepEqual(at(7, 0), [0, 0]);
  assert.deepEqual(at(0, 3), [255, 255]);
  assert.deepEqual(at(3, 3), [stretchGrey(0, s), 255]);
  assert.ok(stretchGrey(0, s) > 0 && stretchGrey(0, s) < 128);
  // The same pass widens the data range (hips_data_range) over the finite values only.
  const range = { min: 0.5, max: 0.5 };
  encodeTilePng(data, w, s, range);
  assert.deepEqual(range, { min: 0, max: 1 });
});
