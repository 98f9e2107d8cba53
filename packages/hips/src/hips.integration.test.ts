// End to end: synthetic VLASS-like 4-axis images (SIN, 1"/px, degenerate FREQ and STOKES axes) → buildHips on worker
// threads → checked with astropy (Debian python3-astropy, python3-astropy-healpix): our FITS tiles read; each tile
// pixel's HEALPix cell (order K+9) per the tile layout lands where the HPX-projection WCS of HiPS 2.0 §4.3.1 (wcslib)
// puts that pixel; and tile values equal the source images sampled at the pixel's sky position (astropy WCS
// world→pixel, bilinear, edge-distance-weighted mean where images overlap). Then an incremental rebuild.
import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { Header, writeFits } from '@obscura/fits';
import { pythonHas, runPython, withTempDir } from '@obscura/testkit';
import { decode } from 'fast-png';
import { buildHips } from './build.ts';
import { tilePath } from './layout.ts';
import { MANDATORY_PROPERTIES, parseProperties, property } from './properties.ts';

const N = 700;

/** A VLASS-like Quick Look image: 4 axes (RA, DEC, FREQ, STOKES), SIN, 1"/px, a smooth field plus structure. */
async function writeImage(path: string, ra: number, dec: number, seed: number): Promise<void> {
  const h = new Header()
    .set('CTYPE1', 'RA---SIN')
    .set('CTYPE2', 'DEC--SIN')
    .set('CTYPE3', 'FREQ')
    .set('CTYPE4', 'STOKES')
    .set('CRPIX1', N / 2 + 0.3)
    .set('CRPIX2', N / 2 - 0.2)
    .set('CRPIX3', 1)
    .set('CRPIX4', 1)
    .set('CRVAL1', ra)
    .set('CRVAL2', dec)
    .set('CRVAL3', 3e9)
    .set('CRVAL4', 1)
    .set('CDELT1', -1 / 3600)
    .set('CDELT2', 1 / 3600)
    .set('CDELT3', 2.07e9)
    .set('CDELT4', 1)
    .set('CUNIT1', 'deg')
    .set('CUNIT2', 'deg')
    .set('CUNIT3', 'Hz')
    .set('RADESYS', 'ICRS')
    .set('BUNIT', 'Jy/beam');
  const data = new Float32Array(N * N);
  for (let y = 0; y < N; y++) {
    for (let x = 0; x < N; x++) {
      data[y * N + x] = Math.sin((x + seed) / 17) * Math.cos(y / 29) + 0.001 * x + seed;
    }
  }
  // A blank patch (NaN) as in primary-beam-corrected images.
  for (let y = 10; y < 40; y++) for (let x = 10; x < 40; x++) data[y * N + x] = Number.NaN;
  await writeFits(path, [{ header: h, data, axes: [N, N, 1, 1] }]);
}

const CHECK = `
import sys, json, numpy as np
from astropy.io import fits
from astropy.wcs import WCS
from astropy_healpix import HEALPix
import warnings
warnings.simplefilter('ignore')
req = json.load(sys.stdin)
root, order, w = req['root'], req['order'], 512
imgs = []
for p in req['images']:
    with fits.open(p) as h:
        wcs = WCS(h[0].header).celestial
        data = h[0].data[0, 0].astype(float)
    imgs.append((wcs, data))
def bilinear(data, x, y):
    ny, nx = data.shape
    if not (-0.5 <= x <= nx - 0.5 and -0.5 <= y <= ny - 0.5): return None
    xc, yc = min(max(x, 0), nx - 1), min(max(y, 0), ny - 1)
    x0, y0 = int(np.floor(xc)), int(np.floor(yc))
    x1, y1 = min(x0 + 1, nx - 1), min(y0 + 1, ny - 1)
    fx, fy = xc - x0, yc - y0
    v = (1-fy)*((1-fx)*data[y0,x0] + fx*data[y0,x1]) + fy*((1-fx)*data[y1,x0] + fx*data[y1,x1])
    if np.isnan(v): return None
    wgt = min(x + 0.5, nx - 0.5 - x, y + 0.5, ny - 0.5 - y) + 1e-6
    return v, wgt
rng = np.random.default_rng(7)
hp = HEALPix(nside=2**order, order='nested')
out = {'compared': 0, 'maxValueErr': 0.0, 'maxWcsErrPix': 0.0, 'nanAgree': 0, 'tiles': 0}
pix_deg = np.degrees(np.sqrt(4*np.pi/(12*(w*2**order)**2)))
for npix in req['tiles']:
    d = 10000 * (npix // 10000)
    tile = fits.getdata(f'{root}/Norder{order}/Dir{d}/Npix{npix}.fits')
    assert tile.shape == (w, w) and tile.dtype.kind == 'f', tile.shape
    out['tiles'] += 1
    # The tile's HPX WCS (HiPS 2.0 sec. 4.3.1): CD = 45/w/2^K [[-1,-1],[1,-1]], CRVAL (0,0), CRPIX putting the
    # tile centre (HEALPix cell centre) at the array centre.
    r = 45.0 / w / 2**order
    t = WCS(naxis=2)
    t.wcs.ctype = ['RA---HPX', 'DEC--HPX']
    t.wcs.crval = [0, 0]
    t.wcs.cd = [[-r, -r], [r, -r]]
    t.wcs.set_pv([(2, 1, 4), (2, 2, 3)])
    t.wcs.crpix = [0, 0]
    lon_c, lat_c = hp.healpix_to_lonlat([npix])
    p0 = t.world_to_pixel_values(lon_c.deg[0], lat_c.deg[0])
    t.wcs.crpix = [(w - 1) / 2 - p0[0], (w - 1) / 2 - p0[1]]
    for _ in range(req['perTile']):
        i, j = int(rng.integers(0, w)), int(rng.integers(0, w))
        # Our layout: column i <-> face y, row j (from the bottom) <-> face x = w-1-j (tile-geometry.ts).
        lon, lat = hp.healpix_to_lonlat([npix], dx=[(w - 1 - j + 0.5) / w], dy=[(i + 0.5) / w])
        lon, lat = lon.deg[0], lat.deg[0]
        wl, wb = t.pixel_to_world_values(i, j)
        a1, b1, a2, b2 = np.radians([lon, lat, wl, wb])
        sep = np.degrees(2 * np.arcsin(np.sqrt(np.sin((b2 - b1) / 2)**2 + np.cos(b1) * np.cos(b2) * np.sin((a2 - a1) / 2)**2)))
        out['maxWcsErrPix'] = max(out['maxWcsErrPix'], sep / pix_deg)
        acc = wsum = 0.0
        for wcs, data in imgs:
            x, y = wcs.world_to_pixel_values(lon, lat)
            s = bilinear(data, float(x), float(y))
            if s: acc += s[1] * s[0]; wsum += s[1]
        v = tile[j, i]
        if wsum == 0:
            if np.isnan(v): out['nanAgree'] += 1
            else: out['mismatch'] = [npix, i, j, float(v), None]
            continue
        out['compared'] += 1
        err = abs(float(v) - acc / wsum)
        if err > out['maxValueErr']: out['maxValueErr'] = err
print(json.dumps(out))
`;

test('HiPS of 4-axis SIN images: astropy reads the tiles; geometry and values agree with astropy', async (t) => {
  if (!pythonHas('astropy_healpix')) {
    t.skip('python3-astropy-healpix is not installed (scripts/install-system-deps.sh)');
    return;
  }
  await withTempDir(async (dir) => {
    const images = [join(dir, 'a.fits'), join(dir, 'b.fits'), join(dir, 'c.fits')];
    await writeImage(images[0], 148.97, 69.68, 0);
    await writeImage(images[1], 149.05, 69.7, 1); // overlaps a
    await writeImage(images[2], 150.2, 2.2, 2); // equatorial field
    const out = join(dir, 'hips');
    const first = await buildHips({
      images: images.slice(0, 2),
      out,
      creatorDid: 'ivo://obscura.test/P/synthetic',
      obsTitle: 'synthetic',
      workers: 2,
    });
    assert.equal(first.order, 9, '1"/px → order 9 (0.805" cells)');
    assert.ok(first.tiles > 4 && first.resampled >= first.tiles, JSON.stringify(first));

    const second = await buildHips({
      images,
      out,
      creatorDid: 'ivo://obscura.test/P/synthetic',
      obsTitle: 'synthetic',
      workers: 2,
    });
    // Incremental: only the new image's tiles are resampled (it overlaps neither a nor b).
    assert.ok(second.resampled > 0 && second.resampled < second.tiles, JSON.stringify(second));
    assert.ok(second.tiles - first.tiles <= second.resampled && second.tiles > first.tiles);

    const manifest = JSON.parse(await readFile(join(out, 'hips-manifest.json'), 'utf8'));
    const tiles = Object.entries(manifest.tiles as Record<string, { empty?: boolean }>)
      .filter(([, e]) => !e.empty)
      .map(([k]) => Number(k));
    const r = JSON.parse(
      runPython(CHECK, [], JSON.stringify({ root: out, order: 9, images, tiles, perTile: 120 })),
    ) as Record<string, number>;
    assert.equal(r.mismatch, undefined, `a tile pixel has data where no image covers it: ${r.mismatch}`);
    assert.equal(r.tiles, tiles.length);
    assert.ok(r.compared > 500, JSON.stringify(r));
    // Interpolated transform nodes (resample.ts TOLERANCE 0.01 px) and float32 storage: values within 2e-3 of a
    // field of amplitude ~1 whose gradient is < 0.07 per pixel.
    assert.ok(r.maxValueErr < 2e-3, JSON.stringify(r));
    // Our cell positions sit where the spec's HPX tile WCS puts the pixels (wcslib), to a thousandth of a pixel.
    assert.ok(r.maxWcsErrPix < 1e-3, JSON.stringify(r));

    // properties: every mandatory keyword (HiPS 1.0 §4.4.1), cuts recorded.
    const props = parseProperties(await readFile(join(out, 'properties'), 'utf8'));
    for (const k of MANDATORY_PROPERTIES) assert.ok(property(props, k), `properties lacks ${k}`);
    assert.equal(property(props, 'hips_order'), '9');
    assert.equal(property(props, 'hips_order_min'), '3');
    assert.match(property(props, 'hips_pixel_cut') ?? '', /^-?[\d.e-]+ -?[\d.e-]+$/);
    // Allsky (27 × 29 cells of 64 px) in FITS and PNG, lower orders, PNG tiles.
    const allsky = decode(await readFile(join(out, 'Norder3/Allsky.png')));
    assert.deepEqual([allsky.width, allsky.height, allsky.channels], [1728, 1856, 2]);
    const meta = JSON.parse(
      runPython(
        'import sys, json\nfrom astropy.io import fits\nh = fits.open(sys.argv[1])\nm = fits.open(sys.argv[2])\n' +
          'print(json.dumps([list(h[0].data.shape), m[1].header["ORDERING"], int(m[1].header["MOCORD_S"]), len(m[1].data)]))',
        [join(out, 'Norder3/Allsky.fits'), join(out, 'Moc.fits')],
      ),
    );
    assert.deepEqual(meta.slice(0, 3), [[1856, 1728], 'NUNIQ', 9]);
    for (const o of [3, 4, 5, 6, 7, 8]) {
      const p = Math.floor(tiles[0] / 4 ** (9 - o));
      assert.ok((await stat(join(out, tilePath(o, p, 'fits')))).size > 0);
      assert.ok((await stat(join(out, tilePath(o, p, 'png')))).size > 0);
    }
  });
});
