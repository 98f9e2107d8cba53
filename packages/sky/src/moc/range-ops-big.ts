// The operations of range-ops.ts for BigUint64Array range lists (indices up to 2^64: space depth 25..29, time
// depth 53..61, frequency depth 53..59). Same algorithms, bigint arithmetic.

function push(out: BigUint64Array, n: number, s: bigint, e: bigint): number {
  if (n > 0 && s <= out[n - 1]) {
    if (e > out[n - 1]) out[n - 1] = e;
    return n;
  }
  out[n] = s;
  out[n + 1] = e;
  return n + 2;
}

export function unionRangesBig(a: BigUint64Array, b: BigUint64Array): BigUint64Array {
  const out = new BigUint64Array(a.length + b.length);
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

export function intersectRangesBig(a: BigUint64Array, b: BigUint64Array): BigUint64Array {
  const out = new BigUint64Array(a.length + b.length);
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    // biome-ignore lint/complexity/useMathMinMax: Math.max does not take bigints
    const s = a[i] > b[j] ? a[i] : b[j];
    const ea = a[i + 1];
    const eb = b[j + 1];
    // biome-ignore lint/complexity/useMathMinMax: Math.min does not take bigints
    const e = ea < eb ? ea : eb;
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

export function subtractRangesBig(a: BigUint64Array, b: BigUint64Array): BigUint64Array {
  const out = new BigUint64Array(a.length + b.length);
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

export function complementRangesBig(a: BigUint64Array, total: bigint): BigUint64Array {
  const out = new BigUint64Array(a.length + 2);
  let n = 0;
  let cur = 0n;
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

/** Ranges shifted right by `shift` bits, rounding outwards. */
export function degradeRangesBig(a: BigUint64Array, shift: bigint): BigUint64Array {
  const out = new BigUint64Array(a.length);
  const round = (1n << shift) - 1n;
  let n = 0;
  for (let i = 0; i < a.length; i += 2) n = push(out, n, a[i] >> shift, (a[i + 1] + round) >> shift);
  return out.slice(0, n);
}

export function refineRangesBig(a: BigUint64Array, shift: bigint): BigUint64Array {
  const out = new BigUint64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] << shift;
  return out;
}

export function normalizeRangesBig(pairs: ArrayLike<bigint>): BigUint64Array {
  const m = pairs.length >> 1;
  const order = Array.from({ length: m }, (_, k) => k);
  order.sort((x, y) => (pairs[2 * x] < pairs[2 * y] ? -1 : pairs[2 * x] > pairs[2 * y] ? 1 : 0));
  const out = new BigUint64Array(2 * m);
  let n = 0;
  for (const k of order) {
    const s = pairs[2 * k];
    const e = pairs[2 * k + 1];
    if (e > s) n = push(out, n, s, e);
  }
  return out.slice(0, n);
}

export function rangesOfIndicesBig(indices: BigUint64Array): BigUint64Array {
  const sorted = indices.slice().sort();
  const out = new BigUint64Array(2 * sorted.length);
  let n = 0;
  for (let k = 0; k < sorted.length; k++) n = push(out, n, sorted[k], sorted[k] + 1n);
  return out.slice(0, n);
}

export function rangesHaveBig(a: BigUint64Array, v: bigint): boolean {
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

export function rangesSizeBig(a: BigUint64Array): bigint {
  let t = 0n;
  for (let i = 0; i < a.length; i += 2) t += a[i + 1] - a[i];
  return t;
}
