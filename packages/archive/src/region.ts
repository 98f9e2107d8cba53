// Footprints (s_region values) to pgSphere literals. Accepts the DALI 1.1 §3.3 serializations (polygon: "ra1 dec1
// ra2 dec2 ..."; circle: "ra dec radius") and the STC-S forms TAP 1.0 services exchange ("POLYGON ICRS ...",
// "CIRCLE ICRS ...", "BOX ..." is not supported). A circle becomes a 16-gon circumscribing it, so that one spoly
// column (and one GiST index) serves every product.
export interface Polygon {
  /** Vertices in degrees, [ra, dec] pairs. */
  vertices: [number, number][];
}

const CIRCLE_SIDES = 16;

function numbers(text: string): number[] | null {
  const parts = text
    .trim()
    .split(/[\s,]+/)
    .filter(Boolean);
  const out = parts.map(Number);
  return out.every(Number.isFinite) ? out : null;
}

/** Parses a footprint into a polygon; null when it is not a polygon or circle we understand. */
export function parseRegion(text: string): Polygon | null {
  let body = text.trim();
  let kind: 'polygon' | 'circle' | null = null;
  const stcs =
    /^(POLYGON|CIRCLE)\s+(?:(ICRS|FK5|J2000|UNKNOWNFRAME)\s+)?(?:(?:BARYCENTER|GEOCENTER|TOPOCENTER|UNKNOWNREFPOS)\s+)?(?:(?:SPHERICAL2)\s+)?(.*)$/i.exec(
      body,
    );
  if (stcs) {
    kind = stcs[1].toUpperCase() === 'POLYGON' ? 'polygon' : 'circle';
    body = stcs[3];
  }
  const v = numbers(body);
  if (!v) return null;
  if (kind === null) kind = v.length === 3 ? 'circle' : 'polygon';
  if (kind === 'circle') {
    if (v.length !== 3 || !(v[2] > 0)) return null;
    return circleToPolygon(v[0], v[1], v[2]);
  }
  if (v.length < 6 || v.length % 2 !== 0) return null;
  const vertices: [number, number][] = [];
  for (let i = 0; i < v.length; i += 2) vertices.push([v[i], v[i + 1]]);
  return { vertices };
}

/** A regular polygon circumscribing the circle (vertex distance r / cos(pi/n) so every edge stays outside it). */
export function circleToPolygon(ra: number, dec: number, radiusDeg: number, n = CIRCLE_SIDES): Polygon {
  const d2r = Math.PI / 180;
  const rho = Math.atan(Math.tan(radiusDeg * d2r) / Math.cos(Math.PI / n));
  const a0 = ra * d2r;
  const d0 = dec * d2r;
  const vertices: [number, number][] = [];
  for (let k = 0; k < n; k++) {
    // Destination point at angular distance rho and position angle theta (counter-clockwise on the sky seen from
    // inside the sphere, i.e. east of north), spherical trigonometry.
    const theta = (2 * Math.PI * k) / n;
    const sinD = Math.sin(d0) * Math.cos(rho) + Math.cos(d0) * Math.sin(rho) * Math.cos(theta);
    const d = Math.asin(Math.max(-1, Math.min(1, sinD)));
    const a = a0 + Math.atan2(Math.sin(theta) * Math.sin(rho) * Math.cos(d0), Math.cos(rho) - Math.sin(d0) * sinD);
    vertices.push([(((a / d2r) % 360) + 360) % 360, d / d2r]);
  }
  return { vertices };
}

/** pgSphere spoly input literal, `{(ra1d,dec1d),(ra2d,dec2d),...}` (pgSphere 1.1 manual §2.7). */
export function spolyLiteral(p: Polygon): string {
  return `{${p.vertices.map(([a, d]) => `(${a}d,${d}d)`).join(',')}}`;
}

/** pgSphere spoint input literal `(rad,decd)` in degrees. */
export function spointLiteral(raDeg: number, decDeg: number): string {
  return `(${raDeg}d,${decDeg}d)`;
}
