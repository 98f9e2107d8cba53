// The display stretch of PNG tiles (HiPS 1.0 §4.2.1.1: PNG tiles are a "preview" whose pixel mapping is the
// builder's choice; §4.4.1 hips_pixel_cut records the cut range). Radio images are mostly noise around zero with
// sparse sources thousands of times brighter, so a linear map between quantiles shows either noise or saturated
// blobs. We use the asinh stretch of Lupton, Gunn & Szalay (1999, AJ 118, 1406): linear for |v − lo| ≲ β, logarithmic
// above, grey = 255·asinh((v − lo)/β) / asinh((hi − lo)/β), with cuts from robust noise statistics:
//   σ  = 1.4826·MAD (the noise, insensitive to the sources),
//   lo = median − 2σ (the noise sits just above black),
//   hi = max(99.99 % quantile, median + 100σ) (sources stay distinct up to the brightest few),
//   β  = 3σ (the noise occupies the low linear part; a 5σ source is already clearly grey).
// Recorded in properties as hips_pixel_cut "lo hi" and the custom keys obscura_pixel_stretch = asinh and
// obscura_asinh_softening = β (physical units, like the cuts).
import { quantile, type ValueSample } from './cuts.ts';

export const STRETCHES = ['asinh', 'linear'] as const;
export type StretchFunction = (typeof STRETCHES)[number];

export interface Stretch {
  fn: StretchFunction;
  /** hips_pixel_cut [lo, hi], physical values. */
  cut: [number, number];
  /** asinh softening β (physical units); unused for linear. */
  softening: number;
}

/** The robust asinh stretch of a sample of pixel values; null when the sample is empty. */
export function asinhStretchOf(sample: ValueSample): Stretch | null {
  if (sample.count === 0) return null;
  const sorted = sample.snapshot().sort();
  const median = quantile(sorted, 0.5);
  const dev = Float32Array.from(sorted, (v) => Math.abs(v - median)).sort();
  let sigma = 1.4826 * quantile(dev, 0.5);
  if (!(sigma > 0)) sigma = (sample.max - sample.min) / 1000 || 1;
  const lo = median - 2 * sigma;
  const hi = Math.max(quantile(sorted, 0.9999), median + 100 * sigma);
  return { fn: 'asinh', cut: [lo, hi], softening: 3 * sigma };
}

/**
 * A 0..255 lookup for a stretch: `levels` values of t = (v − lo)/(hi − lo) in [0, 1]; grey(v) = table[round(t·(n−1))].
 * With 65536 entries a step is (hi − lo)/65536: 0.15σ even when hi − lo is 10⁴σ, so the noise (a few σ wide, where
 * the asinh is steepest) keeps its grey levels.
 */
export function stretchTable(s: Stretch, levels = 65536): Uint8Array {
  const [lo, hi] = s.cut;
  const table = new Uint8Array(levels);
  const a = s.fn === 'asinh' ? Math.max(s.softening, 1e-30) : 0;
  const norm = s.fn === 'asinh' ? Math.asinh((hi - lo) / a) : 1;
  for (let k = 0; k < levels; k++) {
    const t = k / (levels - 1);
    const f = s.fn === 'asinh' ? Math.asinh((t * (hi - lo)) / a) / norm : t;
    table[k] = Math.min(255, Math.max(0, Math.round(f * 255)));
  }
  return table;
}

/** Grey level 0..255 of a value under a stretch (exact, no table). */
export function stretchGrey(v: number, s: Stretch): number {
  const [lo, hi] = s.cut;
  if (v <= lo) return 0;
  if (v >= hi) return 255;
  if (s.fn === 'linear') return Math.round(((v - lo) / (hi - lo)) * 255);
  return Math.round((Math.asinh((v - lo) / s.softening) / Math.asinh((hi - lo) / s.softening)) * 255);
}
