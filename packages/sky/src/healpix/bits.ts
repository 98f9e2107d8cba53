// Bit interleaving for the NESTED scheme (Górski et al. 2005 §4: the nested index of a pixel inside its base face is
// the Morton/Z-order code of its (ix, iy) coordinates, ix on the even bits and iy on the odd bits).
// Everything here stays in 32-bit integer arithmetic plus exact float multiplications below 2^53, so no BigInt.

/** SPREAD[b] = the 8 bits of b moved to the even positions of a 16-bit value. */
const SPREAD = new Uint16Array(256);
/** COMPACT[b] = the even bits of the 8-bit value b packed into 4 bits (b & 0x55 → nibble). */
const COMPACT = new Uint8Array(256);
for (let b = 0; b < 256; b++) {
  let s = 0;
  let c = 0;
  for (let k = 0; k < 8; k++) {
    if (b & (1 << k)) s |= 1 << (2 * k);
    if (k % 2 === 0 && b & (1 << k)) c |= 1 << (k / 2);
  }
  SPREAD[b] = s;
  COMPACT[b] = c;
}

/** Spreads the low 16 bits of v to the even bits of a 32-bit unsigned value. */
export function spread16(v: number): number {
  return (SPREAD[v & 0xff] | (SPREAD[(v >>> 8) & 0xff] << 16)) >>> 0;
}

/** Packs the even bits of a 32-bit unsigned value into 16 bits. */
export function compact32(v: number): number {
  return (
    COMPACT[v & 0x55] |
    (COMPACT[(v >>> 8) & 0x55] << 4) |
    (COMPACT[(v >>> 16) & 0x55] << 8) |
    (COMPACT[(v >>> 24) & 0x55] << 12)
  );
}

const TWO32 = 4294967296;

/**
 * Morton code of (ix, iy) with ix, iy < 2^26 as a float64 (exact: the result is < 2^52).
 * ix goes to the even bits, iy to the odd bits.
 */
export function interleave(ix: number, iy: number): number {
  const lo = (spread16(ix & 0xffff) | (spread16(iy & 0xffff) << 1)) >>> 0;
  const hi = (spread16(ix >>> 16) | (spread16(iy >>> 16) << 1)) >>> 0;
  return hi * TWO32 + lo;
}

/** Low 32 bits (unsigned) of the Morton code of (ix, iy). */
export function interleaveLo(ix: number, iy: number): number {
  return (spread16(ix & 0xffff) | (spread16(iy & 0xffff) << 1)) >>> 0;
}

/** High 32 bits (unsigned) of the Morton code of (ix, iy), for ix, iy < 2^32. */
export function interleaveHi(ix: number, iy: number): number {
  return (spread16(ix >>> 16) | (spread16(iy >>> 16) << 1)) >>> 0;
}

/** Splits an unsigned 32-bit half of a Morton code back into its x part (even bits). */
export function deinterleaveX(half: number): number {
  return compact32(half >>> 0);
}

/** Splits an unsigned 32-bit half of a Morton code back into its y part (odd bits). */
export function deinterleaveY(half: number): number {
  return compact32(half >>> 1);
}

export { TWO32 };
