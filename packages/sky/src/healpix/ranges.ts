// Range lists: sorted, disjoint, non-adjacent half-open intervals [start, end) of NESTED pixel indices, stored as
// flat pairs in a Float64Array (exact for indices < 2^53, i.e. order ≤ 24). This is the form coverage queries
// return and the form a database range scan (BETWEEN start AND end-1) or a MOC wants.

/** Growable builder; `add` calls must come in non-decreasing order of start (adjacent/overlapping ranges merge). */
export class RangeListBuilder {
  private buf: Float64Array;
  private n = 0;

  constructor(capacity = 64) {
    this.buf = new Float64Array(Math.max(2, capacity * 2));
  }

  clear(): void {
    this.n = 0;
  }

  /** Appends [start, end); merges with the last range when they touch or overlap. */
  add(start: number, end: number): void {
    if (end <= start) return;
    const n = this.n;
    if (n > 0 && start <= this.buf[n - 1]) {
      if (end > this.buf[n - 1]) this.buf[n - 1] = end;
      return;
    }
    if (n + 2 > this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[n] = start;
    this.buf[n + 1] = end;
    this.n = n + 2;
  }

  /** A copy of the ranges, exactly sized. */
  toArray(): Float64Array {
    return this.buf.slice(0, this.n);
  }
}

/** Number of pixels covered by a range list. */
export function rangesCount(ranges: Float64Array): number {
  let total = 0;
  for (let i = 0; i < ranges.length; i += 2) total += ranges[i + 1] - ranges[i];
  return total;
}

/** Expands a range list into the individual pixel indices (for small results and tests). */
export function rangesToPixels(ranges: Float64Array): Float64Array {
  const out = new Float64Array(rangesCount(ranges));
  let k = 0;
  for (let i = 0; i < ranges.length; i += 2) for (let p = ranges[i]; p < ranges[i + 1]; p++) out[k++] = p;
  return out;
}

/** Builds a range list from pixel indices in any order (duplicates allowed). */
export function rangesFromPixels(pixels: ArrayLike<number>): Float64Array {
  const sorted = Float64Array.from(pixels).sort();
  const b = new RangeListBuilder(sorted.length);
  for (let i = 0; i < sorted.length; i++) b.add(sorted[i], sorted[i] + 1);
  return b.toArray();
}

/** True when pixel `p` lies in the range list (binary search). */
export function rangesContain(ranges: Float64Array, p: number): boolean {
  let lo = 0;
  let hi = ranges.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (p < ranges[2 * mid]) hi = mid - 1;
    else if (p >= ranges[2 * mid + 1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Union of two range lists. */
export function rangesUnion(a: Float64Array, b: Float64Array): Float64Array {
  const out = new RangeListBuilder((a.length + b.length) / 2);
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] <= b[j])) {
      out.add(a[i], a[i + 1]);
      i += 2;
    } else {
      out.add(b[j], b[j + 1]);
      j += 2;
    }
  }
  return out.toArray();
}

/** Converts a range list at `order` to the deeper order `to` (each pixel becomes its 4^(to−order) children). */
export function rangesToOrder(ranges: Float64Array, order: number, to: number): Float64Array {
  const f = 4 ** (to - order);
  const out = new Float64Array(ranges.length);
  for (let i = 0; i < ranges.length; i++) out[i] = ranges[i] * f;
  return out;
}
