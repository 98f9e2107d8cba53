import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatFloat, formatFloatByPrecision } from './text-format.ts';

test('formatFloat: the shortest text reading back to the same float32, as the toPrecision search gives it', () => {
  const bits = new Uint32Array(1);
  const f32 = new Float32Array(bits.buffer);
  let seed = 12345;
  let checked = 0;
  for (let i = 0; i < 200_000; i++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    bits[0] = seed;
    const f = f32[0];
    if (!Number.isFinite(f)) continue;
    const text = formatFloat(f);
    assert.equal(Math.fround(Number(text)), f, `${f} -> ${text}`);
    assert.equal(text, formatFloatByPrecision(f), `${f}`);
    checked++;
  }
  assert.ok(checked > 190_000);
  for (const [v, text] of [
    [0.1, '0.1'],
    [-0.3, '-0.3'],
    [-1179807.25, '-1179807.3'],
    [3.4028234663852886e38, '3.4028235e+38'],
    [1e-45, '1.4013e-45'],
    [16777216, '16777216'],
    [Number.NaN, 'NaN'],
    [-0, '-0'],
  ] as const) {
    assert.equal(formatFloat(v), text);
  }
});
