// The deepest HiPS order for a pixel scale. HiPS 1.0 §4.2.1 ("Deepest HiPS order"): it "may be chosen as the first
// HEALPix order under the original pixel angular resolution"; with 2^S-pixel tiles the cells inside a tile of
// order K are of order K + S, of mean size θ = sqrt(4π / (12 · 4^(K+S))) (Table 1 of the spec). We take the smallest K
// whose cell size is at or below the images' pixel scale: VLASS Quick Look (1"/px, 512-px tiles) → K = 9 (0.805"),
// like the seed's VLASS HiPS. Never below 3, so that Norder3 (Allsky, hips_order_min) exists.
import { nside2resol } from '@obscura/sky';

export const MIN_HIPS_ORDER = 3;

/** Mean angular size (degrees) of the pixels of a tile of `order` with `width`-pixel tiles. */
export function hipsPixelSize(order: number, width = 512): number {
  return (nside2resol(width * 2 ** order) * 180) / Math.PI;
}

/** The tile order for images of `pixelScaleDeg` degrees per pixel (smallest order with pixels at or below it). */
export function orderForPixelScale(pixelScaleDeg: number, width = 512): number {
  if (!(pixelScaleDeg > 0)) throw new RangeError(`pixel scale must be > 0 degrees, got ${pixelScaleDeg}`);
  const maxOrder = 24 - Math.log2(width);
  let k = MIN_HIPS_ORDER;
  while (k < maxOrder && hipsPixelSize(k, width) > pixelScaleDeg) k++;
  return k;
}
