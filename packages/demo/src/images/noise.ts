// Image noise. Radio: white Gaussian noise convolved with a Gaussian kernel of half the beam covariance, so that the
// noise autocorrelation has the restoring beam's shape (as in a CLEANed interferometer image, to first order),
// rescaled to unit variance. Optical: white noise (pixels are independent for a CCD).
import type { Random } from '../random.ts';
import { type Cov2, inverse, maxEigen, scaleCov } from './gaussian.ts';

/** Unit-variance Gaussian noise with a beam-shaped autocorrelation, width × height, x fastest. */
export function correlatedNoise(rng: Random, width: number, height: number, beam: Cov2): Float32Array {
  const k = scaleCov(beam, 0.5);
  const r = Math.max(1, Math.ceil(4 * Math.sqrt(maxEigen(k))));
  const size = 2 * r + 1;
  const kernel = new Float64Array(size * size);
  const { a, b, c } = inverse(k);
  let sumSq = 0;
  for (let j = -r; j <= r; j++) {
    for (let i = -r; i <= r; i++) {
      const v = Math.exp(-0.5 * (a * i * i + 2 * b * i * j + c * j * j));
      kernel[(j + r) * size + (i + r)] = v;
      sumSq += v * v;
    }
  }
  const norm = 1 / Math.sqrt(sumSq);
  for (let i = 0; i < kernel.length; i++) kernel[i] *= norm;

  const pw = width + 2 * r;
  const ph = height + 2 * r;
  const white = new Float32Array(pw * ph);
  rng.fillNormal(white);
  const out = new Float32Array(width * height);
  // Direct 2-D convolution, row by row of the kernel so the inner loop runs along contiguous memory.
  const acc = new Float64Array(width);
  for (let y = 0; y < height; y++) {
    acc.fill(0);
    for (let j = 0; j < size; j++) {
      const srcRow = (y + j) * pw;
      for (let i = 0; i < size; i++) {
        const w = kernel[j * size + i];
        if (w < 1e-6 * norm) continue;
        const base = srcRow + i;
        for (let x = 0; x < width; x++) acc[x] += w * white[base + x];
      }
    }
    out.set(acc, y * width);
  }
  return out;
}

/** Unit-variance white Gaussian noise. */
export function whiteNoise(rng: Random, n: number): Float32Array {
  const out = new Float32Array(n);
  rng.fillNormal(out);
  return out;
}
