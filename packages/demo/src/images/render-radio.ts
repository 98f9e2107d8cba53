// Renders beam-convolved Gaussian components into a Jy/beam image. Each component touches only its own stamp (a few
// beam widths around it), so the cost is Σ stamp areas, not N_pixels × N_sources.
import { addCov, type Cov2, det, gaussianCov, inverse, type LocalFrame, maxEigen } from './gaussian.ts';

export interface PlacedComponent {
  /** 0-based pixel position (pixel i has FITS coordinate i + 1). */
  x: number;
  y: number;
  /** Total flux density at the image frequency, Jy. */
  flux: number;
  major: number;
  minor: number;
  pa: number;
  frame: LocalFrame;
}

/** Peak brightness (Jy/beam) of a component of total flux S convolved with the beam: S·sqrt(det Σbeam / det Σconv). */
export function peakOf(flux: number, source: Cov2, beam: Cov2): number {
  return flux * Math.sqrt(det(beam) / det(addCov(source, beam)));
}

/** Adds the beam-convolved component to `image` (width × height, x fastest). Returns its peak in Jy/beam. */
export function addComponent(image: Float32Array, width: number, height: number, c: PlacedComponent, beam: Cov2) {
  const src = c.major > 0 ? gaussianCov(c.major, Math.max(c.minor, 1e-6), c.pa, c.frame) : { xx: 0, xy: 0, yy: 0 };
  const conv = addCov(src, beam);
  const peak = peakOf(c.flux, src, beam);
  const { a, b, c: cc } = inverse(conv);
  // Out to where the profile falls below 1e-7 of the peak (≈ 5.7σ).
  const radius = Math.ceil(Math.sqrt(maxEigen(conv) * 2 * Math.log(1e7))) + 1;
  const x0 = Math.max(0, Math.floor(c.x - radius));
  const x1 = Math.min(width - 1, Math.ceil(c.x + radius));
  const y0 = Math.max(0, Math.floor(c.y - radius));
  const y1 = Math.min(height - 1, Math.ceil(c.y + radius));
  for (let y = y0; y <= y1; y++) {
    const dy = y - c.y;
    const row = y * width;
    for (let x = x0; x <= x1; x++) {
      const dx = x - c.x;
      const q = a * dx * dx + 2 * b * dx * dy + cc * dy * dy;
      if (q < 32.3) image[row + x] += peak * Math.exp(-0.5 * q);
    }
  }
  return peak;
}
