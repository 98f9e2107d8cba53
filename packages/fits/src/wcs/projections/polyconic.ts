// Polyconic and pseudoconic projections, Calabretta & Greisen 2002 (Paper II) §5.5; (φ0, θ0) = (0, 0).
import { atan2d, cosd, D2R, R2D, sind, tand } from '../angles.ts';
import { writeNative } from './cylindrical.ts';
import { PRJ_TOL, type Projection, ProjectionError, type ProjectionParameters, pvOr } from './projection.ts';
import { Sfl } from './pseudo-cylindrical.ts';

/** BON Bonne, §5.5.1, θ1 = PV2_1: Rθ = Y0 − θ, A = φ cos θ / Rθ, Y0 = R0 cot θ1 + θ1. θ1 = 0 is SFL. */
export class Bon implements Projection {
  readonly code = 'BON';
  readonly phi0 = 0;
  readonly theta0 = 0;
  private readonly theta1: number;
  private readonly y0: number;
  private readonly sfl = new Sfl();

  constructor(pv: ProjectionParameters) {
    this.theta1 = pvOr(pv, 1, Number.NaN);
    if (Number.isNaN(this.theta1)) throw new ProjectionError('BON: PV2_1 (θ1) is required (Paper II §5.5.1)');
    this.y0 = this.theta1 === 0 ? 0 : (R2D * cosd(this.theta1)) / sind(this.theta1) + this.theta1;
  }

  toNative(x: number, y: number, out: Float64Array): void {
    if (this.theta1 === 0) {
      this.sfl.toNative(x, y, out);
      return;
    }
    const dy = this.y0 - y;
    let r = Math.sqrt(x * x + dy * dy);
    if (this.theta1 < 0) r = -r;
    const theta = this.y0 - r;
    const a = r === 0 ? 0 : atan2d(x / r, dy / r);
    const ct = cosd(theta);
    const phi = ct === 0 ? 0 : (a * D2R * r) / ct;
    writeNative(phi, theta, out);
  }

  toPlane(phi: number, theta: number, out: Float64Array): void {
    if (this.theta1 === 0) {
      this.sfl.toPlane(phi, theta, out);
      return;
    }
    const r = this.y0 - theta;
    const a = r === 0 ? 0 : (R2D * phi * cosd(theta)) / r;
    out[0] = r * sind(a);
    out[1] = -r * cosd(a) + this.y0;
  }
}

/** PCO polyconic, §5.5.2: x = R0 cot θ sin(φ sin θ), y = θ + R0 cot θ (1 − cos(φ sin θ)); inverse iterative. */
export class Pco implements Projection {
  readonly code = 'PCO';
  readonly phi0 = 0;
  readonly theta0 = 0;

  toNative(x: number, y: number, out: Float64Array): void {
    const w = Math.abs(y * D2R);
    if (w < PRJ_TOL) {
      writeNative(x, 0, out);
      return;
    }
    if (Math.abs(w - Math.PI / 2) < PRJ_TOL) {
      writeNative(0, y > 0 ? 90 : -90, out);
      return;
    }
    // Residue of x² + (y − θ)² − 2 (y − θ) R0 cot θ = 0, solved by weighted bisection as wcslib pcox2s.
    let thePos = y > 0 ? 90 : -90;
    let theNeg = 0;
    const xx = x * x;
    let yMinusThe = y - thePos;
    let fPos = xx + yMinusThe * yMinusThe;
    let fNeg = -999;
    let the = 0;
    let tanThe = 0;
    for (let k = 0; k < 64; k++) {
      if (fNeg < -100) {
        the = (thePos + theNeg) / 2;
      } else {
        let lambda = fPos / (fPos - fNeg);
        if (lambda < 0.1) lambda = 0.1;
        else if (lambda > 0.9) lambda = 0.9;
        the = thePos - lambda * (thePos - theNeg);
      }
      yMinusThe = y - the;
      tanThe = tand(the);
      const f = xx + yMinusThe * (yMinusThe - (R2D * 2) / tanThe);
      if (Math.abs(f) < PRJ_TOL || Math.abs(thePos - theNeg) < PRJ_TOL) break;
      if (f > 0) {
        thePos = the;
        fPos = f;
      } else {
        theNeg = the;
        fNeg = f;
      }
    }
    const x1 = R2D - yMinusThe * tanThe;
    const y1 = x * tanThe;
    const phi = x1 === 0 && y1 === 0 ? 0 : atan2d(y1, x1) / sind(the);
    writeNative(phi, the, out);
  }

  toPlane(phi: number, theta: number, out: Float64Array): void {
    if (theta === 0) {
      out[0] = phi;
      out[1] = 0;
      return;
    }
    const st = sind(theta);
    if (Math.abs(theta) < 1e-4) {
      // Small-angle form avoiding cot θ blowing up.
      const a = phi * D2R;
      out[0] = phi * cosd(theta) * (1 - (a * a * st * st) / 6);
      out[1] = theta + (R2D * a * a * st * cosd(theta)) / 2;
      return;
    }
    const a = phi * st;
    const cotd = (R2D * cosd(theta)) / st;
    out[0] = cotd * sind(a);
    out[1] = theta + cotd * (1 - cosd(a));
  }
}
