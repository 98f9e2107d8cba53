// Zenithal (azimuthal) projections, Calabretta & Greisen 2002 (Paper II) §5.1: x = Rθ sin φ, y = −Rθ cos φ,
// fiducial point at the native pole (θ0 = 90°). Formulae follow the paper; boundary handling follows wcslib prj.c.
import { acosd, asind, atan2d, atand, cosd, D2R, R2D, sind } from '../angles.ts';
import { invalid, PRJ_TOL, type Projection, ProjectionError, type ProjectionParameters, pvOr } from './projection.ts';

abstract class Zenithal implements Projection {
  abstract readonly code: string;
  readonly phi0 = 0;
  readonly theta0 = 90;
  /** Native latitude θ for a radius r (degrees); NaN outside the domain. */
  protected abstract thetaOf(r: number): number;
  /** Radius Rθ (degrees) for native latitude θ; NaN when not projectable. */
  protected abstract radiusOf(theta: number): number;

  toNative(x: number, y: number, out: Float64Array): void {
    const r = Math.sqrt(x * x + y * y);
    const theta = this.thetaOf(r);
    if (Number.isNaN(theta)) {
      invalid(out);
      return;
    }
    out[0] = r === 0 ? 0 : atan2d(x, -y);
    out[1] = theta;
  }

  toPlane(phi: number, theta: number, out: Float64Array): void {
    const r = this.radiusOf(theta);
    if (Number.isNaN(r)) {
      invalid(out);
      return;
    }
    out[0] = r * sind(phi);
    out[1] = -r * cosd(phi);
  }
}

/** TAN gnomonic, §5.1.3: Rθ = R0 cot θ. Points with θ ≤ 0 are not projectable (wcslib bounds check). */
export class Tan extends Zenithal {
  readonly code = 'TAN';
  protected thetaOf(r: number): number {
    return atan2d(R2D, r);
  }
  protected radiusOf(theta: number): number {
    const s = sind(theta);
    if (s <= 0) return Number.NaN;
    return (R2D * cosd(theta)) / s;
  }
}

/** STG stereographic, §5.1.4: Rθ = 2 R0 tan((90° − θ)/2). */
export class Stg extends Zenithal {
  readonly code = 'STG';
  protected thetaOf(r: number): number {
    return 90 - 2 * atand(r / (2 * R2D));
  }
  protected radiusOf(theta: number): number {
    const s = 1 + sind(theta);
    if (s === 0) return Number.NaN;
    return (2 * R2D * cosd(theta)) / s;
  }
}

/** ARC zenithal equidistant, §5.1.6: Rθ = 90° − θ. */
export class Arc extends Zenithal {
  readonly code = 'ARC';
  protected thetaOf(r: number): number {
    return r > 180 + PRJ_TOL ? Number.NaN : 90 - Math.min(r, 180);
  }
  protected radiusOf(theta: number): number {
    return 90 - theta;
  }
}

/** ZEA zenithal equal-area, §5.1.8: Rθ = 2 R0 sin((90° − θ)/2). */
export class Zea extends Zenithal {
  readonly code = 'ZEA';
  protected thetaOf(r: number): number {
    let s = r / (2 * R2D);
    if (s > 1) {
      if (s - 1 > PRJ_TOL) return Number.NaN;
      s = 1;
    }
    return 90 - 2 * asind(s);
  }
  protected radiusOf(theta: number): number {
    return 2 * R2D * sind((90 - theta) / 2);
  }
}

/**
 * SIN orthographic / synthesis, §5.1.5 (eqs. 38–45), with ξ = PV2_1, η = PV2_2 (the "slant orthographic").
 * The legacy NCP projection is SIN with ξ = 0, η = cot δ0 (§5.1.5, and the AIPS conventions of §6.1). Numerics after wcslib sinx2s/sins2x.
 */
export class Sin implements Projection {
  readonly code: string;
  readonly phi0 = 0;
  readonly theta0 = 90;
  private readonly xi: number;
  private readonly eta: number;
  private readonly w1: number;

  constructor(pv: ProjectionParameters, code = 'SIN') {
    this.code = code;
    this.xi = pvOr(pv, 1, 0);
    this.eta = pvOr(pv, 2, 0);
    this.w1 = this.xi * this.xi + this.eta * this.eta;
  }

  toNative(x: number, y: number, out: Float64Array): void {
    const x0 = x / R2D;
    const y0 = y / R2D;
    const r2 = x0 * x0 + y0 * y0;
    if (this.w1 === 0) {
      // Orthographic: θ = acos(r).
      if (r2 > 1) {
        if (r2 - 1 > PRJ_TOL) {
          invalid(out);
          return;
        }
      }
      out[0] = r2 === 0 ? 0 : atan2d(x0, -y0);
      out[1] = r2 < 0.5 ? acosd(Math.sqrt(r2)) : asind(Math.sqrt(Math.max(0, 1 - r2)));
      return;
    }
    const { xi, eta } = this;
    const xy = x0 * xi + y0 * eta;
    let z: number;
    let theta: number;
    if (r2 < 1e-10) {
      // Small-angle formula near the fiducial point.
      z = r2 / 2;
      theta = 90 - R2D * Math.sqrt(r2 / (1 + xy));
    } else {
      const a = this.w1 + 1;
      const b = xy - this.w1;
      const c = r2 - xy - xy + this.w1 - 1;
      let d = b * b - a * c;
      if (d < 0) {
        invalid(out);
        return;
      }
      d = Math.sqrt(d);
      // Choose the solution closest to the native pole.
      const s1 = (-b + d) / a;
      const s2 = (-b - d) / a;
      let s = Math.max(s1, s2);
      if (s > 1) s = s - 1 < PRJ_TOL ? 1 : Math.min(s1, s2);
      if (s < -1 && s + 1 > -PRJ_TOL) s = -1;
      if (s > 1 || s < -1) {
        invalid(out);
        return;
      }
      theta = asind(s);
      z = 1 - s;
    }
    const x1 = -y0 + eta * z;
    const y1 = x0 - xi * z;
    out[0] = x1 === 0 && y1 === 0 ? 0 : atan2d(y1, x1);
    out[1] = theta;
  }

  toPlane(phi: number, theta: number, out: Float64Array): void {
    const t = (90 - Math.abs(theta)) * D2R;
    let z: number;
    let cosTheta: number;
    if (t < 1e-5) {
      z = theta > 0 ? (t * t) / 2 : 2 - (t * t) / 2;
      cosTheta = t;
    } else {
      z = 1 - sind(theta);
      cosTheta = cosd(theta);
    }
    const r = R2D * cosTheta;
    const sp = sind(phi);
    const cp = cosd(phi);
    if (this.w1 === 0) {
      if (theta < 0) {
        invalid(out);
        return;
      } // far hemisphere
      out[0] = r * sp;
      out[1] = -r * cp;
      return;
    }
    // Bounds: the point must be on the visible side of the slanted plane.
    const limit = -atand(this.xi * sp - this.eta * cp);
    if (theta < limit) {
      invalid(out);
      return;
    }
    z *= R2D;
    out[0] = r * sp + this.xi * z;
    out[1] = -r * cp + this.eta * z;
  }
}

/** AZP zenithal perspective, §5.1.1, μ = PV2_1, γ = PV2_2 (degrees). Numerics after wcslib azpx2s/azps2x. */
export class Azp implements Projection {
  readonly code = 'AZP';
  readonly phi0 = 0;
  readonly theta0 = 90;
  private readonly mu: number;
  private readonly w0: number;
  private readonly cosGamma: number;
  private readonly sinGamma: number;
  private readonly tanGamma: number;
  private readonly thetaMin: number;
  private readonly checkBoth: boolean;

  constructor(pv: ProjectionParameters) {
    this.mu = pvOr(pv, 1, 0);
    const gamma = pvOr(pv, 2, 0);
    this.w0 = R2D * (this.mu + 1);
    if (this.w0 === 0) throw new ProjectionError('AZP: PV2_1 = -1 is not allowed (Paper II §5.1.1)');
    this.cosGamma = cosd(gamma);
    if (this.cosGamma === 0) throw new ProjectionError('AZP: PV2_2 = ±90° is not allowed');
    this.sinGamma = sind(gamma);
    this.tanGamma = this.sinGamma / this.cosGamma;
    this.thetaMin = Math.abs(this.mu) > 1 ? asind(-1 / this.mu) : -90;
    this.checkBoth = Math.abs(this.mu * this.cosGamma) < 1;
  }

  toNative(x: number, y: number, out: Float64Array): void {
    const yc = y * this.cosGamma;
    const r = Math.sqrt(x * x + yc * yc);
    if (r === 0) {
      out[0] = 0;
      out[1] = 90;
      return;
    }
    const phi = atan2d(x, -yc);
    const s = r / (this.w0 + y * this.sinGamma);
    let t = (s * this.mu) / Math.sqrt(s * s + 1);
    const sa = atan2d(1, s);
    if (Math.abs(t) > 1) {
      if (Math.abs(t) > 1 + PRJ_TOL) {
        invalid(out);
        return;
      }
      t = t > 0 ? 90 : -90;
    } else {
      t = asind(t);
    }
    let a = sa - t;
    let b = sa + t + 180;
    if (a > 90) a -= 360;
    if (b > 90) b -= 360;
    out[0] = phi;
    out[1] = Math.max(a, b);
  }

  toPlane(phi: number, theta: number, out: Float64Array): void {
    const cp = cosd(phi);
    const sp = sind(phi);
    const st = sind(theta);
    const ct = cosd(theta);
    const s = this.tanGamma * cp;
    const t = this.mu + st + ct * s;
    if (t === 0) {
      invalid(out);
      return;
    }
    const r = (this.w0 * ct) / t;
    if (theta < this.thetaMin) {
      invalid(out);
      return;
    }
    if (this.checkBoth) {
      const u = this.mu / Math.sqrt(1 + s * s);
      if (Math.abs(u) <= 1) {
        const sa = atand(-s);
        const ta = asind(u);
        let a = sa - ta;
        let b = sa + ta + 180;
        if (a > 90) a -= 360;
        if (b > 90) b -= 360;
        if (theta < Math.max(a, b)) {
          invalid(out);
          return;
        }
      }
    }
    out[0] = r * sp;
    out[1] = (-r * cp) / this.cosGamma;
  }
}

/**
 * SZP slant zenithal perspective, §5.1.2, μ = PV2_1, φc = PV2_2, θc = PV2_3 (defaults 0, 0, 90).
 * The inverse solves Paper II eq. 40 for z = 1 − sin θ directly, which stays accurate near the fiducial point.
 */
export class Szp implements Projection {
  readonly code = 'SZP';
  readonly phi0 = 0;
  readonly theta0 = 90;
  private readonly xp: number;
  private readonly yp: number;
  private readonly zp: number;
  private readonly mu: number;
  private readonly w7: number;
  private readonly thetaMin: number;

  constructor(pv: ProjectionParameters) {
    const mu = pvOr(pv, 1, 0);
    this.mu = mu;
    const phic = pvOr(pv, 2, 0);
    const thetac = pvOr(pv, 3, 90);
    this.xp = -mu * cosd(thetac) * sind(phic);
    this.yp = mu * cosd(thetac) * cosd(phic);
    this.zp = mu * sind(thetac) + 1;
    if (this.zp === 0) throw new ProjectionError('SZP: μ sin θc = −1 is not allowed (Paper II §5.1.2)');
    this.w7 = (this.zp - 1) * this.zp - 1;
    this.thetaMin = Math.abs(this.zp - 1) < 1 ? asind(1 - this.zp) : -90;
  }

  toNative(x: number, y: number, out: Float64Array): void {
    const X = x / R2D;
    const Y = y / R2D;
    const X1 = (X - this.xp) / this.zp;
    const Y1 = (Y - this.yp) / this.zp;
    const a = X1 * X1 + Y1 * Y1 + 1;
    const b = X1 * (X - X1) + Y1 * (Y - Y1);
    const c = (X - X1) * (X - X1) + (Y - Y1) * (Y - Y1) - 1;
    // a s² + 2 b s + c = 0 with s = 1 − z:  a z² − 2(a + b) z + (a + 2b + c) = 0; take the root nearest the pole.
    const p = a + b;
    const q = a + 2 * b + c;
    const disc = p * p - a * q;
    if (disc < 0) {
      invalid(out);
      return;
    }
    const z = q / (p + Math.sqrt(disc));
    if (!(z >= -PRJ_TOL && z <= 2 + PRJ_TOL)) {
      invalid(out);
      return;
    }
    const u = X - X1 * z;
    const v = -(Y - Y1 * z);
    out[0] = u === 0 && v === 0 ? 0 : atan2d(u, v);
    out[1] = atan2d(1 - z, Math.sqrt(u * u + v * v));
  }

  toPlane(phi: number, theta: number, out: Float64Array): void {
    const s = 1 - sind(theta);
    const t = this.zp - s;
    if (t === 0) {
      invalid(out);
      return;
    }
    const sp = sind(phi);
    const cp = cosd(phi);
    // Bounds as wcslib szps2x: divergence below θ = asin(1 − zp), and points hidden behind the near side of the
    // sphere when the perspective point lies outside it (|μ| > 1).
    if (theta < this.thetaMin) {
      invalid(out);
      return;
    }
    if (Math.abs(this.mu) > 1) {
      const u = this.xp * sp - this.yp * cp;
      const v = 1 / Math.sqrt(this.w7 + u * u);
      if (Math.abs(v) <= 1) {
        const sa = atan2d(u, this.zp - 1);
        const ta = asind(v);
        let a = sa - ta;
        let b = sa + ta + 180;
        if (a > 90) a -= 360;
        if (b > 90) b -= 360;
        if (theta < Math.max(a, b)) {
          invalid(out);
          return;
        }
      }
    }
    const ct = cosd(theta);
    out[0] = (R2D * (this.zp * ct * sp - this.xp * s)) / t;
    out[1] = (-R2D * (this.zp * ct * cp + this.yp * s)) / t;
  }
}

/** ZPN zenithal polynomial, §5.1.7: Rθ = R0 Σ PV2_m ((90° − θ) in radians)^m, inverted by regula falsi as wcslib. */
export class Zpn extends Zenithal {
  readonly code = 'ZPN';
  private readonly p: number[];
  private readonly zdMax: number;
  private readonly rMax: number;

  constructor(pv: ProjectionParameters) {
    super();
    const p: number[] = [];
    for (let m = 0; m < Math.min(pv.length, 30); m++) p.push(Number.isNaN(pv[m]) ? 0 : pv[m]);
    let k = p.length - 1;
    while (k >= 0 && p[k] === 0) k--;
    if (k < 0) throw new ProjectionError('ZPN: all PV2_m are zero');
    this.p = p.slice(0, k + 1);
    let zd = Math.PI;
    if (k >= 2) {
      let zd1 = 0;
      let d1 = this.p[1];
      if (d1 <= 0) throw new ProjectionError('ZPN: PV2_1 must be positive');
      let zd2 = 0;
      let d2 = 0;
      let j = 0;
      for (; j < 180; j++) {
        zd2 = j * D2R;
        d2 = this.derivative(zd2);
        if (d2 <= 0) break;
        zd1 = zd2;
        d1 = d2;
      }
      if (j < 180) {
        for (let i = 1; i <= 10; i++) {
          zd = zd1 - (d1 * (zd2 - zd1)) / (d2 - d1);
          const d = this.derivative(zd);
          if (Math.abs(d) < PRJ_TOL) break;
          if (d < 0) {
            zd2 = zd;
            d2 = d;
          } else {
            zd1 = zd;
            d1 = d;
          }
        }
      }
    }
    this.zdMax = zd;
    this.rMax = this.poly(zd);
  }

  private poly(z: number): number {
    let r = 0;
    for (let m = this.p.length - 1; m >= 0; m--) r = r * z + this.p[m];
    return r;
  }

  private derivative(z: number): number {
    let d = 0;
    for (let m = this.p.length - 1; m > 0; m--) d = d * z + m * this.p[m];
    return d;
  }

  protected thetaOf(rDeg: number): number {
    const r = rDeg / R2D;
    const k = this.p.length - 1;
    let zd: number;
    if (k === 1) {
      zd = (r - this.p[0]) / this.p[1];
    } else {
      let zd1 = 0;
      let r1 = this.p[0];
      let zd2 = this.zdMax;
      let r2 = this.rMax;
      if (r < r1) {
        if (r < r1 - PRJ_TOL) return Number.NaN;
        zd = zd1;
      } else if (r > r2) {
        if (r > r2 + PRJ_TOL) return Number.NaN;
        zd = zd2;
      } else {
        zd = zd1;
        for (let j = 0; j < 100; j++) {
          let lambda = (r2 - r) / (r2 - r1);
          if (lambda < 0.1) lambda = 0.1;
          else if (lambda > 0.9) lambda = 0.9;
          zd = zd2 - lambda * (zd2 - zd1);
          const rt = this.poly(zd);
          if (rt < r) {
            if (r - rt < PRJ_TOL) break;
            r1 = rt;
            zd1 = zd;
          } else {
            if (rt - r < PRJ_TOL) break;
            r2 = rt;
            zd2 = zd;
          }
          if (Math.abs(zd2 - zd1) < PRJ_TOL) break;
        }
      }
    }
    if (zd < 0 || zd > Math.PI) return Number.NaN;
    return 90 - zd * R2D;
  }

  protected radiusOf(theta: number): number {
    const s = (90 - theta) * D2R;
    if (s > this.zdMax) return Number.NaN;
    return this.poly(s) * R2D;
  }
}

/**
 * AIR Airy, §5.1.9, θb = PV2_1 (default 90°): Rθ = −2 R0 [ln(cos ξ)/tan ξ + ln(cos ξb)/tan² ξb · tan ξ],
 * ξ = (90° − θ)/2. The inverse is solved by bisection with secant steps (Rθ increases with ξ).
 */
export class Air extends Zenithal {
  readonly code = 'AIR';
  private readonly cxi: number;

  constructor(pv: ProjectionParameters) {
    super();
    const thetab = pvOr(pv, 1, 90);
    if (thetab === 90) {
      this.cxi = -0.5;
    } else if (thetab > -90 && thetab < 90) {
      const xib = ((90 - thetab) / 2) * D2R;
      const t = Math.tan(xib);
      this.cxi = Math.log(Math.cos(xib)) / (t * t);
    } else {
      throw new ProjectionError('AIR: PV2_1 must be in (−90°, 90°]');
    }
  }

  private radiusRad(xi: number): number {
    if (xi < 1e-8) return -2 * (-xi / 2 + this.cxi * xi); // ln(cos ξ)/tan ξ → −ξ/2
    const t = Math.tan(xi);
    return -2 * (Math.log(Math.cos(xi)) / t + this.cxi * t);
  }

  protected radiusOf(theta: number): number {
    if (theta <= -90) return Number.NaN;
    return this.radiusRad(((90 - theta) / 2) * D2R) * R2D;
  }

  protected thetaOf(rDeg: number): number {
    const r = rDeg / R2D;
    if (r === 0) return 90;
    let lo = 0;
    let hi = Math.PI / 2 - 1e-12;
    if (this.radiusRad(hi) < r) return Number.NaN;
    for (let i = 0; i < 200 && hi - lo > 1e-15; i++) {
      const mid = (lo + hi) / 2;
      if (this.radiusRad(mid) < r) lo = mid;
      else hi = mid;
    }
    return 90 - (lo + hi) * R2D;
  }
}
