import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseHeaderText, Wcs } from '@obscura/fits';
import { corpusPath } from '@obscura/testkit';
import { opticalHeader, type RadioImageSpec, racsHeader, vlassFileName, vlassQlHeader } from './headers.ts';

const spec: RadioImageSpec = {
  width: 2048,
  height: 2048,
  crpix1: 1861,
  crpix2: 1861,
  crval1: 148.15,
  crval2: 69.5,
  pixelArcsec: 1,
  projection: 'SIN',
  freqHz: 3e9,
  bandwidthHz: 2.071773682575e9,
  beam: { major: 2.8, minor: 2.3, pa: 30 },
  radesys: 'FK5',
  dateObs: '2019-04-13T22:38:34.125000',
  dateEnd: '2019-04-13T23:05:00.000000',
  date: '2019-06-01T00:00:00.000000',
  telescope: 'EVLA',
  instrument: 'EVLA',
  object: 'J095236+693000',
  origin: 'obscura demo',
  obsRa: 148.15,
  obsDec: 69.5,
  seed: 1,
};
const naming = { epoch: 'VLASS1.2', tile: 'T28t06', subtile: 'J095236+693000', version: 'v1' };
const realName = 'VLASS1.1.ql.T01t01.J000228-363000.10.2048.v1.I.iter1.image.pbcor.tt0.subim.fits';
const real = parseHeaderText(readFileSync(corpusPath('vlass', 'vlass2caom2', `${realName}.header`), 'utf8')).header;

test('VLASS file names follow the real pattern, image and .rms companion', () => {
  assert.equal(
    vlassFileName(naming, false),
    'VLASS1.2.ql.T28t06.J095236+693000.10.2048.v1.I.iter1.image.pbcor.tt0.subim.fits',
  );
  assert.equal(
    vlassFileName(naming, true),
    'VLASS1.2.ql.T28t06.J095236+693000.10.2048.v1.I.iter1.image.pbcor.tt0.rms.subim.fits',
  );
  assert.equal(
    realName.replace('VLASS1.1', 'x').replace('T01t01', 'x').replace('J000228-363000', 'x'),
    vlassFileName(naming, false).replace('VLASS1.2', 'x').replace('T28t06', 'x').replace('J095236+693000', 'x'),
  );
});

test('the VLASS QL header has every keyword of a real QL header (except CASA-only spectral extras)', () => {
  const ours = vlassQlHeader(spec, naming, false);
  const skip = new Set(['SIMPLE', 'BITPIX', 'NAXIS', 'EXTEND', 'ALTRVAL', 'ALTRPIX', 'VELREF', 'COMMENT', 'HISTORY']);
  const missing = real.cards.map((c) => c.keyword).filter((k) => k && !skip.has(k) && !ours.has(k));
  assert.deepEqual(missing, []);
  for (const k of ['CTYPE1', 'CTYPE2', 'CTYPE3', 'CTYPE4', 'CUNIT3', 'BUNIT', 'TELESCOP', 'SPECSYS', 'LONPOLE']) {
    assert.equal(ours.get(k), real.get(k), k);
  }
  assert.ok(Math.abs((ours.getNumber('CDELT1') ?? 0) - (real.getNumber('CDELT1') ?? 1)) < 1e-15);
  assert.equal(ours.get('CRVAL3'), real.get('CRVAL3'));
  assert.ok(Math.abs((ours.getNumber('BMAJ') ?? 0) * 3600 - 2.8) < 1e-9);
  assert.ok(ours.has('MJD-OBS') && ours.has('DATE-END') && ours.has('INSTRUME'));
  assert.deepEqual(
    Array.from({ length: 12 }, (_, i) => ours.get(`FILNAM${String(i + 1).padStart(2, '0')}`)),
    ['VLASS1', '2', 'ql', 'T28t06', 'J095236+693000', '10', '2048', 'v1', 'I', 'iter1', 'image', 'tt0'],
  );
  assert.ok(ours.commentary('COMMENT').some((c) => c.includes('Synthetic')));
});

test('the headers give working WCSs: SIN for VLASS, TAN for RACS, TAN with a CD matrix for optical', () => {
  const v = Wcs.fromHeader(vlassQlHeader(spec, naming, false));
  const [ra, dec] = v.pixelToWorld(1860, 1860); // CRPIX 1861 is 0-based 1860
  assert.ok(Math.abs(ra - 148.15) < 1e-12 && Math.abs(dec - 69.5) < 1e-12);
  const r = Wcs.fromHeader(racsHeader({ ...spec, projection: 'TAN', pixelArcsec: 2.5 }, 9000, 'RACS_0952+70A'));
  assert.equal(r.projectionCode, 'TAN');
  const o = opticalHeader({
    width: 1024,
    height: 1024,
    crpix1: 512.5,
    crpix2: 512.5,
    crval1: 149,
    crval2: 69.7,
    pixelArcsec: 0.186,
    rotation: 0.3,
    filter: 'g',
    exptime: 60,
    dateObs: '2021-03-14T03:10:00',
    magzero: 27.5,
    gain: 1.5,
    seeing: 0.9,
    airmass: 1.3,
    object: 'M82',
    origin: 'obscura demo',
    seed: 1,
  });
  const ow = Wcs.fromHeader(o);
  assert.ok(Math.abs(ow.pixelScale().mean * 3600 - 0.186) < 1e-9);
  assert.equal(o.get('FILTER'), 'g');
});
