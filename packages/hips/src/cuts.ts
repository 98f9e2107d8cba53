// Display cuts for PNG tiles, from the data's distribution: hips_pixel_cut = the 0.5 % and 99.5 % quantiles of the
// finite pixel values, hips_data_range = their minimum and maximum (HiPS 1.0 §4.4.1 Table 2: "hips_pixel_cut:
// suggested pixel display cut range (physical values)", "hips_data_range: pixel data range taken into account during
// the HiPS generation"). The quantiles come from a bounded sample of the tiles' pixels (every SAMPLE_STEP-th finite
// value of each tile), so memory stays bounded whatever the survey size.

export const SAMPLE_STEP = 61;
export const CUT_QUANTILES: [number, number] = [0.005, 0.995];

/** A bounded reservoir of values (keeps every 2nd value once full, doubling its stride). */
export class ValueSample {
  private values: Float32Array;
  private n = 0;
  private stride = 1;
  private seen = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;

  constructor(readonly capacity = 1 << 20) {
    this.values = new Float32Array(capacity);
  }

  add(v: number): void {
    if (Number.isNaN(v)) return;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    if (this.seen++ % this.stride !== 0) return;
    if (this.n === this.capacity) {
      for (let k = 0; k < this.n / 2; k++) this.values[k] = this.values[2 * k];
      this.n = this.capacity / 2;
      this.stride *= 2;
    }
    this.values[this.n++] = v;
  }

  /** Adds every SAMPLE_STEP-th pixel of a tile (and tracks the exact min/max of all of them). */
  addTile(data: Float32Array): void {
    for (let k = 0; k < data.length; k++) {
      const v = data[k];
      if (Number.isNaN(v)) continue;
      if (v < this.min) this.min = v;
      if (v > this.max) this.max = v;
      if (k % SAMPLE_STEP === 0) this.add(v);
    }
  }

  merge(values: Float32Array, min: number, max: number): void {
    for (const v of values) this.add(v);
    if (min < this.min) this.min = min;
    if (max > this.max) this.max = max;
  }

  snapshot(): Float32Array {
    return this.values.slice(0, this.n);
  }

  get count(): number {
    return this.n;
  }
}

/** The value at quantile q (0..1) of `values` (sorted copy, nearest rank). */
export function quantile(sorted: Float32Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const k = Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))));
  return sorted[k];
}

export interface Cuts {
  /** hips_pixel_cut: display range. */
  cut: [number, number];
  /** hips_data_range: smallest and largest value. */
  range: [number, number];
}

export function cutsOf(sample: ValueSample): Cuts | null {
  if (sample.count === 0) return null;
  const sorted = sample.snapshot().sort();
  let lo = quantile(sorted, CUT_QUANTILES[0]);
  let hi = quantile(sorted, CUT_QUANTILES[1]);
  if (!(hi > lo)) {
    lo = sample.min;
    hi = sample.max > sample.min ? sample.max : sample.min + 1;
  }
  return { cut: [lo, hi], range: [sample.min, sample.max] };
}
