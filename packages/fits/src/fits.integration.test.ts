// Interoperability with astropy.io.fits (Debian python3-astropy via /usr/bin/python3).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runPython, withTempDir } from '@obscura/testkit';
import { openFits } from './file.ts';
import { Header } from './header.ts';
import { readImage, readImageSection } from './image.ts';
import { columnValues, readTable } from './table.ts';
import { encodeBinaryTable } from './table-write.ts';
import { encodeImageHdu, writeFits } from './write.ts';

const DUMP = `
import sys, json, warnings
import numpy as np
from astropy.io import fits
warnings.simplefilter('error')  # any astropy verification warning fails the test
out = []
with fits.open(sys.argv[1]) as hl:
    hl.verify('exception')
    for h in hl:
        item = {'type': type(h).__name__, 'cards': {k: (v if not isinstance(v, bool) else ('T' if v else 'F')) for k, v in h.header.items() if k not in ('COMMENT', 'HISTORY', '')}}
        item['history'] = [str(x) for x in h.header.get('HISTORY', [])]
        if isinstance(h, fits.BinTableHDU):
            item['columns'] = {c.name: [x.tolist() if hasattr(x, 'tolist') else x for x in h.data[c.name]] for c in h.columns}
        elif h.data is not None:
            item['dtype'] = str(h.data.dtype)
            item['shape'] = list(h.data.shape)
            item['data'] = h.data.ravel().tolist()
        out.append(item)
print(json.dumps(out, default=str))
`;

test('astropy reads what we write: every BITPIX as IMAGE HDUs, and a BINTABLE, with header cards', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'ours.fits');
    const n = 12;
    const images = [
      Float32Array.from({ length: n }, (_, i) => i * 0.5 - 1),
      Float64Array.from({ length: n }, (_, i) => Math.PI * i),
      Int16Array.from({ length: n }, (_, i) => i * 1000 - 5000),
      Int32Array.from({ length: n }, (_, i) => i * 100000 - 2),
      Uint8Array.from({ length: n }, (_, i) => i * 20),
      Uint16Array.from({ length: n }, (_, i) => 60000 + i),
    ];
    const long = 'a long history-like string value that needs CONTINUE cards to fit in a FITS header, really long';
    const header = new Header()
      .set('OBJECT', "M82 'starburst'", 'with quotes')
      .set('CRVAL1', 148.96845833, '[deg]')
      .set('LONGSTR', long)
      .set('ESO DET CHIP NAME', 'CCD-1')
      .add({ keyword: 'HISTORY', comment: 'written by @obscura/fits' });
    const hdus = images.map((data, i) =>
      encodeImageHdu(header, data, { primary: i === 0, axes: [4, 3], extend: i === 0 }),
    );
    hdus.push(
      encodeBinaryTable(
        [
          { name: 'name', format: '10A', values: ['VLASS', 'RACS'] },
          { name: 'flux', format: 'E', unit: 'mJy', values: [1.5, 2.25] },
          { name: 'id', format: 'K', values: [2n ** 40n, 7n] },
          { name: 'ok', format: 'L', values: [true, false] },
          {
            name: 'xyz',
            format: '3D',
            values: [
              [1, 2, 3],
              [4, 5, 6],
            ],
          },
        ],
        { extname: 'CAT' },
      ),
    );
    await writeFits(path, hdus);
    const py = JSON.parse(runPython(DUMP, [path])) as Array<Record<string, unknown>>;
    assert.equal(py.length, 7);
    assert.deepEqual(
      py.map((h) => h.type),
      ['PrimaryHDU', 'ImageHDU', 'ImageHDU', 'ImageHDU', 'ImageHDU', 'ImageHDU', 'BinTableHDU'],
    );
    assert.deepEqual(
      py.slice(0, 6).map((h) => h.dtype),
      ['>f4', '>f8', '>i2', '>i4', 'uint8', 'uint16'],
    );
    images.forEach((data, i) => {
      assert.deepEqual(py[i].shape, [3, 4]);
      assert.deepEqual(py[i].data, [...data]);
      const cards = py[i].cards as Record<string, unknown>;
      assert.equal(cards.OBJECT, "M82 'starburst'");
      assert.equal(cards.CRVAL1, 148.96845833);
      assert.equal(cards.LONGSTR, long);
      assert.equal(cards['ESO DET CHIP NAME'], 'CCD-1');
      assert.deepEqual(py[i].history, ['written by @obscura/fits']);
    });
    const t = py[6].columns as Record<string, unknown[]>;
    assert.deepEqual(t.name, ['VLASS', 'RACS']);
    assert.deepEqual(t.flux, [1.5, 2.25]);
    assert.deepEqual(t.id, [2 ** 40, 7]);
    assert.deepEqual(t.ok, [true, false]);
    assert.deepEqual(t.xyz, [
      [1, 2, 3],
      [4, 5, 6],
    ]);
    assert.equal((py[6].cards as Record<string, unknown>).EXTNAME, 'CAT');
  });
});

test('we read what astropy writes: scaled int16, uint16, float64 cube, BINTABLE, checksums, gzip', async () => {
  await withTempDir(async (dir) => {
    const script = `
import sys, numpy as np
from astropy.io import fits
d = sys.argv[1]
cube = np.arange(5*6*7, dtype='>f8').reshape(5, 6, 7) / 3
prim = fits.PrimaryHDU(cube)
prim.header['TELESCOP'] = ('EVLA', 'a comment')
prim.header['LONGVAL'] = 'x' * 150
prim.header['HIERARCH ESO TEL AIRM START'] = 1.234
prim.header.add_history('made by astropy')
scaled = fits.ImageHDU(np.array([[0.0, 1.5], [3.0, 4.5]]), name='SCALED')
scaled.scale('int16', bscale=1.5, bzero=0.0)
unsigned = fits.ImageHDU(np.array([0, 1, 65535], dtype=np.uint16), name='U16')
cols = [fits.Column(name='ra', format='D', array=np.array([1.5, 2.5])),
        fits.Column(name='tag', format='4A', array=np.array(['ab', 'cdef'])),
        fits.Column(name='var', format='PJ()', array=np.array([np.array([1, 2, 3]), np.array([4])], dtype=object))]
tab = fits.BinTableHDU.from_columns(cols, name='TAB')
hl = fits.HDUList([prim, scaled, unsigned, tab])
hl.writeto(d + '/astropy.fits', checksum=True)
hl.writeto(d + '/astropy.fits.gz', checksum=True)
`;
    runPython(script, [dir]);
    for (const name of ['astropy.fits', 'astropy.fits.gz']) {
      const fits = await openFits(join(dir, name));
      assert.deepEqual(
        fits.diagnostics.filter((d) => d.severity === 'error'),
        [],
      );
      assert.deepEqual(
        fits.hdus.map((h) => h.name),
        [undefined, 'SCALED', 'U16', 'TAB'],
      );
      const p = fits.hdus[0].header;
      assert.equal(p.getString('TELESCOP'), 'EVLA');
      assert.equal(p.getString('LONGVAL'), 'x'.repeat(150));
      assert.equal(p.getNumber('ESO TEL AIRM START'), 1.234);
      assert.deepEqual(p.commentary('HISTORY'), ['made by astropy']);
      const cube = await readImage(fits, fits.hdus[0]);
      assert.deepEqual(cube.axes, [7, 6, 5]);
      assert.equal(cube.data[7 * 6 * 5 - 1], (7 * 6 * 5 - 1) / 3);
      const sec = await readImageSection(fits, fits.hdus[0], { start: [1, 2, 3], end: [3, 3, 4] });
      assert.deepEqual(
        [...sec.data],
        [1 + 7 * (2 + 6 * 3), 2 + 7 * (2 + 6 * 3)].map((v) => v / 3),
      );
      const scaled = await readImage(fits, fits.hdus[1]);
      assert.deepEqual([...scaled.data], [0, 1.5, 3, 4.5]);
      const u16 = await readImage(fits, fits.hdus[2]);
      assert.ok(u16.data instanceof Uint16Array);
      assert.deepEqual([...u16.data], [0, 1, 65535]);
      const t = await readTable(fits, fits.hdus[3]);
      assert.deepEqual(columnValues(t, 'ra'), [1.5, 2.5]);
      assert.deepEqual(columnValues(t, 'tag'), ['ab', 'cdef']);
      assert.deepEqual(columnValues(t, 'var'), [[1, 2, 3], [4]]);
      const { verifyChecksum } = await import('./checksum.ts');
      for (const h of fits.hdus) {
        const r = await verifyChecksum(fits, h);
        assert.deepEqual([r.checksum, r.datasum], ['ok', 'ok'], `${name} HDU ${h.index}`);
      }
      await fits.close();
    }
  });
});
