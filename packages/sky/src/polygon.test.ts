import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ang2pix, pix2angMany } from './healpix/nested.ts';
import {
  boxToPolygon,
  isConvex,
  polygonArea,
  polygonContains,
  polygonIntersectsCircle,
  polygonsIntersect,
  preparePolygon,
  skyWinding,
} from './polygon.ts';
import { regionContains, regionsIntersect } from './region.ts';
import { polygon } from './shapes.ts';

const octant = polygon([0, 0, 90, 0, 0, 90]);

test('area: an octant is π/2 sr in either vertex order', () => {
  assert.ok(Math.abs(polygonArea(octant) - Math.PI / 2) < 1e-14);
  assert.ok(Math.abs(polygonArea(polygon([0, 90, 90, 0, 0, 0])) - Math.PI / 2) < 1e-14);
});

test('area: a regular spherical square of circumradius ρ is 4·2·atan(1/cos ρ) − 2π', () => {
  for (const rho of [0.001, 1, 10, 60, 89]) {
    const p = polygon([0, 90 - rho, 90, 90 - rho, 180, 90 - rho, 270, 90 - rho]);
    const alpha = 2 * Math.atan(1 / Math.cos((rho * Math.PI) / 180));
    const want = 4 * alpha - 2 * Math.PI;
    assert.ok(Math.abs(polygonArea(p) - want) <= 1e-12 * Math.max(1, want) + 1e-15, `rho ${rho}`);
  }
});

test('area and containment agree: HEALPix centres inside × pixel area ≈ area (non-convex polygon)', () => {
  // An L-shaped (non-convex) polygon, given clockwise and counter-clockwise.
  const flat = [10, -10, 40, -10, 40, 0, 20, 0, 20, 30, 10, 30];
  const order = 8;
  const npix = 12 * 4 ** order;
  const centres = new Float64Array(2 * npix);
  pix2angMany(
    order,
    Float64Array.from({ length: npix }, (_, i) => i),
    centres,
  );
  for (const f of [
    flat,
    flat
      .slice()
      .reverse()
      .flatMap((_, i, a) => (i % 2 === 0 ? [a[i + 1], a[i]] : [])),
  ]) {
    const p = preparePolygon(polygon(f));
    let inside = 0;
    for (let i = 0; i < npix; i++) if (polygonContains(p, centres[2 * i], centres[2 * i + 1])) inside++;
    const est = (inside * 4 * Math.PI) / npix;
    assert.ok(Math.abs(est - p.area) / p.area < 0.005, `${est} vs ${p.area}`);
    assert.equal(isConvex(p), false);
  }
});

test('containment, winding and convexity', () => {
  const sq = preparePolygon(polygon([10, 10, 20, 10, 20, 20, 10, 20]));
  assert.equal(skyWinding(sq), 'clockwise');
  assert.equal(skyWinding(preparePolygon(polygon([10, 20, 20, 20, 20, 10, 10, 10]))), 'counterclockwise');
  assert.equal(isConvex(sq), true);
  assert.equal(polygonContains(sq, 15, 15), true);
  assert.equal(polygonContains(sq, 195, -15), false);
  assert.equal(polygonContains(sq, 25, 15), false);
  // A polygon around the pole and one straddling RA 0.
  const cap = preparePolygon(polygon([0, 80, 120, 80, 240, 80]));
  assert.equal(polygonContains(cap, 17, 89), true);
  assert.equal(polygonContains(cap, 17, 70), false);
  const wrap = preparePolygon(polygon([350, -5, 10, -5, 10, 5, 350, 5]));
  assert.equal(polygonContains(wrap, 0, 0), true);
  assert.equal(polygonContains(wrap, 180, 0), false);
  // A large polygon (area > hemisphere's worth of one side): the smaller region is always taken.
  const big = preparePolygon(polygon([0, -10, 120, -10, 240, -10]));
  assert.ok(big.area < 2 * Math.PI);
  assert.equal(polygonContains(big, 0, -90), true);
  assert.equal(polygonContains(big, 0, 0), false);
  assert.equal(ang2pix(0, 0, -90), 8);
});

test('intersections: polygon–circle, polygon–polygon, box, compounds', () => {
  const sq = preparePolygon(polygon([10, 10, 20, 10, 20, 20, 10, 20]));
  assert.equal(polygonIntersectsCircle(sq, 15, 15, 0.1), true);
  assert.equal(polygonIntersectsCircle(sq, 21, 15, 1.1), true);
  assert.equal(polygonIntersectsCircle(sq, 21, 15, 0.9), false);
  assert.equal(polygonIntersectsCircle(sq, 15, 15, 170), true);
  const cross = preparePolygon(polygon([5, 14, 25, 14, 25, 16, 5, 16])); // no vertex inside the other
  assert.equal(polygonsIntersect(sq, cross), true);
  assert.equal(polygonsIntersect(sq, preparePolygon(polygon([30, 10, 40, 10, 40, 20]))), false);
  const box = boxToPolygon({ type: 'box', ra: 15, dec: 0, width: 2, height: 1 });
  assert.equal(box.vertices.length, 4);
  assert.equal(regionContains({ type: 'box', ra: 15, dec: 0, width: 2, height: 1 }, 15.99, 0), true);
  assert.equal(regionContains({ type: 'box', ra: 15, dec: 0, width: 2, height: 1 }, 15, 0.51), false);
  assert.equal(
    regionsIntersect({ type: 'circle', ra: 0, dec: 0, radius: 1 }, { type: 'circle', ra: 1.9, dec: 0, radius: 1 }),
    true,
  );
  assert.equal(regionsIntersect({ type: 'point', ra: 15, dec: 15 }, polygon([10, 10, 20, 10, 20, 20, 10, 20])), true);
  assert.equal(
    regionContains(
      {
        type: 'difference',
        regions: [
          { type: 'circle', ra: 0, dec: 0, radius: 2 },
          { type: 'circle', ra: 0, dec: 0, radius: 1 },
        ],
      },
      0,
      1.5,
    ),
    true,
  );
});
