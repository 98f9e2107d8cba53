import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { corpusPath, withTempDir } from '@obscura/testkit';
import { FitsError } from './diagnostics.ts';
import { openFits } from './file.ts';
import { Header } from './header.ts';
import { readImage, readImageSection } from './image.ts';
import { encodeImageHdu, FitsImageWriter, writeFits } from './write.ts';

const at = (f: string) => corpusPath('fits-headers', 'astropy', f);

test('scale.fits: BITPIX 16 with BSCALE/BZERO gives physical float32 values (values from astropy)', async () => {
  const fits = await openFits(at('scale.fits'));
  const img = await readImage(fits, fits.hdus[0]);
  assert.deepEqual(img.axes, [20, 21]);
  assert.ok(img.data instanceof Float32Array);
  const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-3, `${a} vs ${b}`);
  close(img.data[0], 557.7563);
  close(img.data[1], 520.0354);
  close(img.data[3], 509.82697);
  close(img.data[20 * 20 + 19], 493.347);
  const raw = await readImage(fits, fits.hdus[0], { raw: true });
  assert.ok(raw.data instanceof Int16Array);
  assert.deepEqual([...raw.data.subarray(0, 4)], [-20583, -21407, -21591, -21630]);
  await fits.close();
});

test('blank.fits: BITPIX 64 pixel equal to BLANK reads as NaN', async () => {
  const fits = await openFits(at('blank.fits'));
  const img = await readImage(fits, fits.hdus[0]);
  assert.equal(img.bitpix, 64);
  assert.ok(img.data instanceof Float64Array);
  assert.ok(Number.isNaN(img.data[0]));
  const raw = await readImage(fits, fits.hdus[0], { raw: true });
  assert.deepEqual([...(raw.data as BigInt64Array)], [2n]);
  await fits.close();
});

test('checksum.fits: int16 primary image (values from astropy)', async () => {
  const fits = await openFits(at('checksum.fits'));
  const img = await readImage(fits, fits.hdus[0]);
  assert.deepEqual(img.axes, [30, 40]);
  assert.deepEqual([...img.data.subarray(0, 5)], [7, 7, 7, 6, 6]);
  const sec = await readImageSection(fits, fits.hdus[0], { start: [0, 0], end: [5, 1] });
  assert.deepEqual([...sec.data], [7, 7, 7, 6, 6]);
  await fits.close();
});

test('writes every BITPIX and reads it back whole and by sections', async () => {
  await withTempDir(async (dir) => {
    const nx = 7;
    const ny = 5;
    const nz = 3;
    const n = nx * ny * nz;
    const arrays = [
      Uint8Array.from({ length: n }, (_, i) => i % 256),
      Int8Array.from({ length: n }, (_, i) => (i % 256) - 128),
      Int16Array.from({ length: n }, (_, i) => i * 300 - 20000),
      Uint16Array.from({ length: n }, (_, i) => 65535 - i * 100),
      Int32Array.from({ length: n }, (_, i) => i * 1e7 - 2e9),
      Uint32Array.from({ length: n }, (_, i) => 4294967295 - i * 1e7),
      BigInt64Array.from({ length: n }, (_, i) => BigInt(i) * 10n ** 15n - 2n ** 62n),
      Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 1e5),
      Float64Array.from({ length: n }, (_, i) => Math.cos(i) / 7),
    ];
    for (const data of arrays) {
      const path = join(dir, `${data.constructor.name}.fits`);
      const header = new Header().set('OBJECT', 'test').set('BUNIT', 'Jy/beam');
      await writeFits(path, [{ header, data, axes: [nx, ny, nz] }]);
      const fits = await openFits(path);
      assert.deepEqual(fits.diagnostics, [], data.constructor.name);
      const img = await readImage(fits, fits.hdus[0]);
      assert.equal(img.data.constructor, data.constructor, 'unsigned conventions give back the same array type');
      assert.deepEqual([...img.data], [...data]);
      assert.equal(fits.hdus[0].header.getString('BUNIT'), 'Jy/beam');
      // a section [2,6) x [1,4) x [1,3): 3 row runs per plane
      const sec = await readImageSection(fits, fits.hdus[0], { start: [2, 1, 1], end: [6, 4, 3] });
      assert.deepEqual(sec.axes, [4, 3, 2]);
      const want: unknown[] = [];
      for (let z = 1; z < 3; z++)
        for (let y = 1; y < 4; y++) for (let x = 2; x < 6; x++) want.push(data[x + nx * (y + ny * z)]);
      assert.deepEqual([...sec.data], want);
      // whole rows merge into longer runs
      const rows = await readImageSection(fits, fits.hdus[0], { start: [0, 2, 0], end: [nx, 4, 3] });
      assert.equal(rows.data.length, nx * 2 * 3);
      assert.equal(rows.data[0], data[nx * 2]);
      await fits.close();
    }
  });
});

test('sections are checked against the axes', async () => {
  const fits = await openFits(encodeImageHdu(undefined, new Float32Array(12), { axes: [4, 3] }));
  await assert.rejects(readImageSection(fits, fits.hdus[0], { start: [0, 0], end: [5, 1] }), FitsError);
  await assert.rejects(readImageSection(fits, fits.hdus[0], { start: [2], end: [3] }), FitsError);
});

test('FitsImageWriter streams rows, pads, and renames only on a complete image', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'stream.fits');
    const w = await FitsImageWriter.create(path, {
      axes: [100, 30],
      type: 'float32',
      header: new Header().set('BUNIT', 'K'),
    });
    for (let y = 0; y < 30; y++) await w.writeRows(Float32Array.from({ length: 100 }, (_, x) => x + 1000 * y));
    await w.close();
    const bytes = readFileSync(path);
    assert.equal(bytes.length % 2880, 0);
    const fits = await openFits(path);
    const sec = await readImageSection(fits, fits.hdus[0], { start: [10, 20], end: [12, 22] });
    assert.deepEqual([...sec.data], [20010, 20011, 21010, 21011]);
    await fits.close();

    const bad = await FitsImageWriter.create(join(dir, 'short.fits'), { axes: [10, 10], type: 'int16' });
    await bad.writeRows(new Int16Array(10));
    await assert.rejects(bad.close(), RangeError);
    await assert.rejects(openFits(join(dir, 'short.fits')), { code: 'ENOENT' });
  });
});
