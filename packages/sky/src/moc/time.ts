// Time MOCs (MOC 2.0 §3.2, §4.2): the index at depth 61 is the number of microseconds since JD 0 in TCB (the
// conversion of other time scales to TCB is the caller's; §4.2 recommends depth ≤ 31 (~1000 s) when the scale or
// reference position is unknown).
import { DIMENSIONS } from './dimension.ts';
import { Moc } from './moc.ts';

export const MICROSECONDS_PER_DAY = 86_400_000_000n;
/** Julian Date of MJD 0. */
export const MJD_ZERO_JD = 2_400_000.5;

/** Depth-61 index (µs since JD 0) of a Julian Date, exact to the microsecond for JD < 2^53 days. */
export function jdToTimeIndex(jd: number): bigint {
  if (!(jd >= 0) || !Number.isFinite(jd)) throw new RangeError(`a time MOC covers JD ≥ 0, got ${jd}`);
  const day = Math.floor(jd);
  const micro = Math.round((jd - day) * 86_400_000_000);
  return BigInt(day) * MICROSECONDS_PER_DAY + BigInt(micro);
}

/** Julian Date of a depth-61 index. */
export function timeIndexToJd(index: bigint): number {
  const day = index / MICROSECONDS_PER_DAY;
  return Number(day) + Number(index - day * MICROSECONDS_PER_DAY) / 86_400_000_000;
}

export function mjdToJd(mjd: number): number {
  return mjd + MJD_ZERO_JD;
}

/** Duration of one cell at `depth`, in seconds (depth 61: 1 µs; depth 31: ~1074 s). */
export function timeCellSeconds(depth: number): number {
  return 2 ** (DIMENSIONS.time.maxDepth - depth) / 1e6;
}

/** A time MOC at `depth` covering the JD intervals [start, end) (rounded outwards to whole cells). */
export function timeMocFromJdRanges(depth: number, ranges: ReadonlyArray<readonly [number, number]>): Moc {
  const pairs = new BigUint64Array(2 * ranges.length);
  ranges.forEach(([s, e], k) => {
    pairs[2 * k] = jdToTimeIndex(s);
    pairs[2 * k + 1] = jdToTimeIndex(e);
  });
  return Moc.fromMaxDepthRanges('time', depth, pairs);
}

/** A time MOC at `depth` of the cells holding the given instants (JD). */
export function timeMocFromJds(depth: number, jds: ArrayLike<number>): Moc {
  const shift = BigInt(DIMENSIONS.time.maxDepth - depth);
  const idx = new BigUint64Array(jds.length);
  for (let k = 0; k < jds.length; k++) idx[k] = jdToTimeIndex(jds[k]) >> shift;
  return Moc.fromIndices('time', depth, depth <= DIMENSIONS.time.numberMaxDepth ? Float64Array.from(idx, Number) : idx);
}

/** True when the instant `jd` falls in the time MOC. */
export function timeMocContains(moc: Moc, jd: number): boolean {
  return moc.containsIndex(jdToTimeIndex(jd), DIMENSIONS.time.maxDepth);
}

/** [start, end) JD intervals of a time MOC. */
export function timeMocToJdRanges(moc: Moc): Array<[number, number]> {
  const r = moc.rangesAtMaxDepth();
  const out: Array<[number, number]> = [];
  for (let k = 0; k < r.length; k += 2) out.push([timeIndexToJd(r[k]), timeIndexToJd(r[k + 1])]);
  return out;
}

/** Total duration covered, in days. */
export function timeMocDays(moc: Moc): number {
  return timeMocToJdRanges(moc).reduce((t, [s, e]) => t + (e - s), 0);
}
