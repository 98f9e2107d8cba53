// TSC tangential spherical cube, Calabretta & Greisen 2002 (Paper II) §5.6.1: six gnomonic faces laid out in a
// cross; (φ0, θ0) = (0, 0). Face layout and (ξ, η, ζ) per face from Paper II Table 11. (CSC and QSC not done.)
import { asind, atan2d, cosd, sind } from '../angles.ts';
import { invalid, type Projection } from './projection.ts';

const FACE_OFFSET_X = [0, 0, 2, 4, 6, 0];
const FACE_OFFSET_Y = [2, 0, 0, 0, 0, -2];

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
