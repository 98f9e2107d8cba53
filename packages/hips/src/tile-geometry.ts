// Where each pixel of a HiPS tile is on the sky.
//
// HiPS 1.0 §4.2.1: a tile of order K holds the 2^S × 2^S HEALPix cells of order K + S inside the tile's own cell
// (S = 9 for 512-pixel tiles), NESTED scheme. The placement of the cells in the tile's pixel array is shown only in
// the spec's Figure 9; it is stated exactly by the HPX-projection WCS that HiPS 2.0 §4.3.1 ("WCS solution for FITS
// tiles") gives for tile 0/7: CRPIX = (-255.5, -255.5), CD = 45/512 · [[-1, -1], [1, -1]], CRVAL = (0, 0). Working
// that WCS through (FITS pixel (1,1) lands on the face's East corner, (512,1) on its North corner) gives, for the
// 0-based FITS pixel (i, j) — i the column (NAXIS1), j the row counted from the BOTTOM as FITS stores it — the
// HEALPix face coordinates (Górski et al. 2005 §4: x towards North-East, y towards North-West):
//
//     ix = tileX · w + (w − 1 − j)        iy = tileY · w + i
//
// where (face, tileX, tileY) = nest2xyf(K, N) and w the tile width; the cell's NESTED index at order K + S is
// N · w² + interleave(w − 1 − j, i). PNG/JPEG store rows top-down (§4.2.1.1), so a PNG row r (from the top) is
// FITS row w − 1 − r: ix = tileX · w + r, iy = tileY · w + i. Checked against the corpus Allsky (tile edges continue
// across neighbouring tiles: tile-geometry.test.ts) and against astropy's HPX WCS + astropy-healpix (integration).
import { nest2xyf, xyf2ang } from '@obscura/sky';

const XYF = new Int32Array(3);

/** Morton code of (x, y) < 2^15: x on the even bits, y on the odd bits (Górski et al. 2005 §4, NESTED). */
function interleave(x: number, y: number): number {
  let v = 0;
  for (let b = 0; b < 15; b++) v |= (((x >>> b) & 1) << (2 * b)) | (((y >>> b) & 1) << (2 * b + 1));
  return v >>> 0;
}
const LL = new Float64Array(2);

/** NESTED index at order K + log2(w) of the FITS tile pixel (i, j) (j from the bottom) of tile K/N. */
export function tilePixelCell(npix: number, width: number, i: number, j: number): number {
  return npix * width * width + interleave(width - 1 - j, i);
}

/** Inverse of tilePixelCell: the FITS pixel [i, j] of a sub-cell offset (0 ≤ sub < w²) inside its tile. */
export function cellTilePixel(sub: number, width: number): [number, number] {
  let ix = 0;
  let iy = 0;
  for (let b = 0; 1 << b < width; b++) {
    ix |= ((sub >>> (2 * b)) & 1) << b;
    iy |= ((sub >>> (2 * b + 1)) & 1) << b;
  }
  return [iy, width - 1 - ix];
}

/**
 * Sky positions (degrees) of the centres of every pixel of tile K/N, in FITS order (index j·w + i, j from the
 * bottom): lon[k], lat[k]. Allocation-free; the arrays must hold w² values.
 */
export function tileSkyPositions(
  order: number,
  npix: number,
  width: number,
  lon: Float64Array,
  lat: Float64Array,
): void {
  nest2xyf(order, npix, XYF);
  const face = XYF[0];
  const x0 = XYF[1] * width;
  const y0 = XYF[2] * width;
  const inv = 1 / (width * 2 ** order);
  let k = 0;
  for (let j = 0; j < width; j++) {
    const x = (x0 + (width - 1 - j) + 0.5) * inv;
    for (let i = 0; i < width; i++) {
      xyf2ang(x, (y0 + i + 0.5) * inv, face, LL);
      lon[k] = LL[0];
      lat[k] = LL[1];
      k++;
    }
  }
}

/** Sky position of one tile pixel's centre (FITS i, j from the bottom). */
export function tilePixelPosition(order: number, npix: number, width: number, i: number, j: number): [number, number] {
  nest2xyf(order, npix, XYF);
  const inv = 1 / (width * 2 ** order);
  xyf2ang((XYF[1] * width + (width - 1 - j) + 0.5) * inv, (XYF[2] * width + i + 0.5) * inv, XYF[0], LL);
  return [LL[0], LL[1]];
}
