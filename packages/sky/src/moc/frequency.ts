// Frequency MOCs: the experimental F-MOC of cds-moc-rust (`qty.rs` Frequency::freq2hash / hash2freq) and mocpy's
// FrequencyMOC; not part of MOC 2.0. A frequency in Hz is a positive float64: 1 sign bit (0), an 11-bit biased
// exponent, 52 mantissa bits. Keeping the mantissa and re-basing the exponent to 8 bits (exponent − 929, i.e.
// binary exponents −94..161) gives a 60-bit integer whose order is the order of the frequencies: the depth-59 index
// (2 base cells, 1 bit per level, 59 levels = 60 bits). Frequencies from 2^−94 ≈ 5.05e−29 Hz (inclusive) to
// 2^162 ≈ 5.85e48 Hz (exclusive) are representable.
import { DIMENSIONS } from './dimension.ts';
import { Moc } from './moc.ts';

/** Smallest frequency a F-MOC can hold, in Hz (float64 with biased exponent 929). */
export const FREQ_MIN_HZ = 2 ** -94;
/** Exclusive upper bound of the F-MOC frequencies, in Hz (biased exponent 1185). */
export const FREQ_MAX_HZ = 2 ** 162;

const EXPONENT_OFFSET = 929n;
const MANTISSA_MASK = (1n << 52n) - 1n;
const VIEW = new DataView(new ArrayBuffer(8));

/** Depth-59 F-MOC index of a frequency in Hz. Throws outside [FREQ_MIN_HZ, FREQ_MAX_HZ). */
export function frequencyToIndex(hz: number): bigint {
  if (!(hz >= FREQ_MIN_HZ && hz < FREQ_MAX_HZ)) {
    throw new RangeError(`frequency ${hz} Hz is outside the F-MOC range [${FREQ_MIN_HZ}, ${FREQ_MAX_HZ})`);
  }
  VIEW.setFloat64(0, hz);
  const bits = VIEW.getBigUint64(0);
  const exponent = bits >> 52n;
  return ((exponent - EXPONENT_OFFSET) << 52n) | (bits & MANTISSA_MASK);
}

/** Frequency in Hz of a depth-59 F-MOC index (the lower edge of that cell). Index 2^60 gives FREQ_MAX_HZ. */
export function indexToFrequency(index: bigint): number {
  const exponent = (index >> 52n) + EXPONENT_OFFSET;
  VIEW.setBigUint64(0, (exponent << 52n) | (index & MANTISSA_MASK));
  return VIEW.getFloat64(0);
}

/** A frequency MOC at `depth` covering the [fmin, fmax) Hz intervals (rounded outwards to whole cells). */
export function frequencyMocFromRanges(depth: number, ranges: ReadonlyArray<readonly [number, number]>): Moc {
  const pairs = new BigUint64Array(2 * ranges.length);
  ranges.forEach(([lo, hi], k) => {
    pairs[2 * k] = frequencyToIndex(lo);
    pairs[2 * k + 1] = hi >= FREQ_MAX_HZ ? 1n << 60n : frequencyToIndex(hi);
  });
  return Moc.fromMaxDepthRanges('frequency', depth, pairs);
}

/** A frequency MOC at `depth` of the cells holding the given frequencies (Hz). */
export function frequencyMocFromValues(depth: number, hz: ArrayLike<number>): Moc {
  const shift = BigInt(DIMENSIONS.frequency.maxDepth - depth);
  const idx = new BigUint64Array(hz.length);
  for (let k = 0; k < hz.length; k++) idx[k] = frequencyToIndex(hz[k]) >> shift;
  return Moc.fromIndices(
    'frequency',
    depth,
    depth <= DIMENSIONS.frequency.numberMaxDepth ? Float64Array.from(idx, Number) : idx,
  );
}

export function frequencyMocContains(moc: Moc, hz: number): boolean {
  if (!(hz >= FREQ_MIN_HZ && hz < FREQ_MAX_HZ)) return false;
  return moc.containsIndex(frequencyToIndex(hz), DIMENSIONS.frequency.maxDepth);
}

/** [fmin, fmax) Hz intervals of a frequency MOC. */
export function frequencyMocToRanges(moc: Moc): Array<[number, number]> {
  const r = moc.rangesAtMaxDepth();
  const out: Array<[number, number]> = [];
  for (let k = 0; k < r.length; k += 2) out.push([indexToFrequency(r[k]), indexToFrequency(r[k + 1])]);
  return out;
}
