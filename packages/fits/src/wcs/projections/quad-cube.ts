// Quadrilateralized spherical cube projections, Calabretta & Greisen 2002 (Paper II) §5.6: six faces laid out in a
// cross, (φ0, θ0) = (0, 0); face layout and (ξ, η, ζ) per face from Paper II §5.6. TSC (§5.6.1, gnomonic faces)
// and QSC (§5.6.3, equal-area faces). CSC (§5.6.2, polynomial approximation) is not implemented.
import { asind, atan2d, atand, cosd, sind } from '../angles.ts';
import { invalid, PRJ_TOL, type Projection } from './projection.ts';

const FACE_OFFSET_X = [0, 0, 2, 4, 6, 0];
const FACE_OFFSET_Y = [2, 0, 0, 0, 0, -2];

/** Direction cosines → face number and (ξ, η, ζ) of that face (Paper II §5.6, the face with the largest ζ). */
function faceOf(l: number, m: number, n: number, out: Float64Array): number {
  let face = 0;
  let zeta = n;
  if (l > zeta) {
    face = 1;
    zeta = l;
  }
  if (m > zeta) {
    face = 2;
    zeta = m;
  }
  if (-l > zeta) {
    face = 3;
    zeta = -l;
  }
  if (-m > zeta) {
    face = 4;
    zeta = -m;
  }
  if (-n > zeta) {
    face = 5;
    zeta = -n;
  }
  const xi = [m, m, -l, -m, l, m][face];
  const eta = [-l, n, n, n, n, l][face];
  out[0] = xi;
  out[1] = eta;
  out[2] = zeta;
  return face;
}

/** Plane (x, y) in degrees → face and face-local (xf, yf) in [−1, 1]; −1 outside the cross. */
function planeFace(x: number, y: number, out: Float64Array): number {
  let xf = x / 45;
  let yf = y / 45;
  if (Math.abs(xf) <= 1) {
    if (Math.abs(yf) > 3) return -1;
  } else if (Math.abs(xf) > 7 || Math.abs(yf) > 1) {
    return -1;
  }
  if (xf < -1) xf += 8;
  let face: number;
  if (yf > 1) {
    face = 0;
    yf -= 2;
  } else if (yf < -1) {
    face = 5;
    yf += 2;
  } else if (xf < 1) {
    face = 1;
  } else if (xf < 3) {
    face = 2;
    xf -= 2;
  } else if (xf < 5) {
    face = 3;
    xf -= 4;
  } else {
    face = 4;
    xf -= 6;
  }
  out[0] = xf;
  out[1] = yf;
  return face;
}

/** Face-local (ξ, η, ζ) → (φ, θ). */
function faceToNative(face: number, xi: number, eta: number, zeta: number, out: Float64Array): void {
  let l: number;
  let m: number;
  let n: number;
  switch (face) {
    case 0:
      m = xi;
      l = -eta;
      n = zeta;
      break;
    case 1:
      m = xi;
      n = eta;
      l = zeta;
      break;
    case 2:
      l = -xi;
      n = eta;
      m = zeta;
      break;
    case 3:
      m = -xi;
      n = eta;
      l = -zeta;
      break;
    case 4:
      l = xi;
      n = eta;
      m = -zeta;
      break;
    default:
      m = xi;
      l = eta;
      n = -zeta;
  }
  out[0] = l === 0 && m === 0 ? 0 : atan2d(m, l);
  out[1] = atan2d(n, Math.sqrt(l * l + m * m));
}

/** QSC quadrilateralized spherical cube, §5.6.3: an equal-area mapping of each face. */
export class Qsc implements Projection {
  readonly code = 'QSC';
  readonly phi0 = 0;
  readonly theta0 = 0;
  private readonly t = new Float64Array(3);

  toPlane(phi: number, theta: number, out: Float64Array): void {
    const ct = cosd(theta);
    const t = this.t;
    const face = faceOf(ct * cosd(phi), ct * sind(phi), sind(theta), t);
    const xi = t[0];
    const eta = t[1];
    const zeta = t[2];
    const w = (xi * xi + eta * eta) / (1 + zeta); // 1 − ζ without cancellation
    let xf = 0;
    let yf = 0;
    if (xi !== 0 || eta !== 0) {
      const direct = Math.abs(xi) >= Math.abs(eta);
      const omega = direct ? eta / xi : xi / eta;
      const tau = 1 + omega * omega;
      const u = Math.sqrt(w / (1 - 1 / Math.sqrt(1 + tau)));
      const v = (u / 15) * (atand(omega) - asind(omega / Math.sqrt(tau + tau)));
      if (direct) {
        xf = xi < 0 ? -u : u;
        yf = xi < 0 ? -v : v;
      } else {
        yf = eta < 0 ? -u : u;
        xf = eta < 0 ? -v : v;
      }
    }
    out[0] = 45 * (xf + FACE_OFFSET_X[face]);
    out[1] = 45 * (yf + FACE_OFFSET_Y[face]);
  }

  toNative(x: number, y: number, out: Float64Array): void {
    const t = this.t;
    const face = planeFace(x, y, t);
    if (face < 0) {
      invalid(out);
      return;
    }
    const xf = t[0];
    const yf = t[1];
    const direct = Math.abs(xf) > Math.abs(yf);
    const big = direct ? xf : yf;
    if (big === 0) {
      faceToNative(face, 0, 0, 1, out);
      return;
    }
    const w = (15 * (direct ? yf : xf)) / big;
    const omega = sind(w) / (cosd(w) - Math.SQRT1_2);
    const tau = 1 + omega * omega;
    let zco = big * big * (1 - 1 / Math.sqrt(1 + tau)); // 1 − ζ
    if (zco > 2) {
      if (zco > 2 + PRJ_TOL) {
        invalid(out);
        return;
      }
      zco = 2;
    }
    const s = Math.sqrt((zco * (2 - zco)) / tau);
    const a = big < 0 ? -s : s;
    if (direct) faceToNative(face, a, omega * a, 1 - zco, out);
    else faceToNative(face, omega * a, a, 1 - zco, out);
  }
}

export class Tsc implements Projection {
  readonly code = 'TSC';
  readonly phi0 = 0;
  readonly theta0 = 0;

  toPlane(phi: number, theta: number, out: Float64Array): void {
    const ct = cosd(theta);
    const l = ct * cosd(phi);
    const m = ct * sind(phi);
    const n = sind(theta);
    let face = 0;
    let zeta = n;
    if (l > zeta) {
      face = 1;
      zeta = l;
    }
    if (m > zeta) {
      face = 2;
      zeta = m;
    }
    if (-l > zeta) {
      face = 3;
      zeta = -l;
    }
    if (-m > zeta) {
      face = 4;
      zeta = -m;
    }
    if (-n > zeta) {
      face = 5;
      zeta = -n;
    }
    let xi: number;
    let eta: number;
    switch (face) {
      case 0:
        xi = m;
        eta = -l;
        break;
      case 1:
        xi = m;
        eta = n;
        break;
      case 2:
        xi = -l;
        eta = n;
        break;
      case 3:
        xi = -m;
        eta = n;
        break;
      case 4:
        xi = l;
        eta = n;
        break;
      default:
        xi = m;
        eta = l;
    }
    out[0] = 45 * (xi / zeta + FACE_OFFSET_X[face]);
    out[1] = 45 * (eta / zeta + FACE_OFFSET_Y[face]);
  }

  toNative(x: number, y: number, out: Float64Array): void {
    let xf = x / 45;
    let yf = y / 45;
    if (Math.abs(xf) <= 1) {
      if (Math.abs(yf) > 3) {
        invalid(out);
        return;
      }
    } else if (Math.abs(xf) > 7 || Math.abs(yf) > 1) {
      invalid(out);
      return;
    }
    if (xf < -1) xf += 8;
    let face: number;
    if (yf > 1) {
      face = 0;
      yf -= 2;
    } else if (yf < -1) {
      face = 5;
      yf += 2;
    } else if (xf < 1) {
      face = 1;
    } else if (xf < 3) {
      face = 2;
      xf -= 2;
    } else if (xf < 5) {
      face = 3;
      xf -= 4;
    } else {
      face = 4;
      xf -= 6;
    }
    const zeta = 1 / Math.sqrt(1 + xf * xf + yf * yf);
    const xi = xf * zeta;
    const eta = yf * zeta;
    let l: number;
    let m: number;
    let n: number;
    switch (face) {
      case 0:
        m = xi;
        l = -eta;
        n = zeta;
        break;
      case 1:
        m = xi;
        n = eta;
        l = zeta;
        break;
      case 2:
        l = -xi;
        n = eta;
        m = zeta;
        break;
      case 3:
        m = -xi;
        n = eta;
        l = -zeta;
        break;
      case 4:
        l = xi;
        n = eta;
        m = -zeta;
        break;
      default:
        m = xi;
        l = eta;
        n = -zeta;
    }
    out[0] = l === 0 && m === 0 ? 0 : atan2d(m, l);
    out[1] = asind(n);
  }
}
