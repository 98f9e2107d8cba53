import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readCorpusJsonl, seededRandom } from '@obscura/testkit';
import { vectorToLonLat } from '../angles.ts';
import { angularDistance } from '../distance.ts';
import { ang2pix, pix2ang } from './nested.ts';
import { queryDisc } from './query-disc.ts';
import { rangesContain, rangesToPixels } from './ranges.ts';
import { nest2ring } from './ring.ts';

interface DiscCase {
  lon_deg: number;
  lat_deg: number;
  radius_deg: number;
  order: number;
  scheme: 'nested' | 'ring';
  inclusive: boolean;
  pixels: number[];
}

test('query_disc: all 28 computed-reference cases (healpy 1.16), nested directly and ring through nest2ring', () => {
  const cases = readCorpusJsonl<DiscCase>('healpix', 'computed-reference', 'query_disc.jsonl');
  assert.equal(cases.length, 28);
  for (const c of cases) {
    const ranges = queryDisc(c.order, c.lon_deg, c.lat_deg, c.radius_deg, { inclusive: c.inclusive });
    for (let i = 2; i < ranges.length; i += 2) assert.ok(ranges[i] > ranges[i - 1], 'sorted and merged');
    let pixels = Array.from(rangesToPixels(ranges));
    if (c.scheme === 'ring') pixels = pixels.map((p) => nest2ring(c.order, p)).sort((a, b) => a - b);
    assert.deepEqual(pixels, c.pixels, JSON.stringify({ ...c, pixels: undefined }));
  }
});

/**
 * The point `distDeg` from (lon, lat) along position angle `paDeg`, through vectors (cos d·c + sin d·(cos pa·n +
 * sin pa·e)) so that it keeps full precision for tiny distances next to the poles, where the asin of the spherical
 * trigonometry formula (offsetByPositionAngle) cannot resolve 1e-9°.
 */
function pointAt(lonDeg: number, latDeg: number, paDeg: number, distDeg: number, out: Float64Array): void {
  const [lon, lat, pa, d] = [lonDeg, latDeg, paDeg, distDeg].map((a) => (a * Math.PI) / 180);
  const c = [Math.cos(lat) * Math.cos(lon), Math.cos(lat) * Math.sin(lon), Math.sin(lat)];
  const n = [-Math.sin(lat) * Math.cos(lon), -Math.sin(lat) * Math.sin(lon), Math.cos(lat)];
  const e = [-Math.sin(lon), Math.cos(lon), 0];
  const v = [0, 1, 2].map((i) => Math.cos(d) * c[i] + Math.sin(d) * (Math.cos(pa) * n[i] + Math.sin(pa) * e[i]));
  vectorToLonLat(v[0], v[1], v[2], out);
}

/** Deterministic centres: the poles, RA = 0 and pseudo-random points (mulberry32, seed 7). */
function centres(): [number, number][] {
  const rand = seededRandom(7);
  const out: [number, number][] = [
    [0, 90],
    [123.4, -90],
    [0, 0],
    [0, 41.8103148958],
    [0, -89.9999999],
    [359.9999999, 12.5],
  ];
  for (let i = 0; i < 10; i++) out.push([rand() * 360, (Math.asin(2 * rand() - 1) * 180) / Math.PI]);
  return out;
}

test('inclusive query_disc, orders 0..24, r = 1e-9° .. 3 cells: holds the centre cell, the cells of points just inside the edge, and the exact result', () => {
  const p = new Float64Array(2);
  let queries = 0;
  for (let order = 0; order <= 24; order++) {
    const cellDeg = (Math.sqrt((4 * Math.PI) / (12 * 4 ** order)) * 180) / Math.PI;
    const radii = [1e-9, 1e-7, 1e-5, 1e-3, 0.01 * cellDeg, 0.5 * cellDeg, 3 * cellDeg].filter((r) => r <= 90);
    for (const [lon, lat] of centres()) {
      for (const r of radii) {
        const what = JSON.stringify({ order, lon, lat, r });
        const incl = queryDisc(order, lon, lat, r, { inclusive: true });
        const exact = queryDisc(order, lon, lat, r);
        queries++;
        assert.ok(rangesContain(incl, ang2pix(order, lon, lat)), `centre cell missing: ${what}`);
        // Every cell overlapping the disc: sample points at 0.999 r in 16 directions.
        for (let pa = 0; pa < 360; pa += 22.5) {
          pointAt(lon, lat, pa, 0.999 * r, p);
          assert.ok(rangesContain(incl, ang2pix(order, p[0], p[1])), `edge cell missing (pa ${pa}): ${what}`);
        }
        for (const cell of rangesToPixels(exact)) {
          assert.ok(rangesContain(incl, cell), `exact cell ${cell} not in inclusive: ${what}`);
          pix2ang(order, cell, p);
          assert.ok(angularDistance(lon, lat, p[0], p[1]) <= r * (1 + 1e-9), `exact cell centre outside: ${what}`);
        }
      }
    }
  }
  assert.equal(queries, 2784);
});
