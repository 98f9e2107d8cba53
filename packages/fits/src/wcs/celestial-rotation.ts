// The spherical rotation between native (φ, θ) and celestial (α, δ) coordinates, Calabretta & Greisen 2002
// (Paper II) §2.3 eqs. 2–3 (native → celestial) and 5 (celestial → native), with the celestial coordinates of the
// native pole (αp, δp) derived from CRVAL, (φ0, θ0), LONPOLE and LATPOLE per §2.4 (eqs. 8–10) and the default
// LONPOLE of §2.4 (0° when δ0 ≥ θ0, else 180°, plus φ0). Numerics follow wcslib cel.c/sph.c.
import { acosd, asind, atan2d, cosd, sind } from './angles.ts';

export class RotationError extends Error {}

/** Euler angles of the rotation: (αp, 90° − δp, φp) plus the cosine/sine of the second. */
export interface CelestialRotation {
  readonly alphaP: number;
  readonly deltaP: number;
  readonly phiP: number;
  readonly cosTilt: number;
  readonly sinTilt: number;
  readonly tilt: number;
}

const TOL = 1e-10;

/**
 * Paper II §2.4: the native pole's celestial coordinates from the reference point (α0, δ0) at native (φ0, θ0).
 * `lonpole`/`latpole` NaN means "not given" (defaults applied). Throws RotationError when inconsistent.
 */
export function celestialRotation(
  alpha0: number,
  delta0: number,
  phi0: number,
  theta0: number,
  lonpole: number,
  latpole: number,
): CelestialRotation {
  let phiP = lonpole;
  if (Number.isNaN(phiP) || phiP === 999) phiP = (delta0 < theta0 ? 180 : 0) + phi0;
  const latpoleRef = Number.isNaN(latpole) ? 90 : latpole;
  let alphaP: number;
  let deltaP: number;
  if (theta0 === 90) {
    // Fiducial point at the native pole (zenithal projections): the native pole is the reference point.
    alphaP = alpha0;
    deltaP = delta0;
  } else {
    const slat0 = sind(delta0);
    const clat0 = cosd(delta0);
    const sthe0 = sind(theta0);
    const cthe0 = cosd(theta0);
    let sphip: number;
    let u = 0;
    let v = 0;
    let z = 1;
    if (phiP === phi0) {
      sphip = 0;
      u = theta0;
      v = 90 - delta0;
    } else {
      sphip = sind(phiP - phi0);
      const cphip = cosd(phiP - phi0);
      const x = cthe0 * cphip;
      const y = sthe0;
      z = Math.sqrt(x * x + y * y);
      if (z === 0) {
        if (slat0 !== 0) throw new RotationError('LONPOLE/LATPOLE inconsistent with CRVAL (Paper II §2.4)');
        deltaP = latpoleRef;
      } else {
        if (Math.abs(slat0 / z) > 1) throw new RotationError('no valid native pole for this CRVAL/LONPOLE (eq. 8)');
        u = atan2d(y, x);
        v = acosd(slat0 / z);
      }
    }
    if (z !== 0) {
      // Two solutions of eq. 8; LATPOLE chooses the one closest to it (§2.4).
      let latp1 = u + v;
      if (latp1 > 180) latp1 -= 360;
      else if (latp1 < -180) latp1 += 360;
      let latp2 = u - v;
      if (latp2 > 180) latp2 -= 360;
      else if (latp2 < -180) latp2 += 360;
      let latp: number;
      if (Math.abs(latpoleRef - latp1) < Math.abs(latpoleRef - latp2)) {
        latp = Math.abs(latp1) < 90 + TOL ? latp1 : latp2;
      } else {
        latp = Math.abs(latp2) < 90 + TOL ? latp2 : latp1;
      }
      deltaP = latp;
    }
    deltaP = deltaP!;
    if (Math.abs(deltaP) > 90) deltaP = deltaP > 0 ? 90 : -90;
    const zz = cosd(deltaP) * clat0;
    if (Math.abs(zz) < TOL) {
      if (Math.abs(clat0) < TOL) {
        alphaP = alpha0; // celestial pole at the fiducial point
      } else if (deltaP > 0) {
        alphaP = alpha0 + phiP - phi0 - 180; // celestial north pole at the native pole
      } else {
        alphaP = alpha0 - phiP + phi0; // celestial south pole at the native pole
      }
    } else {
      const x = (sthe0 - sind(deltaP) * slat0) / zz;
      const y = (sphip * cthe0) / clat0;
      if (x === 0 && y === 0) throw new RotationError('native pole undefined (eq. 10)');
      alphaP = alpha0 - atan2d(y, x); // eq. 10
    }
    // Give αp the same sign convention as α0 (wcslib celset).
    if (alpha0 >= 0) {
      if (alphaP < 0) alphaP += 360;
      else if (alphaP > 360) alphaP -= 360;
    } else if (alphaP > 0) alphaP -= 360;
    else if (alphaP < -360) alphaP += 360;
  }
  const tilt = 90 - deltaP;
  return { alphaP, deltaP, phiP, tilt, cosTilt: cosd(tilt), sinTilt: sind(tilt) };
}

/** Native (φ, θ) → celestial (α, δ) into out[0], out[1]; Paper II eq. 2. α in [0, 360) when αp ≥ 0. */
export function nativeToCelestial(rot: CelestialRotation, phi: number, theta: number, out: Float64Array): void {
  if (Number.isNaN(phi) || Number.isNaN(theta)) {
    out[0] = Number.NaN;
    out[1] = Number.NaN;
    return;
  }
  const dphi = phi - rot.phiP;
  const sthe = sind(theta);
  const cthe = cosd(theta);
  const cdphi = cosd(dphi);
  let x = sthe * rot.sinTilt - cthe * rot.cosTilt * cdphi;
  if (Math.abs(x) < 1e-5) x = -cosd(theta + rot.tilt) + cthe * rot.cosTilt * (1 - cdphi); // rounding-safe form
  const y = -cthe * sind(dphi);
  let dlng: number;
  if (x !== 0 || y !== 0) dlng = atan2d(y, x);
  else dlng = rot.tilt < 90 ? dphi + 180 : -dphi;
  let lng = rot.alphaP + dlng;
  if (rot.alphaP >= 0) {
    if (lng < 0) lng += 360;
  } else if (lng > 0) lng -= 360;
  if (lng >= 360) lng -= 360;
  else if (lng <= -360) lng += 360;
  let lat: number;
  if (dphi % 180 === 0) {
    lat = theta + cdphi * rot.tilt;
    if (lat > 90) lat = 180 - lat;
    if (lat < -90) lat = -180 - lat;
  } else {
    const z = sthe * rot.cosTilt + cthe * rot.sinTilt * cdphi;
    lat = Math.abs(z) > 0.99 ? Math.sign(z) * acosd(Math.sqrt(x * x + y * y)) : asind(z);
  }
  out[0] = lng;
  out[1] = lat;
}

/** Celestial (α, δ) → native (φ, θ) into out[0], out[1]; Paper II eq. 5. φ in [−180, 180]. */
export function celestialToNative(rot: CelestialRotation, lng: number, lat: number, out: Float64Array): void {
  const dlng = lng - rot.alphaP;
  const slat = sind(lat);
  const clat = cosd(lat);
  const cdlng = cosd(dlng);
  let x = slat * rot.sinTilt - clat * rot.cosTilt * cdlng;
  if (Math.abs(x) < 1e-5) x = -cosd(lat + rot.tilt) + clat * rot.cosTilt * (1 - cdlng);
  const y = -clat * sind(dlng);
  let dphi: number;
  if (x !== 0 || y !== 0) dphi = atan2d(y, x);
  else dphi = rot.tilt < 90 ? dlng - 180 : -dlng;
  let phi = (rot.phiP + dphi) % 360;
  if (phi > 180) phi -= 360;
  else if (phi < -180) phi += 360;
  let theta: number;
  if (dlng % 180 === 0) {
    theta = lat + cdlng * rot.tilt;
    if (theta > 90) theta = 180 - theta;
    if (theta < -90) theta = -180 - theta;
  } else {
    const z = slat * rot.cosTilt + clat * rot.sinTilt * cdlng;
    theta = Math.abs(z) > 0.99 ? Math.sign(z) * acosd(Math.sqrt(x * x + y * y)) : asind(z);
  }
  out[0] = phi;
  out[1] = theta;
}
