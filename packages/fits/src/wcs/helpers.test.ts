import assert from 'node:assert/strict';
import { test } from 'node:test';
import { headerFromRecord } from './header-like.ts';
import { corpusHeader, separationDeg } from './test-support.ts';
import { Wcs } from './wcs.ts';

const VLASS = 'vlass-ql-sin/VLASS1.1.ql.T29t05.J110448+763000.10.2048.v1.I.iter1.image.pbcor.tt0.subim.fits.header';

test('fromParameters builds the same transform as the VLASS header; toHeaderCards round-trips it', () => {
  const fromHeader = Wcs.fromHeader(corpusHeader(VLASS)).celestial()!;
  const built = Wcs.fromParameters({
    ctype: ['RA---SIN', 'DEC--SIN'],
    crpix: [1861, 1861],
    crval: [166.20035, 76.5],
    cdelt: [-2.777777777778e-4, 2.777777777778e-4],
    radesys: 'FK5',
    equinox: 2000,
    imageSize: [3722, 3722],
  });
  const cards = built.toHeaderCards();
  assert.deepEqual(cards.slice(0, 3), [
    ['WCSAXES', 2],
    ['CTYPE1', 'RA---SIN'],
    ['CUNIT1', 'deg'],
  ]);
  assert.ok(cards.some(([k, v]) => k === 'LONPOLE' && v === 180));
  const again = Wcs.fromHeader(headerFromRecord(Object.fromEntries(cards)));
  for (const [x, y] of [
    [0, 0],
    [1860, 1860],
    [3721, 100],
    [15.18469688969524, 766.80930564427024],
  ]) {
    const a = fromHeader.pixelToWorld(x, y);
    const b = built.pixelToWorld(x, y);
    const c = again.pixelToWorld(x, y);
    assert.ok(separationDeg(a[0], a[1], b[0], b[1]) < 1e-12);
    assert.ok(separationDeg(a[0], a[1], c[0], c[1]) < 1e-12);
  }
  // PyBDSF's first component on that image (pixel_world_pairs.csv row 0).
  const [ra, dec] = built.pixelToWorld(15.18469688969524, 766.80930564427024);
  assert.ok(separationDeg(ra, dec, 168.34719985367971, 76.18699791158396) < 1e-9);
});

test('celestial() keeps the two sky axes of a 4-axis cube; pixelScale and footprint', () => {
  const cube = Wcs.fromHeader(corpusHeader(VLASS));
  const sky = cube.celestial()!;
  assert.equal(sky.naxis, 2);
  assert.deepEqual(sky.celestialImageSize, [3722, 3722]);
  const s = sky.pixelScale();
  assert.ok(Math.abs(s.x - 1 / 3600) < 1e-15 && Math.abs(s.mean - 1 / 3600) < 1e-15);
  const fp = sky.footprint();
  assert.equal(fp.length, 8);
  // Corners are half a pixel beyond the corner pixel centres; the square image is ~1.034° across.
  const [lon0, lat0] = fp[0];
  const [lon4, lat4] = fp[4];
  const diagonal = separationDeg(lon0, lat0, lon4, lat4);
  assert.ok(Math.abs(diagonal - Math.SQRT2 * 3722 * (1 / 3600)) < 1e-3, `diagonal ${diagonal}`);
  const centres = sky.footprint({ edges: false });
  const [x, y] = sky.worldToPixel(...centres[2]);
  assert.ok(Math.abs(x - 3721) < 1e-6 && Math.abs(y) < 1e-6);
  // The midpoint of the bottom edge lies between the two bottom corners.
  const [lonM, latM] = fp[1];
  const [lon2, lat2] = fp[2];
  const half = separationDeg(lon0, lat0, lonM, latM);
  assert.ok(Math.abs(half - separationDeg(lonM, latM, lon2, lat2)) < 1e-6);
});

test('bulk conversions allocate nothing per point and agree with the single-point calls', () => {
  const sky = Wcs.fromHeader(corpusHeader(VLASS)).celestial()!;
  const xs = Float64Array.from({ length: 500 }, (_, i) => (i * 7.3) % 3722);
  const ys = Float64Array.from({ length: 500 }, (_, i) => (i * 13.1) % 3722);
  const lon = new Float64Array(500);
  const lat = new Float64Array(500);
  sky.pixelsToWorld(xs, ys, lon, lat);
  const px = new Float64Array(500);
  const py = new Float64Array(500);
  sky.worldsToPixels(lon, lat, px, py);
  for (let i = 0; i < 500; i += 37) {
    const [a, b] = sky.pixelToWorld(xs[i], ys[i]);
    assert.equal(a, lon[i]);
    assert.equal(b, lat[i]);
    assert.ok(Math.abs(px[i] - xs[i]) < 1e-7 && Math.abs(py[i] - ys[i]) < 1e-7);
  }
});

test('a header without celestial axes gives NaN from the celestial API and no celestial sub-WCS', () => {
  const w = Wcs.fromHeader(headerFromRecord({ NAXIS: 1, CTYPE1: 'FREQ', CRVAL1: 1e9, CDELT1: 1e6, CRPIX1: 1 }));
  assert.equal(w.hasCelestial, false);
  assert.equal(w.celestial(), null);
  assert.ok(w.pixelToWorld(0, 0).every(Number.isNaN));
  assert.equal(w.spectralPixelToWorld(9), 1e9 + 9e6);
});
