import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pix2ang } from '@obscura/sky';
import { corpusPath, runPython } from '@obscura/testkit';
import { allskyCell, allskyGeometry } from './allsky.ts';
import { cellTilePixel, tilePixelCell, tilePixelPosition, tileSkyPositions } from './tile-geometry.ts';

test('tile pixel ↔ HEALPix sub-cell: the HPX WCS of HiPS 2.0 §4.3.1 for tile 0/7 (corners of face 7)', () => {
  // FITS pixel (1,1) of tile 0/7 is the face's East corner (lon 315, lat 0), (512,1) its North corner (270, 41.8°),
  // (1,512) its South corner (270, −41.8°), (512,512) its West corner (225, 0): the CD matrix 45/512·[[-1,-1],[1,-1]]
  // with CRPIX (-255.5, -255.5) worked through the HPX projection. Pixel centres are half a cell inside them.
  const w = 512;
  const near = (a: [number, number], b: [number, number], tolDeg: number) =>
    assert.ok(Math.abs(a[0] - b[0]) < tolDeg && Math.abs(a[1] - b[1]) < tolDeg, `${a} vs ${b}`);
  near(tilePixelPosition(0, 7, w, 0, 0), [315, 0], 0.2);
  near(tilePixelPosition(0, 7, w, w - 1, 0), [270, 41.81], 0.2);
  near(tilePixelPosition(0, 7, w, 0, w - 1), [270, -41.81], 0.2);
  near(tilePixelPosition(0, 7, w, w - 1, w - 1), [225, 0], 0.2);
});

test('tilePixelCell is the NESTED index at order K+9 whose centre is the pixel position; cellTilePixel inverts it', () => {
  const out = new Float64Array(2);
  for (const [order, npix] of [
    [3, 357],
    [9, 1400887],
    [5, 12287],
    [0, 0],
  ]) {
    for (const [i, j] of [
      [0, 0],
      [511, 0],
      [0, 511],
      [200, 77],
      [511, 511],
    ]) {
      const cell = tilePixelCell(npix, 512, i, j);
      assert.equal(Math.floor(cell / 512 ** 2), npix, 'the cell lies inside its tile (NESTED hierarchy)');
      pix2ang(order + 9, cell, out);
      const [lon, lat] = tilePixelPosition(order, npix, 512, i, j);
      assert.ok(Math.abs(out[0] - lon) < 1e-9 && Math.abs(out[1] - lat) < 1e-9);
      assert.deepEqual(cellTilePixel(cell - npix * 512 ** 2, 512), [i, j]);
    }
  }
});

test('tileSkyPositions agrees with pix2ang of every cell of a small tile', () => {
  const w = 16;
  const lon = new Float64Array(w * w);
  const lat = new Float64Array(w * w);
  tileSkyPositions(4, 1234, w, lon, lat);
  const out = new Float64Array(2);
  for (let j = 0; j < w; j++) {
    for (let i = 0; i < w; i++) {
      pix2ang(4 + 4, tilePixelCell(1234, w, i, j), out);
      assert.ok(Math.abs(out[0] - lon[j * w + i]) < 1e-9 && Math.abs(out[1] - lat[j * w + i]) < 1e-9);
    }
  }
});

// The corpus Allsky of a real HipsGen survey (DSS2 colour, JPEG decoded by Debian's PIL). It is a partial mirror
// (0.1 % of its pixels are not black), so it checks the Allsky layout, not the pixel order inside a tile: that is
// checked against the spec's HPX WCS above and against astropy (WCS HPX + astropy-healpix) in the integration test.
const DSS = 'aladin-lite-examples-hips/CDS_P_DSS2_color';

/** A JPEG as [width, height, grey bytes] through Debian's python3-pil. */
function decodeJpegGrey(path: string): { width: number; height: number; grey: Uint8Array } {
  const out = runPython(
    'import sys, base64\nfrom PIL import Image\nim = Image.open(sys.argv[1]).convert("L")\n' +
      'print(im.width, im.height)\nprint(base64.b64encode(im.tobytes()).decode())',
    [path],
  ).split('\n');
  const [width, height] = out[0].split(' ').map(Number);
  return { width, height, grey: new Uint8Array(Buffer.from(out[1], 'base64')) };
}

test('corpus DSS2 Norder3/Allsky.jpg: 27 tiles per row, 29 rows of 64 px; cell 357 is Npix357.jpg reduced 8×', () => {
  const all = decodeJpegGrey(corpusPath('hips', `${DSS}/Norder3/Allsky.jpg`));
  const g = allskyGeometry(3);
  assert.deepEqual([all.width, all.height], [g.width, g.height]);
  assert.deepEqual([g.columns, g.rows], [27, 29]);
  assert.deepEqual(allskyCell(767), [11 * 64, 28 * 64]);
  const tile = decodeJpegGrey(corpusPath('hips', `${DSS}/Norder3/Dir0/Npix357.jpg`));
  assert.deepEqual([tile.width, tile.height], [512, 512]);
  // Mean absolute difference between the 8×8-reduced tile and each Allsky cell: smallest at cell 357.
  const small = new Float64Array(64 * 64);
  for (let r = 0; r < 512; r++)
    for (let c = 0; c < 512; c++) small[(r >> 3) * 64 + (c >> 3)] += tile.grey[r * 512 + c] / 64;
  const diff = (n: number) => {
    const [x0, y0] = allskyCell(n);
    let s = 0;
    for (let r = 0; r < 64; r++)
      for (let c = 0; c < 64; c++) s += Math.abs(all.grey[(y0 + r) * all.width + x0 + c] - small[r * 64 + c]);
    return s / 4096;
  };
  const d357 = diff(357);
  let best = 357;
  for (let n = 0; n < 768; n++) if (diff(n) < diff(best)) best = n;
  assert.equal(best, 357, `cell 357 differs by ${d357} grey levels`);
  assert.ok(d357 < 6, `cell 357 differs by ${d357} grey levels`);
});
