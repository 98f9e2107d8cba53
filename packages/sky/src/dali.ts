// DALI 1.1 §3.3.5–3.3.7 serialisations of point, circle and polygon: numbers separated by white space, degrees,
// longitude in [0, 360), latitude in [−90, 90], radius in (0, 180], a polygon has ≥ 3 vertices.
import { diag, type SkyDiagnostic } from './diagnostics.ts';
import type { CircleShape, PointShape, PolygonShape, Shape } from './shapes.ts';

export interface ParseResult<T> {
  /** The value, or undefined when an error was found. */
  value?: T;
  diagnostics: SkyDiagnostic[];
}

/** Splits DALI text into numbers; reports every token that is not a finite number. */
export function parseNumbers(text: string, what: string, diagnostics: SkyDiagnostic[]): number[] | undefined {
  const out: number[] = [];
  const re = /\S+/g;
  let bad = false;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const tok = m[0];
    const v = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(tok) ? Number(tok) : Number.NaN;
    if (!Number.isFinite(v)) {
      diagnostics.push(
        diag('SKY_BAD_NUMBER', `${what}: "${tok}" is not a number`, 'error', {
          start: m.index,
          end: m.index + tok.length,
        }),
      );
      bad = true;
    } else out.push(v);
  }
  if (!bad && out.length === 0) diagnostics.push(diag('SKY_EMPTY', `${what}: the value is empty`));
  return bad || out.length === 0 ? undefined : out;
}

/** Checks a (ra, dec) pair; pushes diagnostics and returns false when out of range. */
export function checkCoordinates(ra: number, dec: number, what: string, diagnostics: SkyDiagnostic[]): boolean {
  let ok = true;
  if (!(ra >= 0 && ra < 360)) {
    diagnostics.push(diag('SKY_BAD_LONGITUDE', `${what}: longitude ${ra} is outside [0, 360)`));
    ok = false;
  }
  if (!(dec >= -90 && dec <= 90)) {
    diagnostics.push(diag('SKY_BAD_LATITUDE', `${what}: latitude ${dec} is outside [-90, 90]`));
    ok = false;
  }
  return ok;
}

export function parseDaliPoint(text: string): ParseResult<PointShape> {
  const diagnostics: SkyDiagnostic[] = [];
  const n = parseNumbers(text, 'point', diagnostics);
  if (!n) return { diagnostics };
  if (n.length !== 2) {
    diagnostics.push(diag('SKY_WRONG_COUNT', `point: a point is "ra dec" (2 numbers), got ${n.length}`));
    return { diagnostics };
  }
  if (!checkCoordinates(n[0], n[1], 'point', diagnostics)) return { diagnostics };
  return { value: { type: 'point', ra: n[0], dec: n[1] }, diagnostics };
}

export function checkRadius(r: number, what: string, diagnostics: SkyDiagnostic[]): boolean {
  if (r > 0 && r <= 180) return true;
  diagnostics.push(diag('SKY_BAD_RADIUS', `${what}: radius ${r} is outside (0, 180]`));
  return false;
}

export function parseDaliCircle(text: string): ParseResult<CircleShape> {
  const diagnostics: SkyDiagnostic[] = [];
  const n = parseNumbers(text, 'circle', diagnostics);
  if (!n) return { diagnostics };
  if (n.length !== 3) {
    diagnostics.push(diag('SKY_WRONG_COUNT', `circle: a circle is "ra dec radius" (3 numbers), got ${n.length}`));
    return { diagnostics };
  }
  const ok = checkCoordinates(n[0], n[1], 'circle', diagnostics) && checkRadius(n[2], 'circle', diagnostics);
  return ok ? { value: { type: 'circle', ra: n[0], dec: n[1], radius: n[2] }, diagnostics } : { diagnostics };
}

/** Checks a flat vertex list for a polygon; returns the shape or undefined with diagnostics. */
export function polygonFromNumbers(n: number[], what: string, diagnostics: SkyDiagnostic[]): PolygonShape | undefined {
  if (n.length % 2 !== 0) {
    diagnostics.push(
      diag('SKY_WRONG_COUNT', `${what}: a polygon needs pairs of numbers (ra dec), got an odd count ${n.length}`),
    );
    return undefined;
  }
  if (n.length < 6) {
    diagnostics.push(diag('SKY_BAD_POLYGON', `${what}: a polygon needs at least 3 vertices, got ${n.length / 2}`));
    return undefined;
  }
  let ok = true;
  const vertices = [];
  for (let i = 0; i < n.length; i += 2) {
    if (!checkCoordinates(n[i], n[i + 1], `${what} vertex ${i / 2 + 1}`, diagnostics)) ok = false;
    vertices.push({ ra: n[i], dec: n[i + 1] });
  }
  if (!ok) return undefined;
  const distinct = new Set(vertices.map((v) => `${v.ra} ${v.dec}`));
  if (distinct.size < 3) {
    diagnostics.push(
      diag('SKY_BAD_POLYGON', `${what}: a polygon needs at least 3 distinct vertices, got ${distinct.size}`),
    );
    return undefined;
  }
  return { type: 'polygon', vertices };
}

export function parseDaliPolygon(text: string): ParseResult<PolygonShape> {
  const diagnostics: SkyDiagnostic[] = [];
  const n = parseNumbers(text, 'polygon', diagnostics);
  if (!n) return { diagnostics };
  const value = polygonFromNumbers(n, 'polygon', diagnostics);
  return value ? { value, diagnostics } : { diagnostics };
}

/** Shortest decimal text that reads back to the same double. */
export function formatNumber(v: number): string {
  return Object.is(v, -0) ? '0' : String(v);
}

/** DALI text of a point, circle or polygon (a box is printed as its polygon by the caller). */
export function formatDali(shape: Shape): string {
  switch (shape.type) {
    case 'point':
      return `${formatNumber(shape.ra)} ${formatNumber(shape.dec)}`;
    case 'circle':
      return `${formatNumber(shape.ra)} ${formatNumber(shape.dec)} ${formatNumber(shape.radius)}`;
    case 'polygon':
      return shape.vertices.map((v) => `${formatNumber(v.ra)} ${formatNumber(v.dec)}`).join(' ');
    case 'box':
      throw new RangeError('DALI has no box type: convert it with boxToPolygon first');
  }
}
