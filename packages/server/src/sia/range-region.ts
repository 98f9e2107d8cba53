// SIA 2.0 §2.1.1 POS=RANGE ra1 ra2 dec1 dec2 as ADQL conditions on a footprint column. A RANGE is bounded by two
// meridians (great circles) and two parallels (small circles), which no ADQL geometry is, so:
// - a RANGE over all RA is a band of declination: a connected footprint meets it when it reaches north of dec1 and
//   south of dec2, each said with a polar cap CIRCLE of radius ≤ 90° (pgSphere's limit): "reaches north of d" is
//   INTERSECTS(cap north of d) for d ≥ 0, else NOT CONTAINS(footprint, cap south of d);
// - a RANGE over part of the RA circle is cut into pieces of ≤ 90° of RA and one hemisphere of Dec, each a POLYGON
//   whose meridian edges are exact and whose parallels are followed by vertices close enough that the great-circle
//   edge between two of them strays from the parallel by less than 1 arcsec per degree of the RANGE's RA span, and
//   at least 1 arcsec (deviation ≈ Δα²·sin 2δ / 16): pgSphere's cost grows with the vertex count (a 70° × 20° RANGE
//   at 1 arcsec is 120 vertices per parallel and 1.5 s on the demo; at 70 arcsec, 15). A piece that reaches a pole
//   has the pole as one vertex. ra1 > ra2 wraps through RA 0.
import { formatNumber } from '@obscura/sky';

const DEG = Math.PI / 180;
/** Largest stray of a polygon edge from the parallel it follows (radians): 1 arcsec per degree of span, ≥ 1 arcsec. */
function maxStray(spanDeg: number): number {
  return (Math.max(1, spanDeg) / 3600) * DEG;
}
const MAX_PIECE_RA = 90;

const n = formatNumber;

/** RA step (degrees) along a parallel at dec so that a great-circle edge strays < `stray` (radians) from it. */
function raStep(dec: number, stray: number): number {
  const s = Math.abs(Math.sin(2 * dec * DEG));
  const stepRad = Math.sqrt((16 * stray) / Math.max(s, 1e-6));
  return Math.min(10, stepRad / DEG);
}

const norm = (ra: number) => {
  const r = ra % 360;
  return r < 0 ? r + 360 : r;
};

/** Points along the parallel dec from ra a to ra b (a < b, unwrapped), ends included. */
function parallel(a: number, b: number, dec: number, stray: number): [number, number][] {
  if (Math.abs(dec) >= 90) return [[0, dec]];
  const steps = Math.max(1, Math.ceil((b - a) / raStep(dec, stray)));
  const out: [number, number][] = [];
  for (let i = 0; i <= steps; i++) out.push([norm(a + ((b - a) * i) / steps), dec]);
  return out;
}

/** The polygon of one piece: along dec1 eastwards, then back along dec2 westwards. */
function piecePolygon(a: number, b: number, d1: number, d2: number, stray: number): [number, number][] {
  return [...parallel(a, b, d1, stray), ...parallel(a, b, d2, stray).reverse()];
}

export function cap(pole: 1 | -1, radius: number): string {
  return `CIRCLE('ICRS', 0, ${pole * 90}, ${n(Math.max(radius, 1e-9))})`;
}

/** The ADQL condition "the footprint in `column` intersects the RANGE", or null for the whole sky. */
export function rangeCondition(column: string, ra1: number, ra2: number, dec1: number, dec2: number): string | null {
  const span = ra1 <= ra2 ? ra2 - ra1 : ra2 + 360 - ra1;
  if (span >= 360) {
    const parts: string[] = [];
    // Reaches north of dec1.
    if (dec1 >= 0) parts.push(`INTERSECTS(${column}, ${cap(1, 90 - dec1)}) = 1`);
    else if (dec1 > -90) parts.push(`CONTAINS(${column}, ${cap(-1, 90 + dec1)}) = 0`);
    // Reaches south of dec2.
    if (dec2 <= 0) parts.push(`INTERSECTS(${column}, ${cap(-1, 90 + dec2)}) = 1`);
    else if (dec2 < 90) parts.push(`CONTAINS(${column}, ${cap(1, 90 - dec2)}) = 0`);
    return parts.length === 0 ? null : parts.length === 1 ? parts[0] : `(${parts.join(' AND ')})`;
  }
  const width = Math.max(span, 1e-9);
  const decPieces: [number, number][] =
    dec1 < 0 && dec2 > 0
      ? [
          [dec1, 0],
          [0, dec2],
        ]
      : [[dec1, dec2 > dec1 ? dec2 : dec1 + 1e-9]];
  const pieces = Math.ceil(width / MAX_PIECE_RA);
  const polygons: string[] = [];
  for (let i = 0; i < pieces; i++) {
    const a = ra1 + (width * i) / pieces;
    const b = ra1 + (width * (i + 1)) / pieces;
    for (const [d1, d2] of decPieces) {
      const vertices = piecePolygon(a, b, d1, d2, maxStray(width));
      polygons.push(
        `INTERSECTS(${column}, POLYGON('ICRS', ${vertices.map(([r, d]) => `${n(r)}, ${n(d)}`).join(', ')})) = 1`,
      );
    }
  }
  return polygons.length === 1 ? polygons[0] : `(${polygons.join(' OR ')})`;
}
