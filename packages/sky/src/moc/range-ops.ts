// Set operations on range lists of float64 indices: sorted, disjoint, non-adjacent [start, end) pairs, exact for
// indices ≤ 2^53 (space depth ≤ 24, time/frequency depth ≤ 52). Each operation is one linear merge into a
// preallocated output (MOC 2.0 Appendix B: MOC operations as interval-list operations). The BigUint64Array
// versions for deeper MOCs are in range-ops-big.ts with the same names and shapes.

/** Appends [s, e) to out at n (merging with the previous range when they touch); returns the new length. */
function push(out: Float64Array, n: number, s: number, e: number): number {
  if (n > 0 && s <= out[n - 1]) {
    if (e > out[n - 1]) out[n - 1] = e;
    return n;
  }
  out[n] = s;
  out[n + 1] = e;
  return n + 2;
}

export function unionRanges(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] <= b[j]) {
      n = push(out, n, a[i], a[i + 1]);
      i += 2;
    } else {
      n = push(out, n, b[j], b[j + 1]);
      j += 2;
    }
  }
  for (; i < a.length; i += 2) n = push(out, n, a[i], a[i + 1]);
  for (; j < b.length; j += 2) n = push(out, n, b[j], b[j + 1]);
  return out.slice(0, n);
}

export function intersectRanges(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const s = Math.max(a[i], b[j]);
    const ea = a[i + 1];
    const eb = b[j + 1];
    const e = Math.min(ea, eb);
    if (s < e) {
      out[n] = s;
      out[n + 1] = e;
      n += 2;
    }
    if (ea <= eb) i += 2;
    else j += 2;
  }
  return out.slice(0, n);
}

/** a minus b. */
export function subtractRanges(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  let n = 0;
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    let cur = a[i];
    const e = a[i + 1];
    while (j < b.length && b[j + 1] <= cur) j += 2;
    while (j < b.length && b[j] < e) {
      if (b[j] > cur) {
        out[n] = cur;
        out[n + 1] = b[j];
        n += 2;
      }
      if (b[j + 1] > cur) cur = b[j + 1];
      if (b[j + 1] > e) break;
      j += 2;
    }
    if (cur < e) {
      out[n] = cur;
      out[n + 1] = e;
      n += 2;
    }
  }
  return out.slice(0, n);
}

/** [0, total) minus a. */
export function complementRanges(a: Float64Array, total: number): Float64Array {
  const out = new Float64Array(a.length + 2);
  let n = 0;
  let cur = 0;
  for (let i = 0; i < a.length; i += 2) {
    if (a[i] > cur) {
      out[n] = cur;
      out[n + 1] = a[i];
      n += 2;
    }
    cur = a[i + 1];
  }
  if (cur < total) {
    out[n] = cur;
    out[n + 1] = total;
    n += 2;
  }
  return out.slice(0, n);
}

/** Ranges divided by `factor` (a power of 2), rounding outwards so the result covers the input. */
export function degradeRanges(a: Float64Array, factor: number): Float64Array {
  const out = new Float64Array(a.length);
  let n = 0;
  for (let i = 0; i < a.length; i += 2) n = push(out, n, Math.floor(a[i] / factor), Math.ceil(a[i + 1] / factor));
  return out.slice(0, n);
}

/** Ranges multiplied by `factor` (to a deeper depth; exact while the products stay ≤ 2^53). */
export function refineRanges(a: Float64Array, factor: number): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] * factor;
  return out;
}

/** Sorts arbitrary [start, end) pairs (any order, overlapping, empty) into a normalised range list. */
export function normalizeRanges(pairs: ArrayLike<number>): Float64Array {
  const m = pairs.length >> 1;
  let sorted = true;
  for (let k = 2; k < 2 * m && sorted; k += 2) if (pairs[k] <= pairs[k - 1]) sorted = false;
  const order = new Uint32Array(m);
  for (let k = 0; k < m; k++) order[k] = k;
  if (!sorted) order.sort((x, y) => pairs[2 * x] - pairs[2 * y]);
  const out = new Float64Array(2 * m);
  let n = 0;
  for (let k = 0; k < m; k++) {
    const s = pairs[2 * order[k]];
    const e = pairs[2 * order[k] + 1];
    if (e > s) n = push(out, n, s, e);
  }
  return out.slice(0, n);
}

/** Range list of single indices (any order, duplicates allowed). */
export function rangesOfIndices(indices: Float64Array): Float64Array {
  const sorted = indices.slice().sort();
  const out = new Float64Array(2 * sorted.length);
  let n = 0;
  for (let k = 0; k < sorted.length; k++) n = push(out, n, sorted[k], sorted[k] + 1);
  return out.slice(0, n);
}

/** True when index v lies in one of the ranges (binary search). */
export function rangesHave(a: Float64Array, v: number): boolean {
  let lo = 0;
  let hi = (a.length >> 1) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (v < a[2 * mid]) hi = mid - 1;
    else if (v >= a[2 * mid + 1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Total number of indices covered. */
export function rangesSize(a: Float64Array): number {
  let t = 0;
  for (let i = 0; i < a.length; i += 2) t += a[i + 1] - a[i];
  return t;
}
