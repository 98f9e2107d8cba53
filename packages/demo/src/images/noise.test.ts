import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from '../random.ts';
import { gaussianCov, simpleFrame } from './gaussian.ts';
import { correlatedNoise } from './noise.ts';

test('correlated noise has unit variance and a correlation length of about a beam', () => {
  const beam = gaussianCov(2.5, 2.5, 0, simpleFrame(1)); // 2.5-pixel FWHM
  const w = 256;
  const n = correlatedNoise(new Random(7), w, w, beam);
  let s = 0;
  let s2 = 0;
  let lag1 = 0;
  let lag5 = 0;
  for (let y = 0; y < w; y++) {
    for (let x = 0; x < w - 5; x++) {
      const v = n[y * w + x];
      s += v;
      s2 += v * v;
      lag1 += v * n[y * w + x + 1];
      lag5 += v * n[y * w + x + 5];
    }
  }
  const count = w * (w - 5);
  const variance = s2 / count - (s / count) ** 2;
  assert.ok(Math.abs(variance - 1) < 0.05, `variance ${variance}`);
  // Autocorrelation of a Gaussian beam of σ = 2.5/2.3548 px at lag 1: exp(-1/(4σ²))... of the beam itself:
  // exp(-0.5·1/σ²) = 0.641; at lag 5 ≈ 0.
  const r1 = lag1 / s2;
  assert.ok(Math.abs(r1 - Math.exp(-0.5 / (2.5 / 2.3548) ** 2)) < 0.05, `lag-1 correlation ${r1}`);
  assert.ok(Math.abs(lag5 / s2) < 0.05);
});
