// A MOC (MOC 2.0 §3, §7.1): a set of cells of one quantity (space, time or frequency) kept in its canonical range
// form: sorted, disjoint, non-adjacent [start, end) intervals of cell indices at the MOC's own depth (its
// resolution, MOCORD_x). The hierarchical cell view (order/index pairs, NUNIQ) and the maximal-depth ranges of the
// FITS RANGE packaging are derived from it on demand.
//
// Representation: ranges at the MOC's depth in a Float64Array while the indices are exact in a float64 (space
// depth ≤ 24, time and frequency depth ≤ 52: all the usual coverages, and the fast path for operations), else in a
// BigUint64Array. Operations between MOCs of different depths work at the deeper of the two (as cds-moc-rust and
// mocpy do; MOC 2.0 §7.3 asks the caller to degrade first when observation coverages must keep the coarser one).
import { cellCount, cellCountBig, checkDepth, DIMENSIONS, type DimensionInfo, type MocDimension } from './dimension.ts';
import {
  complementRanges,
  degradeRanges,
  intersectRanges,
  normalizeRanges,
  rangesHave,
  rangesOfIndices,
  rangesSize,
  refineRanges,
  subtractRanges,
  unionRanges,
} from './range-ops.ts';
import {
  complementRangesBig,
  degradeRangesBig,
  intersectRangesBig,
  normalizeRangesBig,
  rangesHaveBig,
  rangesOfIndicesBig,
  rangesSizeBig,
  refineRangesBig,
  subtractRangesBig,
  unionRangesBig,
} from './range-ops-big.ts';

export type RangeArray = Float64Array | BigUint64Array;

/** One order of the hierarchical view: the indices of the cells of that order, ascending. */
export interface MocOrderCells {
  order: number;
  indices: Array<number | bigint>;
}

/** A cell given by (order, index). */
export interface MocCell {
  order: number;
  index: number | bigint;
}

function usesNumbers(dim: MocDimension, depth: number): boolean {
  return depth <= DIMENSIONS[dim].numberMaxDepth;
}

function toBig(r: RangeArray): BigUint64Array {
  return r instanceof BigUint64Array ? r : BigUint64Array.from(r, (v) => BigInt(v));
}

function toNumbers(r: RangeArray): Float64Array {
  return r instanceof Float64Array ? r : Float64Array.from(r, (v) => Number(v));
}

export class Moc {
  /** Ranges at `depth`: Float64Array when depth ≤ the dimension's numberMaxDepth, else BigUint64Array. */
  readonly ranges: RangeArray;

  private constructor(
    readonly dim: MocDimension,
    readonly depth: number,
    ranges: RangeArray,
  ) {
    this.ranges = ranges;
  }

  get info(): DimensionInfo {
    return DIMENSIONS[this.dim];
  }

  /** True when the ranges are bigint (depth beyond numberMaxDepth). */
  get isBig(): boolean {
    return this.ranges instanceof BigUint64Array;
  }

  /**
   * A MOC from [start, end) index pairs at `depth`, in any order, possibly overlapping (normalised here).
   * Numbers or bigints; converted to the representation the depth calls for.
   */
  static fromRanges(dim: MocDimension, depth: number, pairs: RangeArray | ArrayLike<number> | ArrayLike<bigint>): Moc {
    checkDepth(dim, depth);
    if (pairs.length % 2 !== 0) throw new RangeError('ranges come in [start, end) pairs');
    if (usesNumbers(dim, depth)) {
      const nums = pairs instanceof Float64Array ? pairs : Float64Array.from(pairs as ArrayLike<number>, Number);
      return new Moc(dim, depth, clampNumbers(normalizeRanges(nums), cellCount(dim, depth)));
    }
    const bigs =
      pairs instanceof BigUint64Array ? pairs : BigUint64Array.from(pairs as ArrayLike<number>, (v) => BigInt(v));
    return new Moc(dim, depth, clampBig(normalizeRangesBig(bigs), cellCountBig(dim, depth)));
  }

  /** Trusts `ranges` to be normalised already and of the right representation for the depth (internal fast path). */
  static fromNormalizedRanges(dim: MocDimension, depth: number, ranges: RangeArray): Moc {
    checkDepth(dim, depth);
    return new Moc(dim, depth, usesNumbers(dim, depth) ? toNumbers(ranges) : toBig(ranges));
  }

  /** A MOC from single cell indices at `depth` (any order, duplicates allowed). */
  static fromIndices(dim: MocDimension, depth: number, indices: Float64Array | BigUint64Array | number[]): Moc {
    checkDepth(dim, depth);
    if (usesNumbers(dim, depth)) {
      const nums = indices instanceof Float64Array ? indices : Float64Array.from(indices as ArrayLike<number>, Number);
      return new Moc(dim, depth, clampNumbers(rangesOfIndices(nums), cellCount(dim, depth)));
    }
    const bigs =
      indices instanceof BigUint64Array ? indices : BigUint64Array.from(indices as ArrayLike<number>, (v) => BigInt(v));
    return new Moc(dim, depth, clampBig(rangesOfIndicesBig(bigs), cellCountBig(dim, depth)));
  }

  /**
   * A MOC from cells of mixed orders (MOC 2.0 §4.3: the hierarchical view). `depth` defaults to the deepest order
   * present; cells deeper than an explicit depth are degraded (covering).
   */
  static fromCells(dim: MocDimension, cells: Iterable<MocCell>, depth?: number): Moc {
    const list = [...cells];
    let d = depth ?? 0;
    if (depth === undefined) for (const c of list) if (c.order > d) d = c.order;
    checkDepth(dim, d);
    const bits = DIMENSIONS[dim].bitsPerLevel;
    if (usesNumbers(dim, d)) {
      const pairs = new Float64Array(2 * list.length);
      list.forEach((c, k) => {
        const i = Number(c.index);
        const f = 2 ** (bits * (d - c.order));
        if (c.order <= d) {
          pairs[2 * k] = i * f;
          pairs[2 * k + 1] = (i + 1) * f;
        } else {
          pairs[2 * k] = Math.floor(i * f);
          pairs[2 * k + 1] = Math.floor(i * f) + 1;
        }
      });
      return Moc.fromRanges(dim, d, pairs);
    }
    const pairs = new BigUint64Array(2 * list.length);
    list.forEach((c, k) => {
      const i = BigInt(c.index);
      if (c.order <= d) {
        const s = BigInt(bits * (d - c.order));
        pairs[2 * k] = i << s;
        pairs[2 * k + 1] = (i + 1n) << s;
      } else {
        const s = BigInt(bits * (c.order - d));
        pairs[2 * k] = i >> s;
        pairs[2 * k + 1] = (i >> s) + 1n;
      }
    });
    return Moc.fromRanges(dim, d, pairs);
  }

  /** The empty MOC. */
  static empty(dim: MocDimension, depth: number): Moc {
    checkDepth(dim, depth);
    return new Moc(dim, depth, usesNumbers(dim, depth) ? new Float64Array(0) : new BigUint64Array(0));
  }

  /** The MOC covering everything (the whole sky, all times, all frequencies). */
  static full(dim: MocDimension, depth: number): Moc {
    checkDepth(dim, depth);
    return usesNumbers(dim, depth)
      ? new Moc(dim, depth, Float64Array.of(0, cellCount(dim, depth)))
      : new Moc(dim, depth, BigUint64Array.of(0n, cellCountBig(dim, depth)));
  }

  /** Number of [start, end) ranges. */
  get rangeCount(): number {
    return this.ranges.length >> 1;
  }

  isEmpty(): boolean {
    return this.ranges.length === 0;
  }

  /** Number of cells at the MOC depth (a float64: approximate beyond 2^53). */
  cellsAtDepth(): number {
    return this.ranges instanceof Float64Array ? rangesSize(this.ranges) : Number(rangesSizeBig(this.ranges));
  }

  /** Fraction of the whole domain covered (sky fraction for a space MOC). */
  coverageFraction(): number {
    if (this.ranges instanceof Float64Array) return rangesSize(this.ranges) / cellCount(this.dim, this.depth);
    const total = cellCountBig(this.dim, this.depth);
    // Scale before converting so the ratio keeps ~53 bits.
    return Number((rangesSizeBig(this.ranges) << 53n) / total) / 2 ** 53;
  }

  equals(other: Moc): boolean {
    if (other.dim !== this.dim || other.depth !== this.depth || other.ranges.length !== this.ranges.length)
      return false;
    for (let i = 0; i < this.ranges.length; i++) if (this.ranges[i] !== other.ranges[i]) return false;
    return true;
  }

  /**
   * The same MOC at another depth: deeper = the same coverage expressed in finer cells; shallower = degraded, i.e.
   * the smallest MOC at that depth covering this one (every partially covered cell becomes covered).
   */
  toDepth(depth: number): Moc {
    checkDepth(this.dim, depth);
    if (depth === this.depth) return this;
    const bits = this.info.bitsPerLevel;
    const delta = Math.abs(depth - this.depth) * bits;
    if (depth > this.depth) {
      if (usesNumbers(this.dim, depth))
        return new Moc(this.dim, depth, refineRanges(toNumbers(this.ranges), 2 ** delta));
      return new Moc(this.dim, depth, refineRangesBig(toBig(this.ranges), BigInt(delta)));
    }
    if (this.ranges instanceof Float64Array) return new Moc(this.dim, depth, degradeRanges(this.ranges, 2 ** delta));
    const r = degradeRangesBig(this.ranges, BigInt(delta));
    return new Moc(this.dim, depth, usesNumbers(this.dim, depth) ? toNumbers(r) : r);
  }

  /** Degrades to a shallower depth (covering). Throws when `depth` is deeper than the MOC's. */
  degrade(depth: number): Moc {
    if (depth > this.depth) throw new RangeError(`cannot degrade a depth ${this.depth} MOC to depth ${depth}`);
    return this.toDepth(depth);
  }

  private pair(other: Moc): [RangeArray, RangeArray, number] {
    if (other.dim !== this.dim) throw new TypeError(`cannot combine a ${this.dim} MOC with a ${other.dim} MOC`);
    const d = Math.max(this.depth, other.depth);
    return [this.toDepth(d).ranges, other.toDepth(d).ranges, d];
  }

  union(other: Moc): Moc {
    const [a, b, d] = this.pair(other);
    return new Moc(
      this.dim,
      d,
      a instanceof Float64Array ? unionRanges(a, b as Float64Array) : unionRangesBig(a, b as BigUint64Array),
    );
  }

  intersection(other: Moc): Moc {
    const [a, b, d] = this.pair(other);
    return new Moc(
      this.dim,
      d,
      a instanceof Float64Array ? intersectRanges(a, b as Float64Array) : intersectRangesBig(a, b as BigUint64Array),
    );
  }

  /** This MOC minus `other`. */
  difference(other: Moc): Moc {
    const [a, b, d] = this.pair(other);
    return new Moc(
      this.dim,
      d,
      a instanceof Float64Array ? subtractRanges(a, b as Float64Array) : subtractRangesBig(a, b as BigUint64Array),
    );
  }

  /** Symmetric difference. */
  symmetricDifference(other: Moc): Moc {
    return this.union(other).difference(this.intersection(other));
  }

  /** Everything not in this MOC, at the same depth. */
  complement(): Moc {
    const r = this.ranges;
    return new Moc(
      this.dim,
      this.depth,
      r instanceof Float64Array
        ? complementRanges(r, cellCount(this.dim, this.depth))
        : complementRangesBig(r, cellCountBig(this.dim, this.depth)),
    );
  }

  /** True when the cell `index` at `depth` (default: the MOC depth; deeper allowed) is covered. */
  containsIndex(index: number | bigint, depth = this.depth): boolean {
    checkDepth(this.dim, depth);
    const bits = this.info.bitsPerLevel;
    if (this.ranges instanceof Float64Array) {
      const i = Number(index);
      const v =
        depth >= this.depth
          ? Math.floor(i / 2 ** (bits * (depth - this.depth)))
          : i * 2 ** (bits * (this.depth - depth));
      if (depth >= this.depth) return rangesHave(this.ranges, v);
      // A coarser cell is contained when its whole span is.
      return this.containsSpan(v, v + 2 ** (bits * (this.depth - depth)));
    }
    const i = BigInt(index);
    if (depth >= this.depth) return rangesHaveBig(this.ranges, i >> BigInt(bits * (depth - this.depth)));
    const s = i << BigInt(bits * (this.depth - depth));
    return this.containsSpanBig(s, s + (1n << BigInt(bits * (this.depth - depth))));
  }

  private containsSpan(s: number, e: number): boolean {
    const r = this.ranges as Float64Array;
    for (let k = 0; k < r.length; k += 2) if (r[k] <= s && e <= r[k + 1]) return true;
    return false;
  }

  private containsSpanBig(s: bigint, e: bigint): boolean {
    const r = this.ranges as BigUint64Array;
    for (let k = 0; k < r.length; k += 2) if (r[k] <= s && e <= r[k + 1]) return true;
    return false;
  }

  /** The ranges expressed at the dimension's deepest depth (FITS RANGE packaging, MOC 2.0 §4.3.1). */
  rangesAtMaxDepth(): BigUint64Array {
    const shift = BigInt(this.info.bitsPerLevel * (this.info.maxDepth - this.depth));
    return refineRangesBig(toBig(this.ranges), shift);
  }

  /** A MOC at `depth` from ranges at the dimension's deepest depth (rounded outwards when not aligned). */
  static fromMaxDepthRanges(dim: MocDimension, depth: number, ranges: BigUint64Array): Moc {
    checkDepth(dim, depth);
    const info = DIMENSIONS[dim];
    const shift = BigInt(info.bitsPerLevel * (info.maxDepth - depth));
    const normal = normalizeRangesBig(ranges);
    const r = shift === 0n ? normal : degradeRangesBig(normal, shift);
    return new Moc(dim, depth, usesNumbers(dim, depth) ? toNumbers(r) : clampBig(r, cellCountBig(dim, depth)));
  }

  /**
   * The hierarchical view (MOC 2.0 §4.3, §7.1 "well-formed"): each range split into the largest aligned cells, the
   * cells grouped by order, orders ascending, indices ascending within an order.
   */
  cells(): MocOrderCells[] {
    const byOrder: Array<Array<number | bigint>> = Array.from({ length: this.depth + 1 }, () => []);
    const bits = this.info.bitsPerLevel;
    const r = this.ranges;
    if (r instanceof Float64Array) {
      for (let k = 0; k < r.length; k += 2) {
        let s = r[k];
        const e = r[k + 1];
        while (s < e) {
          let dd = 0;
          while (dd < this.depth) {
            const f = 2 ** (bits * (dd + 1));
            if (s % f !== 0 || s + f > e) break;
            dd++;
          }
          const f = 2 ** (bits * dd);
          byOrder[this.depth - dd].push(s / f);
          s += f;
        }
      }
    } else {
      const b = BigInt(bits);
      for (let k = 0; k < r.length; k += 2) {
        let s = r[k];
        const e = r[k + 1];
        while (s < e) {
          let dd = 0n;
          while (dd < BigInt(this.depth)) {
            const sh = b * (dd + 1n);
            if ((s & ((1n << sh) - 1n)) !== 0n || s + (1n << sh) > e) break;
            dd++;
          }
          const sh = b * dd;
          byOrder[this.depth - Number(dd)].push(s >> sh);
          s += 1n << sh;
        }
      }
    }
    const out: MocOrderCells[] = [];
    byOrder.forEach((indices, order) => {
      if (indices.length) out.push({ order, indices });
    });
    return out;
  }

  /** Deepest order that has cells in the hierarchical view (−1 when empty). */
  deepestCellOrder(): number {
    const c = this.cells();
    return c.length ? c[c.length - 1].order : -1;
  }
}

function clampNumbers(r: Float64Array, total: number): Float64Array {
  if (r.length === 0 || r[r.length - 1] <= total) return r;
  throw new RangeError(`cell index beyond the ${total} cells of this depth`);
}

function clampBig(r: BigUint64Array, total: bigint): BigUint64Array {
  if (r.length === 0 || r[r.length - 1] <= total) return r;
  throw new RangeError(`cell index beyond the ${total} cells of this depth`);
}
