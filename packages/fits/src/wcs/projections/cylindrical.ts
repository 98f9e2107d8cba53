// Cylindrical projections, Calabretta & Greisen 2002 (Paper II) §5.2; fiducial point (φ0, θ0) = (0, 0).
// Native longitudes outside [−180°, 180°] and latitudes beyond ±90° are outside the map (wcslib prjbchk).
import { asind, atan2d, atand, cosd, R2D, sind } from '../angles.ts';
import { invalid, PRJ_TOL, type Projection, ProjectionError, type ProjectionParameters, pvOr } from './projection.ts';

/** Writes (φ, θ) after the native-range check of wcslib prjbchk; NaN outside. */
export function writeNative(phi: number, theta: number, out: Float64Array): void {
  if (Math.abs(phi) > 180) {
    if (Math.abs(phi) > 180 + 1e-13 * 180 || Number.isNaN(phi)) {
      invalid(out);
      return;
    }
    phi = phi > 0 ? 180 : -180;
  }
  if (Math.abs(theta) > 90) {
    if (Math.abs(theta) > 90 + 1e-13 * 90 || Number.isNaN(theta)) {
      invalid(out);
      return;
    }
    theta = theta > 0 ? 90 : -90;
  }
  out[0] = phi;
  out[1] = theta;
}

/** CAR plate carrée, §5.2.3: x = φ, y = θ. */
export class Car implements Projection {
  readonly code = 'CAR';
  readonly phi0 = 0;
  readonly theta0 = 0;
  toNative(x: number, y: number, out: Float64Array): void {
    writeNative(x, y, out);
  }
  toPlane(phi: number, theta: number, out: Float64Array): void {
    out[0] = phi;
    out[1] = theta;
  }
}

/** MER Mercator, §5.2.4: y = R0 ln tan((90° + θ)/2). */
export class Mer implements Projection {
  readonly code = 'MER';
  readonly phi0 = 0;
  readonly theta0 = 0;
  toNative(x: number, y: number, out: Float64Array): void {
    writeNative(x, 2 * atand(Math.exp(y / R2D)) - 90, out);
  }
  toPlane(phi: number, theta: number, out: Float64Array): void {
    if (theta <= -90 || theta >= 90) {
      invalid(out);
      return;
    }
    out[0] = phi;
    out[1] = R2D * Math.log(Math.tan(((90 + theta) / 2) * (Math.PI / 180)));
  }
}

/** CEA cylindrical equal area, §5.2.2, λ = PV2_1 (default 1): y = R0 sin θ / λ. */
export class Cea implements Projection {
  readonly code = 'CEA';
  readonly phi0 = 0;
  readonly theta0 = 0;
  private readonly lambda: number;
  constructor(pv: ProjectionParameters) {
    this.lambda = pvOr(pv, 1, 1);
    if (this.lambda <= 0 || this.lambda > 1) throw new ProjectionError('CEA: PV2_1 must be in (0, 1]');
  }
  toNative(x: number, y: number, out: Float64Array): void {
    let s = (this.lambda * y) / R2D;
    if (Math.abs(s) > 1) {
      if (Math.abs(s) > 1 + PRJ_TOL) {
        invalid(out);
        return;
      }
      s = s > 0 ? 1 : -1;
    }
    writeNative(x, asind(s), out);
  }
  toPlane(phi: number, theta: number, out: Float64Array): void {
    out[0] = phi;
    out[1] = (R2D * sind(theta)) / this.lambda;
  }
}

/** CYP cylindrical perspective, §5.2.1, μ = PV2_1, λ = PV2_2 (defaults 1, 1). */
export class Cyp implements Projection {
  readonly code = 'CYP';
  readonly phi0 = 0;
  readonly theta0 = 0;
  private readonly mu: number;
  private readonly lambda: number;
  constructor(pv: ProjectionParameters) {
    this.mu = pvOr(pv, 1, 1);
    this.lambda = pvOr(pv, 2, 1);
    if (this.lambda === 0 || this.mu === -this.lambda) throw new ProjectionError('CYP: invalid PV2_1/PV2_2');
  }
  toNative(x: number, y: number, out: Float64Array): void {
    const eta = y / (R2D * (this.mu + this.lambda));
    const t = (eta * this.mu) / Math.sqrt(eta * eta + 1);
    if (Math.abs(t) > 1 + PRJ_TOL) {
      invalid(out);
      return;
    }
    writeNative(x / this.lambda, atan2d(eta, 1) + asind(Math.max(-1, Math.min(1, t))), out);
  }
  toPlane(phi: number, theta: number, out: Float64Array): void {
    const eta = this.mu + cosd(theta);
    if (eta === 0) {
      invalid(out);
      return;
    }
    out[0] = this.lambda * phi;
    out[1] = (R2D * (this.mu + this.lambda) * sind(theta)) / eta;
  }
}
