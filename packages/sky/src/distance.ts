// Angular distance and position angle on the sphere (degrees in, degrees out).
import { DEG2RAD, RAD2DEG } from './angles.ts';

/**
 * Great-circle distance in degrees between (ra1, dec1) and (ra2, dec2), with the Vincenty formula (the special case
 * of Vincenty 1975 for a sphere): atan2 of the cross- and dot-product magnitudes, so it keeps full relative precision
 * for tiny separations (where acos of the dot product loses it) and near 180° (where haversine loses it).
 */
export function angularDistance(ra1: number, dec1: number, ra2: number, dec2: number): number {
  const dra = (ra2 - ra1) * DEG2RAD;
  const p1 = dec1 * DEG2RAD;
  const p2 = dec2 * DEG2RAD;
  const s1 = Math.sin(p1);
  const c1 = Math.cos(p1);
  const s2 = Math.sin(p2);
  const c2 = Math.cos(p2);
  const sd = Math.sin(dra);
  const cd = Math.cos(dra);
  const a = c2 * sd;
  const b = c1 * s2 - s1 * c2 * cd;
  return Math.atan2(Math.sqrt(a * a + b * b), s1 * s2 + c1 * c2 * cd) * RAD2DEG;
}

/** Angle in radians between two unit vectors stored at a[ia..ia+2] and b[ib..ib+2] (atan2 form, stable). */
export function vectorAngle(a: ArrayLike<number>, ia: number, b: ArrayLike<number>, ib: number): number {
  const ax = a[ia];
  const ay = a[ia + 1];
  const az = a[ia + 2];
  const bx = b[ib];
  const by = b[ib + 1];
  const bz = b[ib + 2];
  const cx = ay * bz - az * by;
  const cy = az * bx - ax * bz;
  const cz = ax * by - ay * bx;
  return Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz), ax * bx + ay * by + az * bz);
}

/**
 * Position angle in degrees [0, 360) of (ra2, dec2) as seen from (ra1, dec1), measured from north through east
 * (the IAU convention; astropy `position_angle`). 0 when the points coincide.
 */
export function positionAngle(ra1: number, dec1: number, ra2: number, dec2: number): number {
  const dra = (ra2 - ra1) * DEG2RAD;
  const p1 = dec1 * DEG2RAD;
  const p2 = dec2 * DEG2RAD;
  const y = Math.sin(dra) * Math.cos(p2);
  // cos p1 sin p2 − sin p1 cos p2 cos Δα, rewritten without the cancellation at small separations.
  const h = Math.sin(dra / 2);
  const x = Math.sin(p2 - p1) + 2 * Math.sin(p1) * Math.cos(p2) * h * h;
  let pa = Math.atan2(y, x) * RAD2DEG;
  if (pa < 0) pa += 360;
  return pa >= 360 ? pa - 360 : pa;
}

/**
 * The point reached from (ra, dec) after moving `distDeg` along position angle `paDeg`; writes ra in [0,360), dec
 * into out (the inverse of angularDistance + positionAngle).
 */
export function offsetByPositionAngle(
  ra: number,
  dec: number,
  paDeg: number,
  distDeg: number,
  out: Float64Array,
  offset = 0,
): void {
  const p1 = dec * DEG2RAD;
  const d = distDeg * DEG2RAD;
  const pa = paDeg * DEG2RAD;
  const sp2 = Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(pa);
  const p2 = Math.asin(Math.max(-1, Math.min(1, sp2)));
  const dra = Math.atan2(Math.sin(pa) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * sp2);
  let lon = ra + dra * RAD2DEG;
  lon %= 360;
  if (lon < 0) lon += 360;
  out[offset] = lon >= 360 ? lon - 360 : lon;
  out[offset + 1] = p2 * RAD2DEG;
}
