// PNG tiles (HiPS 1.0 §4.2.1.1): 8-bit grey with an alpha channel, rows stored top-down (contrary to FITS, as the
// spec says), so PNG row r is FITS row w − 1 − r. Values are mapped linearly from hips_pixel_cut [lo, hi] to
// 0..255 (clipped); pixels without data (NaN) are fully transparent (alpha 0) so that other layers show through in
// Aladin, every other pixel opaque.
import { encode } from 'fast-png';

/** Grey level 0..255 of a value with cuts [lo, hi]. */
export function greyLevel(v: number, lo: number, hi: number): number {
  const t = (v - lo) / (hi - lo);
  return t <= 0 ? 0 : t >= 1 ? 255 : Math.round(t * 255);
}

/** Encodes FITS-ordered float pixels (width × height) as a grey+alpha PNG with the given cuts. */
export function encodeTilePng(data: Float32Array, width: number, cut: [number, number]): Uint8Array {
  const height = data.length / width;
  const ga = new Uint8Array(width * height * 2);
  const [lo, hi] = cut;
  for (let r = 0; r < height; r++) {
    const src = (height - 1 - r) * width; // PNG row r = FITS row h − 1 − r
    const dst = r * width * 2;
    for (let i = 0; i < width; i++) {
      const v = data[src + i];
      if (Number.isNaN(v)) continue; // transparent black
      ga[dst + 2 * i] = greyLevel(v, lo, hi);
      ga[dst + 2 * i + 1] = 255;
    }
  }
  return encode({ width, height, data: ga, channels: 2, depth: 8 });
}
