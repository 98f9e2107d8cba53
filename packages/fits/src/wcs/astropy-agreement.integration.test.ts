// Agreement with astropy 5.2.1 / wcslib (Debian /usr/bin/python3) on 1,000 seeded random pixels per projection.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { astropyPixelToWorld, astropyWorldToPixel, corpusPath, pythonHas, seededRandom } from '@obscura/testkit';
import { parseHeaderText } from '../header.ts';
import { cardsToHeaderText, corpusHeaderText, separationDeg } from './test-support.ts';
import { Wcs } from './wcs.ts';

const VLASS = 'vlass-ql-sin/VLASS1.1.ql.T29t05.J110448+763000.10.2048.v1.I.iter1.image.pbcor.tt0.subim.fits.header';
const headers = [
  ...readdirSync(corpusPath('wcs', 'astropy', 'data', 'maps'))
    .filter((f) => f.endsWith('.hdr'))
    .sort()
    .map((f) => `astropy/data/maps/${f}`),
  VLASS,
];
const NOT_SUPPORTED = new Set(['1904-66_CSC.hdr']);
const N = 1000;
const hasAstropy = pythonHas('astropy.wcs');

for (const [k, rel] of headers.entries()) {
  const name = rel.split('/').pop()!;
  if (NOT_SUPPORTED.has(name)) continue;
  test(`${name}: world and world->pixel agree with astropy to 1e-6 pixel on ${N} random pixels`, {
    skip: !hasAstropy,
  }, () => {
    let text = corpusHeaderText(rel);
    if (text.indexOf('\n') > 80) text = text.replaceAll('\n', '');
    const wcs = Wcs.fromHeader(parseHeaderText(text).header).celestial()!;
    const [w, h] = wcs.celestialImageSize;
    const rnd = seededRandom(1000 + k);
    const xs = new Float64Array(N);
    const ys = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      xs[i] = rnd() * w - 0.5;
      ys[i] = rnd() * h - 0.5;
    }
    const ref = astropyPixelToWorld(text, xs, ys);
    const lon = new Float64Array(N);
    const lat = new Float64Array(N);
    wcs.pixelsToWorld(xs, ys, lon, lat);
    const scale = wcs.pixelScale().mean; // degrees per pixel at the reference point
    let worstWorld = 0;
    let compared = 0;
    for (let i = 0; i < N; i++) {
      assert.equal(Number.isNaN(lon[i]), Number.isNaN(ref.lon[i]), `NaN disagreement at ${xs[i]}, ${ys[i]}`);
      if (Number.isNaN(lon[i])) continue;
      compared++;
      worstWorld = Math.max(worstWorld, separationDeg(lon[i], lat[i], ref.lon[i], ref.lat[i]) / scale);
    }
    assert.ok(compared > N * 0.9, `only ${compared} points on the sky`);
    assert.ok(worstWorld <= 1e-6, `worst world difference ${worstWorld} pixel`);
    // world -> pixel: ours from astropy's world values back to the original pixels, and astropy's inverse too.
    const px = new Float64Array(N);
    const py = new Float64Array(N);
    wcs.worldsToPixels(ref.lon, ref.lat, px, py);
    const back = astropyWorldToPixel(text, ref.lon, ref.lat);
    let worstPixel = 0;
    for (let i = 0; i < N; i++) {
      if (Number.isNaN(ref.lon[i])) continue;
      worstPixel = Math.max(
        worstPixel,
        Math.abs(px[i] - xs[i]),
        Math.abs(py[i] - ys[i]),
        Math.abs(px[i] - back.x[i]),
        Math.abs(py[i] - back.y[i]),
      );
    }
    assert.ok(worstPixel <= 1e-6, `worst pixel difference ${worstPixel}`);
  });
}

// All-sky synthetic maps (360×180 pixels of 1.4°, reference at (120°, 30°)) so that every projection's boundary is
// crossed: the set of pixels that are off the sky / outside the map must be the same as astropy's, point for point.
const ALL_SKY: [string, [string, number][]][] = [
  ['AIT', []],
  ['MOL', []],
  ['CAR', []],
  ['MER', []],
  ['CEA', []],
  ['SFL', []],
  ['PAR', []],
  ['HPX', []],
  ['SIN', []],
  ['TAN', []],
  ['ZEA', []],
  ['ARC', []],
  ['STG', []],
  ['TSC', []],
  ['QSC', []],
  ['PCO', []],
  ['CYP', []],
  ['AZP', [['PV2_1', 2], ['PV2_2', 30]]],
  ['SZP', [['PV2_1', 2], ['PV2_2', 30], ['PV2_3', 60]]],
  ['BON', [['PV2_1', 45]]],
  ['AIR', [['PV2_1', 45]]],
  ['COE', [['PV2_1', 45], ['PV2_2', 25]]],
  ['COD', [['PV2_1', 45], ['PV2_2', 25]]],
  ['COO', [['PV2_1', 45], ['PV2_2', 25]]],
  ['COP', [['PV2_1', 45], ['PV2_2', 25]]],
  ['NCP', []],
  ['ZPN', [['PV2_0', 0.05], ['PV2_1', 0.975], ['PV2_2', -0.807], ['PV2_3', 0.337], ['PV2_4', -0.065], ['PV2_5', 0.01]]],
]; // biome-ignore format: a table

for (const [code, pv] of ALL_SKY) {
  test(`all-sky ${code}: same off-sky pixels and unprojectable points as astropy, the rest to 1e-6 pixel`, {
    skip: !hasAstropy,
  }, () => {
    const [W, H, S] = [360, 180, 1.4];
    const text = cardsToHeaderText([
      ['NAXIS', 2],
      ['NAXIS1', W],
      ['NAXIS2', H],
      ['CTYPE1', `RA---${code}`],
      ['CTYPE2', `DEC--${code}`],
      ['CRPIX1', W / 2 + 0.5],
      ['CRPIX2', H / 2 + 0.5],
      ['CRVAL1', 120],
      ['CRVAL2', code.startsWith('CO') ? 45 : 30],
      ['CDELT1', -S],
      ['CDELT2', S],
      ...pv,
    ]);
    const wcs = Wcs.fromHeader(parseHeaderText(text).header);
    const rnd = seededRandom(7);
    const xs = Float64Array.from({ length: 20000 }, () => rnd() * W - 0.5);
    const ys = Float64Array.from({ length: 20000 }, () => rnd() * H - 0.5);
    const ref = astropyPixelToWorld(text, xs, ys);
    const lon = new Float64Array(xs.length);
    const lat = new Float64Array(xs.length);
    wcs.pixelsToWorld(xs, ys, lon, lat);
    let offSky = 0;
    let worst = 0;
    for (let i = 0; i < xs.length; i++) {
      assert.equal(Number.isNaN(lon[i]), Number.isNaN(ref.lon[i]), `${code} at (${xs[i]}, ${ys[i]})`);
      if (Number.isNaN(lon[i])) offSky++;
      else worst = Math.max(worst, separationDeg(lon[i], lat[i], ref.lon[i], ref.lat[i]) / S);
    }
    assert.ok(worst <= 1e-6, `${code}: worst ${worst} pixel`);
    assert.ok(offSky < xs.length, `${code}: everything off the sky`);
    // Uniform random sky positions → pixel: the same unprojectable points (NaN) as astropy, the rest to 1e-6
    // pixel (relative 1e-12 for the huge coordinates near a gnomonic or conic horizon).
    const lons = Float64Array.from({ length: 20000 }, () => rnd() * 360);
    const lats = Float64Array.from({ length: 20000 }, () => (Math.asin(2 * rnd() - 1) * 180) / Math.PI);
    const back = astropyWorldToPixel(text, lons, lats);
    const px = new Float64Array(lons.length);
    const py = new Float64Array(lons.length);
    wcs.worldsToPixels(lons, lats, px, py);
    for (let i = 0; i < lons.length; i++) {
      assert.equal(Number.isNaN(px[i]), Number.isNaN(back.x[i]), `${code} at (${lons[i]}, ${lats[i]})`);
      if (Number.isNaN(px[i])) continue;
      const tol = Math.max(1e-6, 1e-12 * Math.hypot(px[i], py[i]));
      assert.ok(
        Math.abs(px[i] - back.x[i]) <= tol && Math.abs(py[i] - back.y[i]) <= tol,
        `${code} at ${lons[i]}, ${lats[i]}`,
      );
    }
  });
}
