import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { corpusPath, withTempDir } from '@obscura/testkit';
import { FitsError } from './diagnostics.ts';
import { openFits } from './file.ts';
import { readImageSection } from './image.ts';

const dir = corpusPath('fits-headers', 'astropy');
const at = (f: string) => join(dir, f);

test('lists the HDUs of every astropy test file, with kinds and data sizes (FITS 4.0 §4.4.1 eq. 1-2)', async () => {
  const expected: Record<string, Array<[string, number]>> = {
    'ascii.fits': [
      ['primary', 0],
      ['table', 80],
    ],
    'blank.fits': [['primary', 8]],
    'btable.fits': [
      ['primary', 0],
      ['bintable', 108],
    ],
    'checksum.fits': [
      ['primary', 2400],
      ['bintable', 80],
    ],
    'checksum_false.fits': [
      ['primary', 2400],
      ['bintable', 80],
    ],
    'compressed_image.fits': [
      ['primary', 0],
      ['bintable', 140],
    ],
    'group.fits': [['random-groups', 10 * 4 * (3 + 15)]],
    'history_header.fits': [['primary', 0]],
    'logical_null.fits': [
      ['primary', 0],
      ['bintable', 3],
    ],
    'scale.fits': [['primary', 840]],
    'table.fits': [
      ['primary', 0],
      ['bintable', 72],
    ],
    'tdim.fits': [
      ['primary', 0],
      ['bintable', 72],
    ],
    'variable_length_table.fits': [
      ['primary', 0],
      ['bintable', 34],
    ],
    'verify.fits': [['primary', 0]],
    'zerowidth.fits': [
      ['primary', 0],
      ['bintable', 24],
      ['bintable', 29 * 70],
      ['bintable', 20 * 48],
      ['bintable', 45 * 28],
      ['bintable', 190 * 32],
    ],
  };
  const files = readdirSync(dir).filter((f) => f.endsWith('.fits'));
  assert.equal(files.length, 15);
  for (const f of files) {
    const fits = await openFits(at(f));
    try {
      assert.deepEqual(
        fits.hdus.map((h) => [h.kind, h.dataSize]),
        expected[f],
        f,
      );
      for (const h of fits.hdus) assert.equal(h.dataOffset % 2880, 0);
      const errors = fits.diagnostics.filter((d) => d.severity === 'error');
      assert.deepEqual(errors, [], f);
    } finally {
      await fits.close();
    }
  }
});

test('verify.fits: NAXIS before BITPIX is reported, and the file still reads', async () => {
  const fits = await openFits(at('verify.fits'));
  assert.deepEqual(
    fits.diagnostics.map((d) => d.code),
    ['FITS_KEYWORD_ORDER'],
  );
  assert.equal(fits.hdus[0].header.getNumber('BITPIX'), 8);
  await fits.close();
});

test('compressed_image.fits is listed as a tile-compressed image with a diagnostic', async () => {
  const fits = await openFits(at('compressed_image.fits'));
  const h = fits.hdus[1];
  assert.equal(h.tileCompressed, true);
  assert.equal(h.name, 'COMPRESSED_IMAGE');
  assert.equal(h.header.getString('ZCMPTYPE'), 'RICE_1');
  assert.deepEqual(
    h.diagnostics.map((d) => d.code),
    ['FITS_TILE_COMPRESSED'],
  );
  await fits.close();
});

test('history_header.fits: HISTORY cards in order', async () => {
  const fits = await openFits(at('history_header.fits'));
  assert.deepEqual(fits.hdus[0].header.commentary('HISTORY'), [
    'I updated this file on 02/03/2011',
    'I updated this file on 02/04/2011',
  ]);
  await fits.close();
});

test('zerowidth.fits: extension names and a primary with NAXIS2 = 0 (no data)', async () => {
  const fits = await openFits(at('zerowidth.fits'));
  assert.deepEqual(
    fits.hdus.map((h) => h.name),
    [undefined, 'AIPS FQ', 'AIPS AN', 'AIPS WX', 'AIPS OF', 'AIPS UV'],
  );
  assert.equal(fits.hdus[0].header.getNumber('NAXIS1'), 777777701);
  await fits.close();
});

test('gzip input (magic 1f 8b) opens from a path and from bytes', async () => {
  await withTempDir(async (tmp) => {
    const gz = gzipSync(readFileSync(at('scale.fits')));
    writeFileSync(join(tmp, 'scale.fits.gz'), gz);
    for (const input of [join(tmp, 'scale.fits.gz'), new Uint8Array(gz)]) {
      const fits = await openFits(input);
      assert.equal(fits.gzip, true);
      assert.equal(fits.hdus[0].header.getNumber('NAXIS1'), 20);
      const sec = await readImageSection(fits, fits.hdus[0], { start: [0, 0], end: [4, 1] }, { raw: true });
      assert.deepEqual([...sec.data], [-20583, -21407, -21591, -21630]);
      await fits.close();
    }
  });
});

test('a file that is not FITS, or truncated, fails with a clear diagnostic', async () => {
  await assert.rejects(openFits(new TextEncoder().encode('hello world, not FITS')), (e: unknown) => {
    assert.ok(e instanceof FitsError);
    assert.equal(e.diagnostics[0].code, 'FITS_NOT_FITS');
    return true;
  });
  const cut = new Uint8Array(readFileSync(at('scale.fits'))).subarray(0, 2880 * 2 + 100);
  const fits = await openFits(cut);
  assert.ok(fits.diagnostics.some((d) => d.code === 'FITS_TRUNCATED' && d.severity === 'error'));
});
