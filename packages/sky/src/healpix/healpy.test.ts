// The literal vectors of healpy's own unit tests (shared/corpus/healpix/healpy/healpy_literal_vectors.json).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { corpusPath } from '@obscura/testkit';
import { ang2pixBig } from './big.ts';
import { maxPixrad, nside2npix, nside2pixarea, nside2resol, nsideToOrder } from './constants.ts';
import { neighboursRing } from './neighbours.ts';
import { ang2pix, corners, nest2xyf, pix2ang, xyf2nest } from './nested.ts';
import { queryDisc } from './query-disc.ts';
import { rangesToPixels } from './ranges.ts';
import { nest2ring, ring2nest, ring2xyf, xyf2ring } from './ring.ts';

interface Case {
  func: string;
  args: Record<string, unknown> | Record<string, unknown>[];
  expected?: unknown;
  [k: string]: unknown;
}
const doc = JSON.parse(readFileSync(corpusPath('healpix', 'healpy', 'healpy_literal_vectors.json'), 'utf8')) as {
  cases: Case[];
};
const cases = doc.cases;
const byFunc = (f: string) => cases.filter((c) => c.func === f);
const RAD = 180 / Math.PI;

test('healpy literal vectors: 19 cases', () => assert.equal(cases.length, 19));

test('nside2npix, nside2resol (arcmin), max_pixrad, nside2pixarea', () => {
  for (const c of byFunc('nside2npix')) {
    const a = c.args as { nside: number };
    assert.equal(nside2npix(a.nside), c.expected);
  }
  for (const c of byFunc('nside2resol')) {
    const a = c.args as { nside: number };
    assert.ok(Math.abs(nside2resol(a.nside) * RAD * 60 - (c.expected as number)) < 5e-8);
  }
  const mp = byFunc('max_pixrad')[0];
  assert.ok(Math.abs(maxPixrad(512) - (mp.expected_radians as number)) < 5e-8);
  const pa = byFunc('nside2pixarea')[0];
  assert.ok(Math.abs(nside2pixarea(512) - (pa.expected_steradians as number)) < 1e-20);
});

test('ang2pix/pix2ang round trip at nside 2^23 in both schemes to 6 decimals', () => {
  const c = byFunc('ang2pix/pix2ang round trip')[0];
  const a = c.args as { nside: number; theta: number[]; phi: number[] };
  const order = nsideToOrder(a.nside);
  const out = new Float64Array(2);
  for (let i = 0; i < a.theta.length; i++) {
    const lon = a.phi[i] * RAD;
    const lat = 90 - a.theta[i] * RAD;
    const nest = ang2pix(order, lon, lat);
    assert.equal(ring2nest(order, nest2ring(order, nest)), nest);
    pix2ang(order, nest, out);
    const theta = (90 - out[1]) / RAD;
    let phi = out[0] / RAD;
    if (Math.abs(phi - a.phi[i]) > Math.PI) phi -= 2 * Math.PI;
    assert.ok(Math.abs(theta - a.theta[i]) < 5e-7, `theta ${theta} vs ${a.theta[i]}`);
    assert.ok(Math.abs(phi - a.phi[i]) < 5e-7, `phi ${phi} vs ${a.phi[i]}`);
  }
});

test('nside 2^30 and a negative colatitude are errors', () => {
  assert.throws(() => nsideToOrder(2 ** 30), /nside 1073741824 is not supported/);
  assert.throws(() => ang2pixBig(30, 0, 0), RangeError);
  // θ = −1 rad is latitude 90° + 57.3°.
  assert.throws(() => ang2pix(nsideToOrder(32), 0, 90 + RAD), /lat must be in \[-90, 90\]/);
});

test('get_all_neighbours, RING, nside 1, (θ, φ) = (π/2, π/2)', () => {
  const c = byFunc('get_all_neighbours')[0];
  const ring = nest2ring(0, ang2pix(0, 90, 0));
  const out = new Int32Array(8);
  neighboursRing(0, ring, out);
  assert.deepEqual(Array.from(out), c.expected);
});

test('isnsideok: powers of two only (the NESTED scheme)', () => {
  const c = byFunc('isnsideok')[0];
  for (const a of c.args as { nside: number; nest: boolean; expected: boolean }[]) {
    let ok = true;
    try {
      nsideToOrder(a.nside);
    } catch {
      ok = false;
    }
    assert.equal(ok, a.expected, `nside ${a.nside}`);
  }
});

test('pix2xyf/xyf2pix round trip at nside 16, both schemes', () => {
  const c = byFunc('pix2xyf/xyf2pix round trip')[0];
  const xyf = new Int32Array(3);
  for (const p of (c.args as { ipix: number[] }).ipix) {
    nest2xyf(4, p, xyf);
    assert.equal(xyf2nest(4, xyf[1], xyf[2], xyf[0]), p);
    ring2xyf(4, p, xyf);
    assert.equal(xyf2ring(4, xyf[1], xyf[2], xyf[0]), p);
  }
});

test('query_disc at nside 8, r = 6°, RING: exact [4] and inclusive (HEALPix IDL reference)', () => {
  for (const c of byFunc('query_disc').filter((x) => (x.args as { nside: number }).nside === 8)) {
    const a = c.args as { vec: number[]; radius_deg: number; inclusive: boolean };
    const [x, y, z] = a.vec;
    const lon = Math.atan2(y, x) * RAD;
    const lat = Math.asin(z / Math.hypot(x, y, z)) * RAD;
    const nested = rangesToPixels(queryDisc(3, lon, lat, a.radius_deg, { inclusive: a.inclusive }));
    const ring = Array.from(nested, (p) => nest2ring(3, p)).sort((p, q) => p - q);
    assert.deepEqual(ring, c.expected);
  }
});

test('boundaries of RING pixel 5 at nside 2 (x, y, z rows, 8 decimals)', () => {
  const c = byFunc('boundaries')[0];
  const rows = c.expected_xyz_rows as number[][];
  const out = new Float64Array(8);
  corners(1, ring2nest(1, 5), out);
  for (let k = 0; k < 4; k++) {
    const lon = out[2 * k] / RAD;
    const lat = out[2 * k + 1] / RAD;
    const v = [Math.cos(lat) * Math.cos(lon), Math.cos(lat) * Math.sin(lon), Math.sin(lat)];
    for (let r = 0; r < 3; r++) assert.ok(Math.abs(v[r] - rows[r][k]) < 5e-9, `corner ${k} axis ${r}`);
  }
});

test('a non-power-of-2 nside (3518, legal in RING) is reported as unsupported by this NESTED-only API', () => {
  const first = byFunc('first nside (RING) whose nside2resol < 1 arcmin, searching nside = 2, 3, 4, ...')[0];
  assert.equal(first.expected, 3518);
  let n = 2;
  while (nside2resol(n) * RAD * 60 >= 1) n++;
  assert.equal(n, 3518);
  assert.throws(() => nsideToOrder(3518), /nside 3518 is not supported: the NESTED scheme needs nside = 2\^order/);
});
