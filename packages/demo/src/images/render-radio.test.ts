import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gaussianCov, simpleFrame } from './gaussian.ts';
import { addComponent } from './render-radio.ts';

const frame = simpleFrame(1);
const beam = gaussianCov(2.5, 2.5, 0, frame);
const beamArea = (Math.PI / (4 * Math.LN2)) * 2.5 * 2.5; // pixels² (1"/px)

test('a point source peaks at its flux (Jy/beam) and integrates to it', () => {
  const w = 64;
  const img = new Float32Array(w * w);
  const peak = addComponent(img, w, w, { x: 32, y: 32, flux: 0.01, major: 0, minor: 0, pa: 0, frame }, beam);
  assert.ok(Math.abs(peak - 0.01) < 1e-12);
  assert.ok(Math.abs(img[32 * w + 32] - 0.01) < 1e-9);
  const sum = img.reduce((s, v) => s + v, 0);
  assert.ok(Math.abs(sum / beamArea - 0.01) < 1e-6);
});

test('an extended source keeps its total flux and has a lower peak; its major axis follows PA', () => {
  const w = 128;
  const img = new Float32Array(w * w);
  const peak = addComponent(img, w, w, { x: 64, y: 64, flux: 1, major: 12, minor: 4, pa: 0, frame }, beam);
  // Peak/total = beam area / convolved area = θb² / (θmaj,c θmin,c), sizes added in quadrature.
  const expected = (2.5 * 2.5) / (Math.hypot(12, 2.5) * Math.hypot(4, 2.5));
  assert.ok(Math.abs(peak - expected) < 1e-12);
  const sum = img.reduce((s, v) => s + v, 0);
  assert.ok(Math.abs(sum / beamArea - 1) < 1e-5);
  // PA 0 = north = +y: brighter 6 px north than 6 px east.
  assert.ok(img[70 * w + 64] > 5 * img[64 * w + 58]);
});
