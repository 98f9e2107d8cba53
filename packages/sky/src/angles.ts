// Degree/radian helpers and unit-vector conversions. The vector functions write into caller-supplied arrays so that
// per-row and per-pixel loops do not allocate.

export const DEG2RAD = Math.PI / 180;
export const RAD2DEG = 180 / Math.PI;

export function toRadians(deg: number): number {
  return deg * DEG2RAD;
}

export function toDegrees(rad: number): number {
  return rad * RAD2DEG;
}

/** Longitude wrapped into [0, 360). */
export function normalizeLon(lonDeg: number): number {
  const l = lonDeg % 360;
  const w = l < 0 ? l + 360 : l;
  return w >= 360 ? 0 : w;
}

/** Writes the unit vector (x, y, z) of (lon, lat) in degrees at out[offset..offset+2]. */
export function lonLatToVector(lonDeg: number, latDeg: number, out: Float64Array, offset = 0): void {
  const lon = lonDeg * DEG2RAD;
  const lat = latDeg * DEG2RAD;
  const c = Math.cos(lat);
  out[offset] = c * Math.cos(lon);
  out[offset + 1] = c * Math.sin(lon);
  out[offset + 2] = Math.sin(lat);
}

/**
 * Writes (lon, lat) in degrees of the direction (x, y, z) (any length > 0) at out[offset], out[offset+1];
 * lon in [0, 360), 0 at the poles. atan2 for both angles, so it is accurate everywhere.
 */
export function vectorToLonLat(x: number, y: number, z: number, out: Float64Array, offset = 0): void {
  const r = Math.sqrt(x * x + y * y);
  let lon = r === 0 ? 0 : Math.atan2(y, x) * RAD2DEG;
  if (lon < 0) lon += 360;
  if (lon >= 360) lon -= 360;
  out[offset] = lon;
  out[offset + 1] = Math.atan2(z, r) * RAD2DEG;
}
