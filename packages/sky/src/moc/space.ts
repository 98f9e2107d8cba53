// Space MOCs from sky geometry (MOC 2.0 §3.1, §4.1: HEALPix NESTED cells in ICRS) and their measures. The cone and
// polygon coverages come from the HEALPix queries (healpix/query-disc.ts, query-polygon.ts), so they are limited
// to depth ≤ 24 like those; `inclusive` (the default) keeps every cell that may overlap the shape, the usual
// MOC upper approximation (§3.1), else only the cells whose centre is inside.

import { ang2pixBig } from '../healpix/big.ts';
import { DEG } from '../healpix/constants.ts';
import { neighbours } from '../healpix/neighbours.ts';
import { ang2pix, ang2pixMany } from '../healpix/nested.ts';
import { queryDisc } from '../healpix/query-disc.ts';
import { queryPolygon } from '../healpix/query-polygon.ts';
import type { PolygonShape, Vertex } from '../shapes.ts';
import { cellCount } from './dimension.ts';
import { Moc } from './moc.ts';
import { ringCoverage } from './ring-coverage.ts';

/** Square degrees of the whole sphere: 4π sr × (180/π)². */
export const SPHERE_SQUARE_DEGREES = 4 * Math.PI * (180 / Math.PI) ** 2;

export interface ShapeMocOptions {
  /** Keep every cell that may overlap the shape (default true); false: cells whose centre is inside. */
  inclusive?: boolean;
}

function checkNumberDepth(depth: number): void {
  if (!Number.isInteger(depth) || depth < 0 || depth > 24) {
    throw new RangeError(`shape MOCs are built at depth 0..24 (the HEALPix queries' limit), got ${depth}`);
  }
}

/** Space MOC of a cone (MOC 2.0 §3.1 upper approximation when inclusive). */
export function spaceMocFromCone(
  depth: number,
  lonDeg: number,
  latDeg: number,
  radiusDeg: number,
  options: ShapeMocOptions = {},
): Moc {
  checkNumberDepth(depth);
  const r = queryDisc(depth, lonDeg, latDeg, radiusDeg, { inclusive: options.inclusive ?? true });
  return Moc.fromNormalizedRanges('space', depth, r);
}

/** Space MOC of a great-circle polygon (the smaller of the two regions its edges bound, as sky/polygon.ts). */
export function spaceMocFromPolygon(
  depth: number,
  polygon: readonly Vertex[] | PolygonShape,
  options: ShapeMocOptions = {},
): Moc {
  checkNumberDepth(depth);
  const r = queryPolygon(depth, polygon, { inclusive: options.inclusive ?? true });
  return Moc.fromNormalizedRanges('space', depth, r);
}

/**
 * Space MOC of a ring (annulus) between radii rInt and rExt (degrees), with the cell selection of cds-healpix-rust
 * `ring_coverage_approx_custom` as cds-moc-rust `moc from ring` and mocpy `MOC.from_ring` use it (see
 * ring-coverage.ts): worked out at depth + deltaDepth (default 2, the cds-moc-rust CLI value), a sub-cell is kept
 * when its centre is within rExt plus an upper bound of the centre-to-vertex distance and not all of its vertices
 * are inside the inner disc; a MOC cell is kept when any of its sub-cells is. rInt ≤ 0 gives the cone of rExt.
 */
export function spaceMocFromRing(
  depth: number,
  lonDeg: number,
  latDeg: number,
  rIntDeg: number,
  rExtDeg: number,
  deltaDepth = 2,
): Moc {
  checkNumberDepth(depth);
  if (rIntDeg <= 0) return spaceMocFromCone(depth, lonDeg, latDeg, rExtDeg, { inclusive: true });
  const lon = (((lonDeg % 360) + 360) % 360) * DEG;
  return ringCoverage(depth, lon, latDeg * DEG, rIntDeg * DEG, rExtDeg * DEG, deltaDepth);
}

/**
 * Space MOC of the cells at `depth` (0..24) holding the given positions (degrees). Dense position sets mark a
 * byte per cell and scan it; sparse ones sort the cell indices.
 */
export function spaceMocFromPositions(depth: number, lonsDeg: ArrayLike<number>, latsDeg: ArrayLike<number>): Moc {
  checkNumberDepth(depth);
  const n = Math.min(lonsDeg.length, latsDeg.length);
  const ncell = cellCount('space', depth);
  const pix = new Float64Array(n);
  ang2pixMany(depth, lonsDeg, latsDeg, pix);
  if (ncell > 8 * n && ncell > 1 << 16) return Moc.fromIndices('space', depth, pix);
  const mark = new Uint8Array(ncell);
  for (let k = 0; k < n; k++) mark[pix[k]] = 1;
  const pairs: number[] = [];
  let p = 0;
  while (p < ncell) {
    if (mark[p] === 0) {
      p++;
      continue;
    }
    const s = p;
    while (p < ncell && mark[p] === 1) p++;
    pairs.push(s, p);
  }
  return Moc.fromNormalizedRanges('space', depth, Float64Array.from(pairs));
}

/** True when the position (degrees) lies in a cell of the space MOC. */
export function spaceMocContains(moc: Moc, lonDeg: number, latDeg: number): boolean {
  if (moc.dim !== 'space') throw new TypeError(`not a space MOC: ${moc.dim}`);
  return moc.depth <= 24
    ? moc.containsIndex(ang2pix(moc.depth, lonDeg, latDeg))
    : moc.containsIndex(ang2pixBig(moc.depth, lonDeg, latDeg));
}

/** Fraction of the sky covered (HEALPix cells have equal areas, MOC 2.0 §3.1). */
export function skyFraction(moc: Moc): number {
  return moc.coverageFraction();
}

/** Area covered, in square degrees. */
export function areaSquareDegrees(moc: Moc): number {
  return moc.coverageFraction() * SPHERE_SQUARE_DEGREES;
}

/**
 * Connected components of a space MOC (depth ≤ 24), as cds-moc-rust `split`: two cells at the MOC depth are
 * connected when they share an edge (or also a vertex when `indirect`). Components come in the order of their
 * first cell (lowest NESTED index).
 */
export function splitSpaceMoc(moc: Moc, options: { indirect?: boolean } = {}): Moc[] {
  if (moc.dim !== 'space' || moc.depth > 24) throw new RangeError('split works on space MOCs of depth ≤ 24');
  const d = moc.depth;
  const r = moc.ranges as Float64Array;
  const total = moc.cellsAtDepth();
  const cells = new Float64Array(total);
  let k = 0;
  for (let i = 0; i < r.length; i += 2) for (let p = r[i]; p < r[i + 1]; p++) cells[k++] = p;
  const label = new Int32Array(total).fill(-1);
  const indexOf = (p: number): number => {
    let lo = 0;
    let hi = total - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (cells[mid] < p) lo = mid + 1;
      else if (cells[mid] > p) hi = mid - 1;
      else return mid;
    }
    return -1;
  };
  // healpy neighbour order SW, W, NW, N, NE, E, SE, S: the edge neighbours of a diamond are SW, NW, NE, SE.
  const which = options.indirect ? [0, 1, 2, 3, 4, 5, 6, 7] : [0, 2, 4, 6];
  const nb = new Float64Array(8);
  const out: Moc[] = [];
  const stack: number[] = [];
  for (let seed = 0; seed < total; seed++) {
    if (label[seed] >= 0) continue;
    const comp = out.length;
    const members: number[] = [];
    label[seed] = comp;
    stack.push(seed);
    while (stack.length) {
      const c = stack.pop() as number;
      members.push(cells[c]);
      neighbours(d, cells[c], nb);
      for (const w of which) {
        if (nb[w] < 0) continue;
        const j = indexOf(nb[w]);
        if (j >= 0 && label[j] < 0) {
          label[j] = comp;
          stack.push(j);
        }
      }
    }
    out.push(Moc.fromIndices('space', d, Float64Array.from(members)));
  }
  return out;
}
