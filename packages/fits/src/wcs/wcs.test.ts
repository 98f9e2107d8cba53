import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { corpusPath, readCorpusJsonl } from '@obscura/testkit';
import { headerFromRecord } from './header-like.ts';
import { SUPPORTED_PROJECTIONS } from './projections/index.ts';
import { corpusHeader, separationDeg } from './test-support.ts';
import { Wcs } from './wcs.ts';
import { WcsError } from './wcs-diagnostics.ts';

interface Pix2World {
  header: string;
  origin: number;
  pix1: number;
  pix2: number;
  world1_deg: number;
  world2_deg: number;
}

const MAPS = [
  'AIR', 'AIT', 'ARC', 'AZP', 'BON', 'CAR', 'CEA', 'COD', 'COE', 'COO', 'COP', 'CSC', 'CYP', 'HPX',
  'MER', 'MOL', 'NCP', 'PAR', 'PCO', 'QSC', 'SFL', 'SIN', 'STG', 'SZP', 'TAN', 'TSC', 'ZEA', 'ZPN',
]; // biome-ignore format: a table
const UNSUPPORTED = new Set(['CSC']);

test('computed-reference pix2world.jsonl: all 459 wcslib values to 1e-9 deg and back to 1e-6 pixel', () => {
  const rows = readCorpusJsonl<Pix2World>('wcs', 'computed-reference', 'pix2world.jsonl');
  assert.equal(rows.length, 459);
  const cache = new Map<string, Wcs>();
  let worstDeg = 0;
  let worstPix = 0;
  for (const r of rows) {
    assert.equal(r.origin, 1);
    let w = cache.get(r.header);
    if (!w) {
      w = Wcs.fromHeader(corpusHeader(r.header)).celestial()!;
      cache.set(r.header, w);
    }
    // The corpus is 1-based (FITS); our API is 0-based.
    const [lon, lat] = w.pixelToWorld(r.pix1 - 1, r.pix2 - 1);
    worstDeg = Math.max(worstDeg, separationDeg(lon, lat, r.world1_deg, r.world2_deg));
    const [x, y] = w.worldToPixel(r.world1_deg, r.world2_deg);
    worstPix = Math.max(worstPix, Math.abs(x + 1 - r.pix1), Math.abs(y + 1 - r.pix2));
  }
  assert.equal(cache.size, 9);
  assert.ok(worstDeg < 1e-9, `worst world error ${worstDeg} deg`);
  assert.ok(worstPix < 1e-6, `worst pixel error ${worstPix}`);
});

test('VLASS QL SIN: the 126 PyBDSF pixel/world pairs (0-based Xposn/Yposn) to 1e-9 deg and 1e-6 pixel', () => {
  const w = Wcs.fromHeader(
    corpusHeader('vlass-ql-sin/VLASS1.1.ql.T29t05.J110448+763000.10.2048.v1.I.iter1.image.pbcor.tt0.subim.fits.header'),
  );
  assert.equal(w.naxis, 4);
  assert.equal(w.projectionCode, 'SIN');
  assert.deepEqual(w.frame, { system: 'equatorial', radesys: 'FK5', equinox: 2000, icrsCompatible: true });
  assert.equal(w.spectralAxis, 2);
  assert.equal(w.stokesAxis, 3);
  assert.ok(w.axes[2].degenerate && w.axes[3].degenerate);
  const lines = readFileSync(corpusPath('wcs', 'vlass-ql-sin', 'pixel_world_pairs.csv'), 'utf8')
    .trim()
    .split('\n');
  assert.equal(lines[0], 'gaus_id,xposn_0based,yposn_0based,fits_pix1,fits_pix2,ra_deg,dec_deg');
  const rows = lines.slice(1).map((l) => l.split(',').map(Number));
  assert.equal(rows.length, 126);
  let worstDeg = 0;
  let worstPix = 0;
  for (const [, x0, y0, , , ra, dec] of rows) {
    const [lon, lat] = w.pixelToWorld(x0, y0);
    worstDeg = Math.max(worstDeg, separationDeg(lon, lat, ra, dec));
    const [x, y] = w.worldToPixel(ra, dec);
    worstPix = Math.max(worstPix, Math.abs(x - x0), Math.abs(y - y0));
  }
  assert.ok(worstDeg < 1e-9, `worst ${worstDeg * 3600} arcsec`);
  assert.ok(worstPix < 1e-6, `worst ${worstPix} pixel`);
  // The N-D path gives the same sky position and the spectral value CRVAL3 on the first plane.
  const world = w.pixelToWorldN([rows[0][1], rows[0][2], 0, 0]);
  assert.ok(separationDeg(world[0], world[1], rows[0][5], rows[0][6]) < 1e-9);
  assert.equal(world[2], 3e9);
  assert.equal(world[3], 1);
});

test('1904-66 maps: FITS pixel (97, 97) -> (285.0, -66.25) to 0.1 deg and back, for every supported projection', () => {
  const passed: string[] = [];
  for (const p of MAPS) {
    const header = corpusHeader(`astropy/data/maps/1904-66_${p}.hdr`);
    if (UNSUPPORTED.has(p)) {
      assert.throws(
        () => Wcs.fromHeader(header),
        (e: unknown) => e instanceof WcsError && /CSC is not supported/.test(e.message),
      );
      continue;
    }
    const w = Wcs.fromHeader(header);
    const [lon, lat] = w.pixelToWorld(96, 96);
    assert.ok(Math.abs(lon - 285.0) < 0.1 && Math.abs(lat + 66.25) < 0.1, `${p}: ${lon} ${lat}`);
    const [x, y] = w.worldToPixel(lon, lat);
    assert.ok(Math.abs(x - 96) < 1e-6 && Math.abs(y - 96) < 1e-6, `${p}: back to ${x} ${y}`);
    const [x2, y2] = w.worldToPixel(285.0, -66.25);
    assert.equal(Math.round(x2 + 1), 97, p);
    assert.equal(Math.round(y2 + 1), 97, p);
    passed.push(p);
  }
  assert.equal(passed.length, 27);
  assert.deepEqual(
    passed.filter((p) => !SUPPORTED_PROJECTIONS.includes(p)),
    [],
  );
});

test('3d_cd.hdr: CD matrix over RA/DEC/AWAV with default CRPIX/CRVAL; AWAV in nm read as metres', () => {
  const w = Wcs.fromHeader(corpusHeader('astropy/data/3d_cd.hdr'));
  assert.equal(w.naxis, 3);
  assert.equal(w.spectralAxis, 2);
  assert.equal(w.axes[2].unit, 'm');
  assert.equal(w.lonpole, 180);
  assert.equal(w.frame?.radesys, 'ICRS');
  // astropy 5.2.1: all_pix2world([[1,1,1],[10,10,10]], 1) (FITS 1-based).
  const a = w.pixelToWorldN([0, 0, 0]);
  assert.ok(Math.abs(a[0] - 359.9999216) < 1e-9 && Math.abs(a[1] - 4e-6) < 1e-12);
  assert.ok(Math.abs(a[2] - 2e-10) < 1e-22);
  const b = w.pixelToWorldN([9, 9, 9]);
  assert.ok(Math.abs(b[0] - 359.999216) < 1e-9 && Math.abs(b[1] - 3.999999999621363e-5) < 1e-12);
  assert.ok(Math.abs(b[2] - 2e-9) < 1e-21);
  const back = w.worldToPixelN(b);
  for (const v of back) assert.ok(Math.abs(v - 9) < 1e-8);
});

test('outside_sky.hdr: slant SIN pixels beyond the horizon are NaN, never an exception; on-sky points round-trip', () => {
  const w = Wcs.fromHeader(corpusHeader('astropy/data/outside_sky.hdr'));
  assert.equal(w.frame?.radesys, 'FK5'); // EPOCH 2000 read as EQUINOX
  assert.ok(w.diagnostics.some((d) => d.code === 'WCS_LEGACY_KEYWORD'));
  // astropy gives NaN at FITS (1, 1) and (1, 10).
  for (const [x, y] of [
    [0, 0],
    [0, 9],
    [2047, 0],
  ]) {
    const [lon, lat] = w.pixelToWorld(x, y);
    assert.ok(Number.isNaN(lon) && Number.isNaN(lat), `${x},${y}`);
  }
  const [lon, lat] = w.pixelToWorld(1024, 1024);
  assert.ok(Math.abs(lon - 79.95701) < 1e-9 && Math.abs(lat + 45.779) < 1e-9);
  const [x, y] = w.worldToPixel(lon + 1, lat + 1);
  const [lon2, lat2] = w.pixelToWorld(x, y);
  assert.ok(separationDeg(lon + 1, lat + 1, lon2, lat2) < 1e-10);
  // The far side of the sphere cannot be projected.
  const [fx, fy] = w.worldToPixel(lon + 180, -lat);
  assert.ok(Number.isNaN(fx) && Number.isNaN(fy));
});

test('defunct_keywords.hdr: PC00i00j read as PCi_j (with a warning), values as astropy', () => {
  const w = Wcs.fromHeader(corpusHeader('astropy/data/defunct_keywords.hdr'));
  assert.ok(w.diagnostics.some((d) => d.code === 'WCS_LEGACY_KEYWORD'));
  assert.equal(w.matrix[0], -6.94444461259981e-5);
  const [lon, lat] = w.pixelToWorld(0, 0);
  assert.ok(Math.abs(lon - 206.4845134176257) < 1e-9 && Math.abs(lat + 29.028825942962253) < 1e-9);
  const [lon2, lat2] = w.pixelToWorld(9, 9);
  assert.ok(Math.abs(lon2 - 206.48379025417157) < 1e-9 && Math.abs(lat2 + 29.028208832001024) < 1e-9);
});

test('nonstandard_units.hdr: a velocity unit on DEC and Hz on AWAV are rejected, as wcslib does', () => {
  const r = Wcs.tryFromHeader(corpusHeader('astropy/data/nonstandard_units.hdr'));
  assert.equal(r.wcs, null);
  const bad = r.diagnostics.filter((d) => d.code === 'WCS_BAD_UNITS');
  assert.equal(bad.length, 2);
  assert.match(bad[0].message, /CUNIT2 = 'M\/S' is not an angle/);
  assert.match(bad[1].message, /CUNIT3 = 'HZ' does not fit AWAV/);
});

test('2wcses.hdr: ZPN primary with CD matrix and the alternate A description', () => {
  const header = corpusHeader('astropy/data/2wcses.hdr');
  const w = Wcs.fromHeader(header);
  assert.equal(w.projectionCode, 'ZPN');
  // RADESYSA belongs to the alternate; the primary has EQUINOX 2000 so defaults to FK5 (Paper II §3.1).
  assert.equal(w.frame?.radesys, 'FK5');
  const [lon, lat] = w.pixelToWorld(0, 0);
  assert.ok(Math.abs(lon - 292.49928115994754) < 1e-9 && Math.abs(lat - 18.54725445442584) < 1e-9);
  const [lon2, lat2] = w.pixelToWorld(9, 9);
  assert.ok(Math.abs(lon2 - 292.49840289750847) < 1e-9 && Math.abs(lat2 - 18.546439546202606) < 1e-9);
  const [x, y] = w.worldToPixel(lon2, lat2);
  assert.ok(Math.abs(x - 9) < 1e-6 && Math.abs(y - 9) < 1e-6);
});

test('unit.hdr: GLON/GLAT CAR with a km/s VRAD axis (galactic frame, no RADESYS)', () => {
  const w = Wcs.fromHeader(corpusHeader('astropy/data/unit.hdr'));
  assert.deepEqual(w.frame, { system: 'galactic', radesys: undefined, equinox: undefined, icrsCompatible: false });
  assert.equal(w.axes[2].unit, 'm/s');
  const a = w.pixelToWorldN([0, 0, 0]);
  assert.ok(Math.abs(a[0] - 49.87288633333336) < 1e-9 && Math.abs(a[1] + 0.9566666666666666) < 1e-9);
  assert.ok(Math.abs(a[2] + 12000) < 1e-6);
  assert.ok(Math.abs(w.spectralPixelToWorld(9) + 7500) < 1e-6);
  assert.ok(Math.abs(w.spectralWorldToPixel(-7500) - 9) < 1e-9);
});

test('legacy NCP equals SIN with PV2_2 = cot(dec0); CROTA2 equals the equivalent CD matrix', () => {
  const base = { NAXIS: 2, CRPIX1: 50, CRPIX2: 60, CDELT1: -0.01, CDELT2: 0.01, CRVAL1: 150, CRVAL2: 40 };
  const ncp = Wcs.fromHeader(headerFromRecord({ ...base, CTYPE1: 'RA---NCP', CTYPE2: 'DEC--NCP' }));
  const cot = 1 / Math.tan((40 * Math.PI) / 180);
  const sin = Wcs.fromHeader(
    headerFromRecord({ ...base, CTYPE1: 'RA---SIN', CTYPE2: 'DEC--SIN', PV2_1: 0, PV2_2: cot }),
  );
  const rho = 20;
  const c = Math.cos((rho * Math.PI) / 180);
  const s = Math.sin((rho * Math.PI) / 180);
  const crota = Wcs.fromHeader(headerFromRecord({ ...base, CTYPE1: 'RA---TAN', CTYPE2: 'DEC--TAN', CROTA2: rho }));
  const cd = Wcs.fromHeader(
    headerFromRecord({
      ...base,
      CTYPE1: 'RA---TAN',
      CTYPE2: 'DEC--TAN',
      CD1_1: -0.01 * c,
      CD1_2: -0.01 * s,
      CD2_1: -0.01 * s,
      CD2_2: 0.01 * c,
    }),
  );
  for (const [x, y] of [
    [0, 0],
    [120, 10],
    [49, 59],
  ]) {
    const a = ncp.pixelToWorld(x, y);
    const b = sin.pixelToWorld(x, y);
    assert.ok(separationDeg(a[0], a[1], b[0], b[1]) < 1e-12);
    const p = crota.pixelToWorld(x, y);
    const q = cd.pixelToWorld(x, y);
    assert.ok(separationDeg(p[0], p[1], q[0], q[1]) < 1e-12);
  }
});

test('DEC-first axis order: pixel axes follow the header, world output is always (lon, lat)', () => {
  const common = { NAXIS: 2, CRPIX1: 10, CRPIX2: 20, CRVAL1: 30, CRVAL2: 200, CDELT1: 0.5, CDELT2: -0.5 };
  const swapped = Wcs.fromHeader(headerFromRecord({ ...common, CTYPE1: 'DEC--TAN', CTYPE2: 'RA---TAN' }));
  const normal = Wcs.fromHeader(
    headerFromRecord({
      NAXIS: 2,
      CTYPE1: 'RA---TAN',
      CTYPE2: 'DEC--TAN',
      CRPIX1: 10,
      CRPIX2: 20,
      CRVAL1: 200,
      CRVAL2: 30,
      PC1_1: 0,
      PC1_2: -0.5,
      PC2_1: 0.5,
      PC2_2: 0,
    }),
  );
  assert.equal(swapped.lonAxis, 1);
  assert.equal(swapped.latAxis, 0);
  for (const [x, y] of [
    [0, 0],
    [30, 5],
  ]) {
    const a = swapped.pixelToWorld(x, y);
    const b = normal.pixelToWorld(x, y);
    assert.ok(separationDeg(a[0], a[1], b[0], b[1]) < 1e-12, `${a} vs ${b}`);
    const n = swapped.pixelToWorldN([x, y]);
    assert.ok(Math.abs(n[1] - a[0]) < 1e-12 && Math.abs(n[0] - a[1]) < 1e-12);
  }
});

test('an alternate description (A) is read from the keywords with that suffix (Paper I §2.2)', () => {
  const h = headerFromRecord({
    NAXIS: 2,
    CTYPE1: 'RA---TAN',
    CTYPE2: 'DEC--TAN',
    CRVAL1: 10,
    CRVAL2: 20,
    CTYPE1A: 'RA---SIN',
    CTYPE2A: 'DEC--SIN',
    CRVAL1A: 11,
    CRVAL2A: 21,
    CRPIX1A: 1,
    CRPIX2A: 1,
  });
  const a = Wcs.fromHeader(h, { alt: 'A' });
  assert.equal(a.alt, 'A');
  assert.equal(a.projectionCode, 'SIN');
  const [lon, lat] = a.pixelToWorld(0, 0);
  assert.ok(Math.abs(lon - 11) < 1e-12 && Math.abs(lat - 21) < 1e-12);
});
