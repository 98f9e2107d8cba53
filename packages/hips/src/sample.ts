// Bilinear sampling of an image plane at fractional 0-based pixel coordinates (FITS pixel centres at integers).
// A position inside the image's outer pixel edges (−0.5 … n − 0.5) is interpolated from the four nearest pixel
// centres (clamped at the border); outside, or when any of the four is NaN (a blank), the sample is NaN.

/** One plane of an image: nx × ny float values, FITS order (x fastest, row 0 at the bottom). */
export interface Plane {
  nx: number;
  ny: number;
  data: Float32Array;
}

/** Bilinear value of `plane` at (x, y), or NaN outside / next to a blank. */
export function sampleBilinear(plane: Plane, x: number, y: number): number {
  const { nx, ny, data } = plane;
  if (!(x >= -0.5 && x <= nx - 0.5 && y >= -0.5 && y <= ny - 0.5)) return Number.NaN;
  const xc = x < 0 ? 0 : Math.min(x, nx - 1);
  const yc = y < 0 ? 0 : Math.min(y, ny - 1);
  const x0 = Math.floor(xc);
  const y0 = Math.floor(yc);
  const x1 = x0 + 1 < nx ? x0 + 1 : x0;
  const y1 = y0 + 1 < ny ? y0 + 1 : y0;
  const fx = xc - x0;
  const fy = yc - y0;
  const r0 = y0 * nx;
  const r1 = y1 * nx;
  const a = data[r0 + x0];
  const b = data[r0 + x1];
  const c = data[r1 + x0];
  const d = data[r1 + x1];
  return (1 - fy) * ((1 - fx) * a + fx * b) + fy * ((1 - fx) * c + fx * d);
}

/**
 * Weight of an image's sample at (x, y) where images overlap: the distance in pixels to the nearest image edge
 * (feathering, as mosaicking tools do), so that seams between overlapping images fade instead of jumping.
 */
export function edgeWeight(plane: Plane, x: number, y: number): number {
  const dx = Math.min(x + 0.5, plane.nx - 0.5 - x);
  const dy = Math.min(y + 0.5, plane.ny - 0.5 - y);
  return Math.min(dx, dy);
}
