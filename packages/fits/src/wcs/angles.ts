// Degree-based trigonometry in the manner of wcslib's wcstrig.c: exact results at multiples of 90°, so that
// e.g. cosd(90) is 0 and the pole and reference-point special cases of Calabretta & Greisen 2002 (Paper II) hold.

export const D2R = Math.PI / 180;
export const R2D = 180 / Math.PI;

export function cosd(a: number): number {
  if (a % 90 === 0) {
    const i = Math.abs(Math.round(a / 90)) % 4;
    return i === 0 ? 1 : i === 2 ? -1 : 0;
  }
  return Math.cos(a * D2R);
}

export function sind(a: number): number {
  if (a % 90 === 0) {
    const i = ((Math.round(a / 90) % 4) + 4) % 4;
    return i === 1 ? 1 : i === 3 ? -1 : 0;
  }
  return Math.sin(a * D2R);
}

export function tand(a: number): number {
  const r = a % 360;
  if (r === 0 || Math.abs(r) === 180) return 0;
  if (r === 45 || r === -315 || r === 225 || r === -135) return 1;
  if (r === -45 || r === 315 || r === -225 || r === 135) return -1;
  return Math.tan(a * D2R);
}

export function asind(v: number): number {
  if (v <= -1) {
    if (v + 1 > -1e-10) return -90;
  } else if (v === 0) {
    return 0;
  } else if (v >= 1) {
    if (v - 1 < 1e-10) return 90;
  }
  return Math.asin(v) * R2D;
}

export function acosd(v: number): number {
  if (v >= 1) {
    if (v - 1 < 1e-10) return 0;
  } else if (v === 0) {
    return 90;
  } else if (v <= -1) {
    if (v + 1 > -1e-10) return 180;
  }
  return Math.acos(v) * R2D;
}

export function atand(v: number): number {
  if (v === -1) return -45;
  if (v === 0) return 0;
  if (v === 1) return 45;
  return Math.atan(v) * R2D;
}

export function atan2d(y: number, x: number): number {
  if (y === 0) {
    if (x >= 0) return 0;
    if (x < 0) return 180;
  } else if (x === 0) {
    return y > 0 ? 90 : -90;
  }
  return Math.atan2(y, x) * R2D;
}

/** Longitude folded into [0, 360). */
export function normalizeLongitude(lon: number): number {
  const l = lon % 360;
  return l < 0 ? l + 360 : l === 360 ? 0 : l;
}
