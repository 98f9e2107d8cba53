import assert from 'node:assert/strict';
import { test } from 'node:test';
import { specconv, unitFactor } from './units.ts';

test('IN_UNIT factors: angle, frequency, and radio flux densities (VOUnits 1.0: Jy = 1e-26 W m-2 Hz-1)', () => {
  assert.deepEqual(unitFactor('arcsec', 'deg'), { factor: Number((1 / 3600).toPrecision(15)) });
  assert.deepEqual(unitFactor('MHz', 'GHz'), { factor: 1e-3 });
  assert.deepEqual(unitFactor('mJy', 'Jy'), { factor: 1e-3 });
  assert.deepEqual(unitFactor('µJy', 'mJy'), { factor: 1e-3 });
  assert.deepEqual(unitFactor('mJy/beam', 'Jy/beam'), { factor: 1e-3 });
  const si = unitFactor('Jy', 'W.m**-2.Hz**-1');
  assert.ok('factor' in si && Math.abs(si.factor - 1e-26) < 1e-40);
  // Per-beam brightness is not a flux density, and frequency is not a flux.
  assert.ok('error' in unitFactor('mJy/beam', 'Jy'));
  assert.ok('error' in unitFactor('Hz', 'Jy'));
  assert.ok('error' in unitFactor('furlong', 'm'));
});

test('ivo_specconv: 3 GHz is 9.993 cm', () => {
  const v = specconv(3e9, 'Hz', 'cm');
  assert.ok(v !== null && Math.abs(v - 9.9930819333) < 1e-9, String(v));
});
