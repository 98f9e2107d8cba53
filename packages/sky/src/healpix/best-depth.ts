// Best starting depth for a cone and the UNIQ / ZUNIQ pixel encodings.
import { MAX_ORDER } from './constants.ts';

/**
 * Smallest distance between opposite edges of a cell, approximated as K / nside radians with K = 0.6891 (the
 * asymptotic width of the narrowest cells; exact cells at orders 0..3 are up to 20 % wider, so radii within that
 * margin of a boundary may get one order less than cds-healpix-rust there).
 */
const NARROWEST_WIDTH_DEG = Float64Array.from({ length: MAX_ORDER + 1 }, (_, d) => (0.6891 / 2 ** d) * (180 / Math.PI));

/**
 * The deepest order whose narrowest cells are still at least as wide as `radiusDeg`, so a cone of that radius
 * overlaps at most 3×3 cells there (cds-healpix-rust `best_starting_depth`); 0 for larger radii. Matches the cds
 * CLI cases (1 rad, 1°, 1′, 1″, 1 mas, 0.2°).
 */
export function bestDepth(radiusDeg: number): number {
  for (let d = MAX_ORDER; d >= 0; d--) if (NARROWEST_WIDTH_DEG[d] >= radiusDeg) return d;
  return 0;
}

/** NUNIQ (MOC 2.0 §2.3.1): 4·4^order + ipix. */
export function uniq(order: number, ipix: number | bigint): bigint {
  return (4n << BigInt(2 * order)) + BigInt(ipix);
}

/** ZUNIQ (cds-healpix-rust): the nested index at order 29 of the pixel's first sub-pixel, with a sentinel bit:
 * (2·ipix + 1) · 4^(29 − order). Sorting by ZUNIQ sorts mixed-order pixels by position along the Z curve. */
export function zuniq(order: number, ipix: number | bigint): bigint {
  return ((BigInt(ipix) << 1n) | 1n) << BigInt(2 * (MAX_ORDER - order));
}

/** Inverse of zuniq: [order, ipix]. */
export function fromZuniq(z: bigint): [number, bigint] {
  let tz = 0;
  while (((z >> BigInt(tz)) & 1n) === 0n) tz++;
  return [MAX_ORDER - tz / 2, z >> BigInt(tz + 1)];
}

/** Inverse of uniq: [order, ipix]. */
export function fromUniq(u: bigint): [number, bigint] {
  let order = 0;
  while (u >= 4n << BigInt(2 * (order + 1))) order++;
  return [order, u - (4n << BigInt(2 * order))];
}
