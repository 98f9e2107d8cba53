// Conic projections, Calabretta & Greisen 2002 (Paper II) §5.4: θa = PV2_1 (required), η = PV2_2 (default 0);
// x = Rθ sin(Cφ), y = −Rθ cos(Cφ) + Y0, fiducial point (φ0, θ0) = (0, θa).
import { atan2d, atand, cosd, D2R, R2D, sind, tand } from '../angles.ts';
import { writeNative } from './cylindrical.ts';
import { invalid, type Projection, ProjectionError, type ProjectionParameters, pvOr } from './projection.ts';

abstract class Conic implements Projection {
  abstract readonly code: string;
  readonly phi0 = 0;
  readonly theta0: number;
  protected readonly thetaA: number;
  protected readonly eta: number;
  /** Cone constant C and the offset Y0 = R(θa). */
  protected c = 1;
  protected y0 = 0;

  constructor(pv: ProjectionParameters, code: string) {
    const ta = pvOr(pv, 1, Number.NaN);
    if (Number.isNaN(ta)) throw new ProjectionError(`${code}: PV2_1 (θa) is required (Paper II §5.4)`);
    this.thetaA = ta;
    this.theta0 = ta;
    this.eta = pvOr(pv, 2, 0);
  }

  protected abstract radius(theta: number): number;
  protected abstract thetaOfRadius(r: number): number;

  toNative(x: number, y: number, out: Float64Array): void {
    const dy = this.y0 - y;
    let r = Math.sqrt(x * x + dy * dy);
    if (this.thetaA < 0) r = -r;
    const phi = r === 0 ? 0 : atan2d(x / r, dy / r) / this.c;
    const theta = this.thetaOfRadius(r);
    if (Number.isNaN(theta)) {
      invalid(out);
      return;
    }
    writeNative(phi, theta, out);
  }

  toPlane(phi: number, theta: number, out: Float64Array): void {
    const r = this.radius(theta);
    if (Number.isNaN(r)) {
      invalid(out);
      return;
    }
    const a = this.c * phi;
    out[0] = r * sind(a);
    out[1] = -r * cosd(a) + this.y0;
  }
}

/** COP conic perspective, §5.4.1: C = sin θa, Rθ = R0 cos η [cot θa − tan(θ − θa)]. */
export class Cop extends Conic {
  readonly code = 'COP';
  private readonly w: number;
  constructor(pv: ProjectionParameters) {
    super(pv, 'COP');
    this.c = sind(this.thetaA);
    if (this.c === 0) throw new ProjectionError('COP: θa must not be 0');
    this.w = R2D * cosd(this.eta);
    if (this.w === 0) throw new ProjectionError('COP: η must not be ±90°');
    this.y0 = (this.w * cosd(this.thetaA)) / sind(this.thetaA);
  }
  protected radius(theta: number): number {
    const t = theta - this.thetaA;
    const s = cosd(t);
    if (s === 0) return Number.NaN;
    const r = this.y0 - (this.w * sind(t)) / s;
    if (r * this.c < 0) return Number.NaN; // beyond the cone's apex (wcslib cops2x bounds)
    return r;
  }
  protected thetaOfRadius(r: number): number {
    return this.thetaA + atand(this.y0 / this.w - r / this.w);
  }
}

/** COE conic equal area, §5.4.2: γ = sin θ1 + sin θ2, C = γ/2, Rθ = (R0/C)√(1 + sin θ1 sin θ2 − γ sin θ). */
export class Coe extends Conic {
  readonly code = 'COE';
  private readonly gamma: number;
  private readonly s1s2: number;
  constructor(pv: ProjectionParameters) {
    super(pv, 'COE');
    const s1 = sind(this.thetaA - this.eta);
    const s2 = sind(this.thetaA + this.eta);
    this.gamma = s1 + s2;
    if (this.gamma === 0) throw new ProjectionError('COE: θ1 = −θ2 is not allowed');
    this.s1s2 = 1 + s1 * s2;
    this.c = this.gamma / 2;
    this.y0 = (R2D / this.c) * Math.sqrt(this.s1s2 - this.gamma * sind(this.thetaA));
  }
  protected radius(theta: number): number {
    const v = this.s1s2 - this.gamma * sind(theta);
    if (v < 0) return Number.NaN;
    return (R2D / this.c) * Math.sqrt(v);
  }
  protected thetaOfRadius(r: number): number {
    const t = (r * this.c) / R2D;
    let w = (this.s1s2 - t * t) / this.gamma;
    if (Math.abs(w) > 1) {
      if (Math.abs(w) > 1 + 1e-13) return Number.NaN;
      w = w > 0 ? 1 : -1;
    }
    return Math.asin(w) * R2D;
  }
}

/** COD conic equidistant, §5.4.3: C = sin θa sin η/η, Rθ = θa − θ + η cot η cot θa (degrees). */
export class Cod extends Conic {
  readonly code = 'COD';
  constructor(pv: ProjectionParameters) {
    super(pv, 'COD');
    const etaRad = this.eta * D2R;
    const etaCotEta = this.eta === 0 ? R2D : this.eta / tand(this.eta);
    this.c = this.eta === 0 ? sind(this.thetaA) : (sind(this.thetaA) * sind(this.eta)) / etaRad;
    if (this.c === 0) throw new ProjectionError('COD: θa must not be 0');
    this.y0 = (etaCotEta * cosd(this.thetaA)) / sind(this.thetaA);
  }
  protected radius(theta: number): number {
    return this.thetaA - theta + this.y0;
  }
  protected thetaOfRadius(r: number): number {
    return this.thetaA + this.y0 - r;
  }
}

/** COO conic orthomorphic, §5.4.4: Rθ = ψ tan^C((90° − θ)/2). */
export class Coo extends Conic {
  readonly code = 'COO';
  private readonly psi: number;
  constructor(pv: ProjectionParameters) {
    super(pv, 'COO');
    const t1 = this.thetaA - this.eta;
    const t2 = this.thetaA + this.eta;
    const tan1 = tand((90 - t1) / 2);
    const cos1 = cosd(t1);
    if (t1 === t2) this.c = sind(t1);
    else this.c = Math.log(cosd(t2) / cos1) / Math.log(tand((90 - t2) / 2) / tan1);
    if (this.c === 0) throw new ProjectionError('COO: cone constant is 0');
    this.psi = (R2D * cos1) / (this.c * tan1 ** this.c);
    this.y0 = this.psi * tand((90 - this.thetaA) / 2) ** this.c;
  }
  protected radius(theta: number): number {
    if (theta === -90 && this.c >= 0) return Number.NaN;
    return this.psi * tand((90 - theta) / 2) ** this.c;
  }
  protected thetaOfRadius(r: number): number {
    if (r === 0) return this.c < 0 ? -90 : 90;
    return 90 - 2 * atand((r / this.psi) ** (1 / this.c));
  }
}
