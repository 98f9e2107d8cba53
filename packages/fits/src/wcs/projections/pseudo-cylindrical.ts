// Pseudo-cylindrical and related projections, Calabretta & Greisen 2002 (Paper II) §5.3; (φ0, θ0) = (0, 0).
import { asind, atan2d, cosd, R2D, sind } from '../angles.ts';
import { writeNative } from './cylindrical.ts';
import { invalid, PRJ_TOL, type Projection } from './projection.ts';

/** SFL Sanson-Flamsteed, §5.3.1: x = φ cos θ, y = θ. */
export class Sfl implements Projection {
  readonly code: string = 'SFL';
  readonly phi0 = 0;
  readonly theta0 = 0;
  toNative(x: number, y: number, out: Float64Array): void {
    const s = cosd(y);
    if (s === 0) {
      if (x !== 0) {
        invalid(out);
        return;
      }
      writeNative(0, y, out);
      return;
    }
    writeNative(x / s, y, out);
  }
  toPlane(phi: number, theta: number, out: Float64Array): void {
    out[0] = phi * cosd(theta);
    out[1] = theta;
  }
}

/** PAR parabolic, §5.3.2: x = φ (2 cos(2θ/3) − 1), y = 180° sin(θ/3). */
export class Par implements Projection {
  readonly code = 'PAR';
  readonly phi0 = 0;
  readonly theta0 = 0;
  toNative(x: number, y: number, out: Float64Array): void {
    let s = y / 180;
    if (Math.abs(s) > 1) {
      if (Math.abs(s) > 1 + PRJ_TOL) {
        invalid(out);
        return;
      }
      s = s > 0 ? 1 : -1;
    }
    const t = 1 - 4 * s * s;
    if (t === 0) {
      if (x !== 0) {
        invalid(out);
        return;
      }
      writeNative(0, 3 * asind(s), out);
      return;
    }
    writeNative(x / t, 3 * asind(s), out);
  }
  toPlane(phi: number, theta: number, out: Float64Array): void {
    out[0] = phi * (2 * cosd((2 * theta) / 3) - 1);
    out[1] = 180 * sind(theta / 3);
  }
}

/** MOL Mollweide, §5.3.3: x = (2√2/π) φ cos γ, y = √2 R0 sin γ, with π sin θ = 2γ + sin 2γ. */
export class Mol implements Projection {
  readonly code = 'MOL';
  readonly phi0 = 0;
  readonly theta0 = 0;
  toNative(x: number, y: number, out: Float64Array): void {
    let s = y / (Math.SQRT2 * R2D);
    if (Math.abs(s) > 1) {
      if (Math.abs(s) > 1 + PRJ_TOL) {
        invalid(out);
        return;
      }
      s = s > 0 ? 1 : -1;
    }
    const c = Math.sqrt(Math.max(0, 1 - s * s));
    let phi: number;
    if (c === 0) {
      if (Math.abs(x) > PRJ_TOL) {
        invalid(out);
        return;
      }
      phi = 0;
    } else {
      phi = (Math.PI * x) / (2 * Math.SQRT2 * c);
    }
    let z = (2 * Math.asin(s) + 2 * s * c) / Math.PI;
    if (Math.abs(z) > 1) {
      if (Math.abs(z) > 1 + PRJ_TOL) {
        invalid(out);
        return;
      }
      z = z > 0 ? 1 : -1;
    }
    writeNative(phi, asind(z), out);
  }
  toPlane(phi: number, theta: number, out: Float64Array): void {
    if (Math.abs(theta) === 90) {
      out[0] = 0;
      out[1] = Math.sign(theta) * Math.SQRT2 * R2D;
      return;
    }
    // Solve v + sin v = π sin θ (v = 2γ) by bisection, as wcslib mols2x.
    const u = Math.PI * sind(theta);
    let v0 = -Math.PI;
    let v1 = Math.PI;
    let v = u;
    for (let k = 0; k < 100; k++) {
      const resid = v - u + Math.sin(v);
      if (resid < 0) {
        if (resid > -PRJ_TOL) break;
        v0 = v;
      } else {
        if (resid < PRJ_TOL) break;
        v1 = v;
      }
      v = (v0 + v1) / 2;
    }
    const gamma = v / 2;
    out[0] = ((2 * Math.SQRT2) / Math.PI) * phi * Math.cos(gamma);
    out[1] = Math.SQRT2 * R2D * Math.sin(gamma);
  }
}

/** AIT Hammer-Aitoff, §5.3.4: x = 2γ cos θ sin(φ/2), y = γ sin θ, γ = R0 √(2/(1 + cos θ cos(φ/2))). */
export class Ait implements Projection {
  readonly code = 'AIT';
  readonly phi0 = 0;
  readonly theta0 = 0;
  toNative(x: number, y: number, out: Float64Array): void {
    const r0sq = R2D * R2D;
    let s = 1 - (x * x) / (16 * r0sq) - (y * y) / (4 * r0sq);
    if (s < 0.5) {
      if (s < 0.5 - PRJ_TOL) {
        invalid(out);
        return;
      }
      s = 0.5;
    }
    const z = Math.sqrt(s);
    const x0 = 2 * z * z - 1;
    const y0 = (z * x) / (2 * R2D);
    const phi = x0 === 0 && y0 === 0 ? 0 : 2 * atan2d(y0, x0);
    let t = (z * y) / R2D;
    if (Math.abs(t) > 1) {
      if (Math.abs(t) > 1 + PRJ_TOL) {
        invalid(out);
        return;
      }
      t = t > 0 ? 1 : -1;
    }
    writeNative(phi, asind(t), out);
  }
  toPlane(phi: number, theta: number, out: Float64Array): void {
    const ct = cosd(theta);
    const w = Math.sqrt(2 / (1 + ct * cosd(phi / 2))) * R2D;
    out[0] = 2 * w * ct * sind(phi / 2);
    out[1] = w * sind(theta);
  }
}
