// Lower orders (HiPS 1.0 §4.2.1 "Other HiPS orders"): each pixel of a tile of order K is computed from the 4 pixels
// of order K + 1 covering the same HEALPix area; we take their mean over the finite ones (the spec's best practice
// for intensities), NaN when all four are NaN.
//
// Where a child sits in its parent: child c = 4N + c' has face-coordinate offsets (dx, dy) = (c' & 1, c' >> 1)
// (NESTED: x on the even bit). In FITS pixel terms (tile-geometry.ts: column i ↔ y, row j ↔ w − 1 − x) the child
// covers parent columns dy·w/2 … and parent rows (1 − dx)·w/2 … (rows counted from the bottom).

/** Parent-pixel offset [column, row] of child quadrant c' (0..3) in a w-wide parent tile. */
export function childOffset(quadrant: number, width: number): [number, number] {
  const dx = quadrant & 1;
  const dy = quadrant >> 1;
  return [dy * (width / 2), (1 - dx) * (width / 2)];
}

/**
 * Writes into `parent` (w², FITS order) the 2×2 means of the four children (null: a child tile without data).
 * Returns the number of finite pixels.
 */
export function downsampleChildren(children: (Float32Array | null)[], width: number, parent: Float32Array): number {
  parent.fill(Number.NaN);
  const half = width / 2;
  let finite = 0;
  for (let q = 0; q < 4; q++) {
    const child = children[q];
    if (!child) continue;
    const [ci, cj] = childOffset(q, width);
    for (let j = 0; j < half; j++) {
      const r0 = 2 * j * width;
      const r1 = r0 + width;
      const dst = (cj + j) * width + ci;
      for (let i = 0; i < half; i++) {
        let s = 0;
        let n = 0;
        const a = child[r0 + 2 * i];
        const b = child[r0 + 2 * i + 1];
        const c = child[r1 + 2 * i];
        const d = child[r1 + 2 * i + 1];
        if (!Number.isNaN(a)) {
          s += a;
          n++;
        }
        if (!Number.isNaN(b)) {
          s += b;
          n++;
        }
        if (!Number.isNaN(c)) {
          s += c;
          n++;
        }
        if (!Number.isNaN(d)) {
          s += d;
          n++;
        }
        if (n > 0) {
          parent[dst + i] = s / n;
          finite++;
        }
      }
    }
  }
  return finite;
}

/** Mean of f×f blocks (finite values only): a w-wide tile → (w/f)-wide (for Allsky). */
export function downsampleBy(data: Float32Array, width: number, factor: number): Float32Array {
  const ow = width / factor;
  const out = new Float32Array(ow * ow);
  for (let oj = 0; oj < ow; oj++) {
    for (let oi = 0; oi < ow; oi++) {
      let s = 0;
      let n = 0;
      for (let j = oj * factor; j < (oj + 1) * factor; j++) {
        for (let i = oi * factor; i < (oi + 1) * factor; i++) {
          const v = data[j * width + i];
          if (!Number.isNaN(v)) {
            s += v;
            n++;
          }
        }
      }
      out[oj * ow + oi] = n > 0 ? s / n : Number.NaN;
    }
  }
  return out;
}
