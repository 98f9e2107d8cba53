// Ring (annulus) coverage as cds-healpix-rust `ring_coverage_approx_custom` decides it (the algorithm behind
// cds-moc-rust `moc from ring` and mocpy `MOC.from_ring`; read in cds-astro/cds-healpix-rust src/nested/, written
// here anew). Distances are compared as "squared half segments" shs = sin²(d/2) (haversine).
//  - The computation runs at depth + deltaDepth, then every MOC-depth cell holding at least one selected sub-cell
//    is kept (cds `to_lower_depth_bmoc_packing`); cds-moc-rust's CLI uses deltaDepth = 2.
//  - A depth-first descent starts from the cell holding the ring centre and its 8 neighbours at the "best starting
//    depth" of the outer radius (the coarsest depth at which a shape of that radius touches at most those 9 cells;
//    below ~48° it starts from the 12 base cells instead).
//  - A cell whose centre distance d satisfies r_int + c2v ≤ d ≤ r_ext − c2v is certainly inside the ring and is kept
//    whole; one with r_int − c2v ≤ d ≤ r_ext + c2v may overlap: it is split, and at the computation depth it is kept
//    when at least one of its 4 vertices lies outside the inner disc. c2v is an upper bound of the cell centre to
//    vertex distance over the cone's area (`largest_center_to_vertex_distances_with_radius`), so the outer edge is
//    an upper approximation (cells within r_ext + c2v of the centre are kept even when they miss the disc).
import { DEG } from '../healpix/constants.ts';
import { neighbours } from '../healpix/neighbours.ts';
import { ang2pix, pix2ang, vertices } from '../healpix/nested.ts';
import { Moc } from './moc.ts';

const TRANSITION_Z = 2 / 3;
const TRANSITION_LATITUDE = Math.asin(TRANSITION_Z);
/** Latitude at which equatorial cells are closest to squares: acos(sqrt(2/3 · 4/π)) (cds-healpix-rust). */
const LAT_OF_SQUARE_CELL = Math.acos(Math.sqrt((TRANSITION_Z * 4) / Math.PI));
const COS_LAT_OF_SQUARE_CELL = Math.cos(LAT_OF_SQUARE_CELL);
const FRAC_PI_2 = Math.PI / 2;
const FRAC_PI_4 = Math.PI / 4;

/**
 * Per depth, the smallest distance (radians) from a cell edge to the opposite edge: a shape of smaller radius
 * touches at most the cell of its centre and the 8 neighbours (cds-healpix-rust SMALLER_EDGE2OPEDGE_DIST).
 */
const SMALLER_EDGE_TO_OPPOSITE_EDGE = [
  8.410686705679302e-1, 3.7723631722170065e-1, 1.8203364957037313e-1, 8.91145416330163e-2, 4.3989734509169175e-2,
  2.1817362566054977e-2, 1.0854009694242892e-2, 5.409888140793663e-3, 2.6995833266547898e-3, 1.3481074874673246e-3,
  6.735240905806414e-4, 3.365953703015157e-4, 1.682452196838741e-4, 8.410609042173736e-5, 4.204784317861652e-5,
  2.1022283297961136e-5, 1.0510625670060442e-5, 5.255150320257332e-6, 2.6275239729465538e-6, 1.3137458638808036e-6,
  6.568678535571394e-7, 3.284323270983175e-7, 1.642156595517884e-7, 8.21076709163242e-8, 4.105378528139296e-8,
  2.0526876713226626e-8, 1.0263433216329513e-8, 5.131714858175969e-9, 2.5658567623093986e-9, 1.2829280665188905e-9,
];

/** Deepest depth whose edge-to-opposite-edge distance still exceeds `radius`; -1 when even depth 0's does not. */
export function bestStartingDepth(radius: number): number {
  if (!(radius < SMALLER_EDGE_TO_OPPOSITE_EDGE[0])) return -1;
  let d = 0;
  while (d < 29 && radius < SMALLER_EDGE_TO_OPPOSITE_EDGE[d + 1]) d++;
  return d;
}

const shsOf = (distance: number): number => {
  const v = Math.sin(distance * 0.5);
  return v * v;
};

function squaredHalfSegment(dlon: number, dlat: number, cosLat1: number, cosLat2: number): number {
  const a = Math.sin(dlat * 0.5);
  const b = Math.sin(dlon * 0.5);
  return a * a + cosLat1 * cosLat2 * b * b;
}

interface C2vConstants {
  slopeNpc: number;
  interceptNpc: number;
  slopeEqr: number;
  interceptEqr: number;
  coeffX2Eqr: number;
  coeffCstEqr: number;
}

/** Linear / parabolic upper bounds of the centre-to-vertex distance per region (cds `ConstantsC2V`). */
function c2vConstants(depth: number): C2vConstants {
  const distCw = 1 / 2 ** depth;
  const oneMinDistCw = 1 - distCw;
  const latNorth = Math.asin(1 - oneMinDistCw ** 2 / 3);
  const dMinNpc = latNorth - TRANSITION_LATITUDE;
  const dMaxNpc =
    2 *
    Math.asin(
      Math.sqrt(squaredHalfSegment(FRAC_PI_4 * distCw, dMinNpc, Math.cos(latNorth), Math.cos(TRANSITION_LATITUDE))),
    );
  const dMinEqrTop = FRAC_PI_4 * distCw * COS_LAT_OF_SQUARE_CELL;
  const dMaxEqrTop = TRANSITION_LATITUDE - Math.asin(oneMinDistCw * TRANSITION_Z);
  const slopeEqr = (dMaxEqrTop - dMinEqrTop) / (TRANSITION_LATITUDE - LAT_OF_SQUARE_CELL);
  const dMax = FRAC_PI_4 * distCw;
  return {
    slopeNpc: (dMaxNpc - dMinNpc) / (FRAC_PI_4 * oneMinDistCw),
    interceptNpc: dMinNpc,
    slopeEqr,
    interceptEqr: dMinEqrTop - slopeEqr * LAT_OF_SQUARE_CELL,
    coeffX2Eqr: (dMinEqrTop - dMax) / LAT_OF_SQUARE_CELL ** 2,
    coeffCstEqr: dMax,
  };
}

const eqrTop = (latAbs: number, c: C2vConstants) => c.slopeEqr * latAbs + c.interceptEqr;
const eqrBottom = (latAbs: number, c: C2vConstants) => c.coeffX2Eqr * latAbs * latAbs + c.coeffCstEqr;

/**
 * Upper bounds (radians) of the cell centre-to-vertex distance at depths fromDepth..toDepth-1 over the cone
 * (lon, lat, radius) (cds `largest_center_to_vertex_distances_with_radius`).
 */
function largestC2vDistances(fromDepth: number, toDepth: number, lon: number, lat: number, radius: number): number[] {
  const out: number[] = [];
  let from = fromDepth;
  if (from === 0) {
    out.push(FRAC_PI_2 - TRANSITION_LATITUDE);
    from = 1;
  }
  const latAbs = Math.abs(lat);
  const latMax = latAbs + radius;
  const latMin = latAbs - radius;
  for (let depth = from; depth < toDepth; depth++) {
    const c = c2vConstants(depth);
    if (latMax >= TRANSITION_LATITUDE) {
      const l = Math.min(Math.abs(FRAC_PI_4 - (lon % FRAC_PI_2)) + radius, FRAC_PI_4);
      out.push(c.slopeNpc * l + c.interceptNpc);
    } else if (latMin >= LAT_OF_SQUARE_CELL) {
      out.push(eqrTop(latMax, c));
    } else if (latMax <= LAT_OF_SQUARE_CELL) {
      out.push(eqrBottom(Math.max(latMin, 0), c));
    } else {
      out.push(Math.max(eqrTop(Math.min(latMax, TRANSITION_LATITUDE), c), eqrBottom(Math.max(latMin, 0), c)));
    }
  }
  return out;
}

/** [min, max] shs bounds of the centre distance of cells that may straddle a circle of `radius`, per depth. */
function shsBounds(radius: number, distances: number[]): Array<[number, number]> {
  return distances.map((d) => [radius < d ? 0 : shsOf(radius - d), shsOf(radius + d)]);
}

const LONLAT = new Float64Array(2);
const VERT = new Float64Array(8);
const NB = new Float64Array(8);

/**
 * NESTED cells at `depth` (0..22 with the default deltaDepth 2) selected by the cds ring coverage of the annulus
 * rInt < d < rExt around (lon, lat), all in radians, as a space MOC at `depth`.
 */
export function ringCoverage(depth: number, lon: number, lat: number, rInt: number, rExt: number, deltaDepth = 2): Moc {
  if (!(rExt <= Math.PI) || !(rInt < rExt)) throw new RangeError(`bad ring radii ${rInt}, ${rExt}`);
  const deep = depth + deltaDepth;
  if (deep > 24) throw new RangeError(`ring coverage is computed at depth ≤ 24, got ${depth} + ${deltaDepth}`);
  const cosLat = Math.cos(lat);
  const shsInt = shsOf(rInt);
  const shsTo = (lonR: number, latR: number) => squaredHalfSegment(lonR - lon, latR - lat, Math.cos(latR), cosLat);
  const centreShs = (d: number, h: number) => {
    pix2ang(d, h, LONLAT);
    return shsTo(LONLAT[0] * DEG, LONLAT[1] * DEG);
  };
  const someVertexOutsideInner = (d: number, h: number) => {
    vertices(d, h, VERT);
    for (let k = 0; k < 8; k += 2) if (shsTo(VERT[k] * DEG, VERT[k + 1] * DEG) > shsInt) return true;
    return false;
  };
  const pairs: number[] = [];
  const push = (d: number, h: number) => {
    const span = 4 ** (deep - d);
    pairs.push(h * span, (h + 1) * span);
  };
  const start = bestStartingDepth(rExt);
  if (start >= deep) {
    // The whole ring fits in 9 cells at a depth at least as deep as the computation depth.
    const c2v = largestC2vDistances(start, start + 1, lon, lat, rExt)[0];
    const shsMax = shsOf(rExt + c2v);
    const centre = ang2pix(start, lon / DEG, lat / DEG);
    neighbours(start, centre, NB);
    for (const h of [centre, ...NB]) {
      if (h < 0 || !someVertexOutsideInner(start, h) || centreShs(start, h) > shsMax) continue;
      push(deep, Math.floor(h / 4 ** (start - deep)));
    }
  } else {
    const from = Math.max(start, 0);
    const intBounds = shsBounds(rInt, largestC2vDistances(from, deep + 1, lon, lat, rInt));
    const extBounds = shsBounds(rExt, largestC2vDistances(from, deep + 1, lon, lat, rExt));
    const descend = (d: number, h: number): void => {
      const s = centreShs(d, h);
      const [minInt, maxInt] = intBounds[d - from];
      const [minExt, maxExt] = extBounds[d - from];
      if (minExt >= s && s >= maxInt) {
        push(d, h); // certainly inside the ring
      } else if (maxExt >= s && s >= minInt) {
        if (d === deep) {
          if (someVertexOutsideInner(d, h)) push(d, h);
        } else {
          for (let k = 0; k < 4; k++) descend(d + 1, 4 * h + k);
        }
      }
    };
    let roots: number[];
    if (start < 0) {
      roots = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    } else {
      const centre = ang2pix(start, lon / DEG, lat / DEG);
      neighbours(start, centre, NB);
      roots = [...new Set([centre, ...NB].filter((h) => h >= 0))].sort((a, b) => a - b);
    }
    for (const h of roots) descend(from, h);
  }
  return Moc.fromRanges('space', deep, Float64Array.from(pairs)).degrade(depth);
}
