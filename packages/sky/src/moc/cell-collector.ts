// Gathers (order, first index, last index) runs read from a hierarchical serialisation (ASCII, JSON, NUNIQ) and
// turns them into a normalised MOC at the requested depth.
import { cellCountBig, DIMENSIONS, type MocDimension } from './dimension.ts';
import { Moc } from './moc.ts';

export class CellCollector {
  private readonly orders: number[] = [];
  private readonly lows: Array<number | bigint> = [];
  private readonly highs: Array<number | bigint> = [];
  /** Deepest order seen. */
  maxOrder = -1;

  constructor(readonly dim: MocDimension) {}

  /** True when order is valid and first ≤ last < number of cells at that order. */
  valid(order: number, first: number | bigint, last: number | bigint): boolean {
    if (!Number.isInteger(order) || order < 0 || order > DIMENSIONS[this.dim].maxDepth) return false;
    return BigInt(first) <= BigInt(last) && BigInt(last) < cellCountBig(this.dim, order);
  }

  /** Adds the cells first..last (inclusive) of `order`. */
  add(order: number, first: number | bigint, last: number | bigint): void {
    this.orders.push(order);
    this.lows.push(first);
    this.highs.push(last);
    if (order > this.maxOrder) this.maxOrder = order;
  }

  noteOrder(order: number): void {
    if (order > this.maxOrder) this.maxOrder = order;
  }

  get size(): number {
    return this.orders.length;
  }

  /** The MOC at `depth` (default: the deepest order seen, 0 when nothing was). */
  toMoc(depth = Math.max(this.maxOrder, 0)): Moc {
    const info = DIMENSIONS[this.dim];
    const n = this.orders.length;
    if (depth <= info.numberMaxDepth) {
      const pairs = new Float64Array(2 * n);
      for (let k = 0; k < n; k++) {
        const dd = depth - this.orders[k];
        const f = 2 ** (info.bitsPerLevel * Math.abs(dd));
        const lo = Number(this.lows[k]);
        const hi = Number(this.highs[k]);
        pairs[2 * k] = dd >= 0 ? lo * f : Math.floor(lo / f);
        pairs[2 * k + 1] = dd >= 0 ? (hi + 1) * f : Math.floor(hi / f) + 1;
      }
      return Moc.fromRanges(this.dim, depth, pairs);
    }
    const pairs = new BigUint64Array(2 * n);
    for (let k = 0; k < n; k++) {
      const dd = depth - this.orders[k];
      const sh = BigInt(info.bitsPerLevel * Math.abs(dd));
      const lo = BigInt(this.lows[k]);
      const hi = BigInt(this.highs[k]);
      pairs[2 * k] = dd >= 0 ? lo << sh : lo >> sh;
      pairs[2 * k + 1] = dd >= 0 ? (hi + 1n) << sh : (hi >> sh) + 1n;
    }
    return Moc.fromRanges(this.dim, depth, pairs);
  }
}

/** Parses a decimal integer string as a number when exact, else a bigint. */
export function parseIndex(digits: string): number | bigint {
  return digits.length <= 15 ? Number(digits) : BigInt(digits);
}
