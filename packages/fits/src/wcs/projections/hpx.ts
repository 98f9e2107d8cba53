// HPX HEALPix projection, Calabretta & Roukema 2007 (MNRAS 381, 865) §2–3, as a FITS-WCS projection
// (Paper II addendum), H = PV2_1 (default 4), K = PV2_2 (default 3); (φ0, θ0) = (0, 0).
// Equatorial zone (|sin θ| ≤ (K−1)/K): x = φ, y = (90° K/H) sin θ. Polar zones: σ = √(K(1 − |sin θ|)),
// x = φc + (φ − φc) σ, y = ±(180°/H)((K+1)/2 − σ), φc the centre longitude of the polar facet.
import { asind, R2D } from '../angles.ts';
import { writeNative } from './cylindrical.ts';
import { invalid, PRJ_TOL, type Projection, ProjectionError, type ProjectionParameters, pvOr } from './projection.ts';

export class Hpx implements Projection {
  readonly code = 'HPX';
  readonly phi0 = 0;
  readonly theta0 = 0;
  private readonly h: number;
  private readonly k: number;
  private readonly sinThetaX: number;
  private readonly yX: number;

  constructor(pv: ProjectionParameters) {
    this.h = pvOr(pv, 1, 4);
    this.k = pvOr(pv, 2, 3);
    if (this.h <= 0 || this.k <= 0) throw new ProjectionError('HPX: PV2_1 (H) and PV2_2 (K) must be positive');
    this.sinThetaX = (this.k - 1) / this.k;
    this.yX = (90 * (this.k - 1)) / this.h;
  }

  /** Centre longitude of the polar facet holding longitude `lon` (odd K, or north for even K: offset 1). */
  private facetCentre(lon: number, north: boolean): number {
    const omega = this.k % 2 === 1 || north ? 1 : 0;
    const w = 360 / this.h;
    return -180 + (2 * Math.floor((lon + 180) / w + (1 - omega) / 2) + omega) * (w / 2);
  }

  toPlane(phi: number, theta: number, out: Float64Array): void {
    const s = Math.sin(theta / R2D);
    if (Math.abs(s) <= this.sinThetaX) {
      out[0] = phi;
      out[1] = ((90 * this.k) / this.h) * s;
      return;
    }
    const sigma = Math.sqrt(this.k * (1 - Math.abs(s)));
    const north = theta > 0;
    let phic = this.facetCentre(phi, north);
    if (phi === 180) phic = 180 - 180 / this.h; // keep the seam on the last facet
    out[0] = phic + (phi - phic) * sigma;
    const y = (180 / this.h) * ((this.k + 1) / 2 - sigma);
    out[1] = north ? y : -y;
  }

  toNative(x: number, y: number, out: Float64Array): void {
    const ay = Math.abs(y);
    if (ay <= this.yX) {
      if (Math.abs(x) > 180 + PRJ_TOL) {
        invalid(out);
        return;
      }
      writeNative(x, asind((y * this.h) / (90 * this.k)), out);
      return;
    }
    const sigma = (this.k + 1) / 2 - (ay * this.h) / 180;
    if (sigma < -PRJ_TOL) {
      invalid(out);
      return;
    }
    const north = y > 0;
    const phic = this.facetCentre(x, north);
    const half = 180 / this.h;
    if (Math.abs(x - phic) > half * Math.max(sigma, 0) + PRJ_TOL * 180) {
      invalid(out);
      return;
    } // between the facets
    const phi = sigma <= 0 ? phic : phic + (x - phic) / sigma;
    let t = 1 - (sigma * sigma) / this.k;
    if (t > 1) t = 1;
    const theta = asind(t);
    writeNative(phi, north ? theta : -theta, out);
  }
}
