// The three MOC quantities and their discretisations.
//  - space: HEALPix NESTED cells, 12 base cells, 4 children per cell, depth 0..29 (MOC 2.0 §3.1, §4.1);
//  - time: microseconds since JD 0 (TCB), 2 base cells, 2 children per cell, depth 0..61, the deepest cell index
//    being the number of µs since JD = 0 (MOC 2.0 §3.2, §4.2.1);
//  - frequency: the experimental F-MOC of cds-moc-rust / mocpy (not in MOC 2.0): the index at depth 59 is the
//    float64 bit pattern of the frequency in Hz with its 11-bit exponent re-based to 8 bits (see frequency.ts),
//    2 base cells, 2 children per cell, depth 0..59 (cds-moc-rust `qty.rs`: 4 reserved bits, MAX_DEPTH 59).

export type MocDimension = 'space' | 'time' | 'frequency';

export interface DimensionInfo {
  readonly dim: MocDimension;
  /** log2 of the number of children of a cell: 2 for HEALPix, 1 for the 1-D quantities. */
  readonly bitsPerLevel: number;
  /** Deepest depth allowed. */
  readonly maxDepth: number;
  /** Number of cells at depth 0. */
  readonly baseCells: number;
  /**
   * Deepest depth whose cell indices (and the exclusive end n_cells) are exact in a float64: 12·4^24 < 2^53 for
   * space, 2·2^52 = 2^53 for time and frequency. Deeper MOCs keep their ranges in a BigUint64Array.
   */
  readonly numberMaxDepth: number;
  /** ASCII prefix (MOC 2.0 §4.3.2 EBNF: 's', 't'; 'f' for the F-MOC as cds-moc-rust). */
  readonly prefix: 's' | 't' | 'f';
  /** FITS MOCDIM value (MOC 2.0 §6 table 3; FREQUENCY from cds-moc-rust). */
  readonly mocdim: 'SPACE' | 'TIME' | 'FREQUENCY';
  /** FITS keyword giving the depth (MOC 2.0 §6: MOCORD_S, MOCORD_T; MOCORD_F from cds-moc-rust). */
  readonly ordKeyword: 'MOCORD_S' | 'MOCORD_T' | 'MOCORD_F';
}

export const DIMENSIONS: Record<MocDimension, DimensionInfo> = {
  space: {
    dim: 'space',
    bitsPerLevel: 2,
    maxDepth: 29,
    baseCells: 12,
    numberMaxDepth: 24,
    prefix: 's',
    mocdim: 'SPACE',
    ordKeyword: 'MOCORD_S',
  },
  time: {
    dim: 'time',
    bitsPerLevel: 1,
    maxDepth: 61,
    baseCells: 2,
    numberMaxDepth: 52,
    prefix: 't',
    mocdim: 'TIME',
    ordKeyword: 'MOCORD_T',
  },
  frequency: {
    dim: 'frequency',
    bitsPerLevel: 1,
    maxDepth: 59,
    baseCells: 2,
    numberMaxDepth: 52,
    prefix: 'f',
    mocdim: 'FREQUENCY',
    ordKeyword: 'MOCORD_F',
  },
};

/** Throws a RangeError unless depth is an integer in 0..maxDepth of the dimension. */
export function checkDepth(dim: MocDimension, depth: number): void {
  const max = DIMENSIONS[dim].maxDepth;
  if (!Number.isInteger(depth) || depth < 0 || depth > max) {
    throw new RangeError(`${dim} MOC depth must be an integer in 0..${max}, got ${depth}`);
  }
}

/** Number of cells at `depth` as a number (exact when depth ≤ numberMaxDepth). */
export function cellCount(dim: MocDimension, depth: number): number {
  const d = DIMENSIONS[dim];
  return d.baseCells * 2 ** (d.bitsPerLevel * depth);
}

/** Number of cells at `depth` as a bigint. */
export function cellCountBig(dim: MocDimension, depth: number): bigint {
  const d = DIMENSIONS[dim];
  return BigInt(d.baseCells) << BigInt(d.bitsPerLevel * depth);
}
