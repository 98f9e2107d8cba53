// HEALPix NESTED scheme with `number` indices (orders 0..24): position ↔ (face, ix, iy) ↔ nested index.
// Math: Górski et al. 2005 §4 (equatorial zone |z| ≤ 2/3 and polar caps), as implemented in healpix_cxx
// loc2pix/xyf2loc; the polar branch uses sin θ near the poles (θ < 0.01) for accuracy, as healpix_cxx does.
// Longitudes/latitudes are in degrees. Nothing here allocates: results go into caller-supplied typed arrays.
import { compact32, interleave, TWO32 } from './bits.ts';
import { checkOrder, DEG, HALF_PI, JPLL, JRLL, MAX_ORDER, RAD } from './constants.ts';

/** healpix_cxx fmodulo: v mod m in [0, m). */
function fmodulo(v: number, m: number): number {
  if (v >= 0) return v < m ? v : v % m;
  const t = (v % m) + m;
  return t === m ? 0 : t;
}

/**
 * Computes the base face and the (ix, iy) pixel coordinates inside it of a position at `order` (0..29) and writes
 * them to out[offset] = face, out[offset+1] = ix, out[offset+2] = iy.
 */
export function ang2xyf(order: number, lonDeg: number, latDeg: number, out: Int32Array, offset = 0): void {
  const nside = 2 ** order;
  // healpy lonlat: θ = π/2 − lat, φ = lon; z = cos θ.
  const theta = HALF_PI - latDeg * DEG;
  const z = Math.cos(theta);
  const za = Math.abs(z);
  // In degrees, lon/90 is exact for the multiples of 90° where faces meet (healpy: φ·2/π, which rounds there).
  const tt = fmodulo(lonDeg / 90, 4);
  if (za <= 2 / 3) {
    // Equatorial zone: the two diagonal coordinates jp, jm (Górski et al. 2005 eq. 7 inverted).
    const temp1 = nside * (0.5 + tt);
    const temp2 = nside * (z * 0.75);
    const jp = Math.floor(temp1 - temp2);
    const jm = Math.floor(temp1 + temp2);
    const ifp = Math.floor(jp / nside);
    const ifm = Math.floor(jm / nside);
    out[offset] = ifp === ifm ? ifp | 4 : ifp < ifm ? ifp : ifm + 8;
    out[offset + 1] = jm - ifm * nside;
    out[offset + 2] = nside - (jp - ifp * nside) - 1;
    return;
  }
  // Polar caps.
  const ntt = Math.min(3, Math.floor(tt));
  const tp = tt - ntt;
  const nearPole = theta < 0.01 || theta > Math.PI - 0.01;
  const tmp = nearPole ? (nside * Math.sin(theta)) / Math.sqrt((1 + za) / 3) : nside * Math.sqrt(3 * (1 - za));
  let jp = Math.floor(tp * tmp);
  let jm = Math.floor((1 - tp) * tmp);
  if (jp > nside - 1) jp = nside - 1;
  if (jm > nside - 1) jm = nside - 1;
  if (z >= 0) {
    out[offset] = ntt;
    out[offset + 1] = nside - jm - 1;
    out[offset + 2] = nside - jp - 1;
  } else {
    out[offset] = ntt + 8;
    out[offset + 1] = jp;
    out[offset + 2] = jm;
  }
}

/** Nested index (a number, exact for order ≤ 24) of the pixel (face, ix, iy). */
export function xyf2nest(order: number, ix: number, iy: number, face: number): number {
  return face * 4 ** order + interleave(ix, iy);
}

/** Splits a nested index (number, order ≤ 24) into out[offset..+2] = face, ix, iy. */
export function nest2xyf(order: number, ipix: number, out: Int32Array, offset = 0): void {
  const npface = 4 ** order;
  const face = Math.floor(ipix / npface);
  const rest = ipix - face * npface;
  const hi = Math.floor(rest / TWO32);
  const lo = rest - hi * TWO32;
  out[offset] = face;
  out[offset + 1] = compact32(lo) | (compact32(hi) << 16);
  out[offset + 2] = compact32(lo >>> 1) | (compact32(hi >>> 1) << 16);
}

const XYF = new Int32Array(3);

/** Throws a RangeError for a latitude outside [−90, 90] or a non-finite longitude. */
export function checkPosition(lonDeg: number, latDeg: number): void {
  if (!(latDeg >= -90 && latDeg <= 90) || !Number.isFinite(lonDeg)) {
    throw new RangeError(`position (${lonDeg}, ${latDeg}) is not on the sphere: lat must be in [-90, 90]`);
  }
}

/** NESTED pixel index containing (lon, lat) in degrees, for order 0..24. */
export function ang2pix(order: number, lonDeg: number, latDeg: number): number {
  checkOrder(order);
  checkPosition(lonDeg, latDeg);
  ang2xyf(order, lonDeg, latDeg, XYF);
  return XYF[0] * 4 ** order + interleave(XYF[1], XYF[2]);
}

/**
 * Batch ang2pix: out[i] = NESTED index of (lons[i], lats[i]) at order 0..24. No allocation; out may be any
 * numeric typed array able to hold the indices (Float64Array always can; Uint32Array up to order 13).
 */
export function ang2pixMany(
  order: number,
  lons: ArrayLike<number>,
  lats: ArrayLike<number>,
  out: Float64Array | Uint32Array | Int32Array,
): void {
  checkOrder(order);
  const npface = 4 ** order;
  const n = Math.min(lons.length, lats.length);
  for (let i = 0; i < n; i++) {
    const lat = lats[i];
    if (!(lat >= -90 && lat <= 90)) checkPosition(lons[i], lat);
    ang2xyf(order, lons[i], lat, XYF);
    out[i] = XYF[0] * npface + interleave(XYF[1], XYF[2]);
  }
}

/**
 * Position (degrees) of the point with fractional face coordinates (x, y) ∈ [0,1]² on base face `face`
 * (healpix_cxx xyf2loc). Writes out[offset] = lon in [0,360), out[offset+1] = lat. At a pole the longitude is 0.
 */
export function xyf2ang(x: number, y: number, face: number, out: Float64Array, offset = 0): void {
  const jr = JRLL[face] - x - y;
  let nr: number;
  let z: number;
  let sth = 0;
  let haveSth = false;
  if (jr < 1) {
    nr = jr;
    const tmp = (nr * nr) / 3;
    z = 1 - tmp;
    if (z > 0.99) {
      sth = Math.sqrt(tmp * (2 - tmp));
      haveSth = true;
    }
  } else if (jr > 3) {
    nr = 4 - jr;
    const tmp = (nr * nr) / 3;
    z = tmp - 1;
    if (z < -0.99) {
      sth = Math.sqrt(tmp * (2 - tmp));
      haveSth = true;
    }
  } else {
    nr = 1;
    z = ((2 - jr) * 2) / 3;
  }
  let tmp = JPLL[face] * nr + x - y;
  if (tmp < 0) tmp += 8;
  if (tmp >= 8) tmp -= 8;
  const lon = nr < 1e-15 ? 0 : ((0.25 * Math.PI * tmp) / nr) * RAD;
  out[offset] = lon >= 360 ? lon - 360 : lon;
  out[offset + 1] = haveSth ? Math.atan2(z, sth) * RAD : Math.asin(z) * RAD;
}

/** Centre of NESTED pixel `ipix` at order 0..24: out[offset] = lon, out[offset+1] = lat (degrees). */
export function pix2ang(order: number, ipix: number, out: Float64Array, offset = 0): void {
  checkOrder(order);
  nest2xyf(order, ipix, XYF);
  const inv = 1 / 2 ** order;
  xyf2ang((XYF[1] + 0.5) * inv, (XYF[2] + 0.5) * inv, XYF[0], out, offset);
}

/** Batch pix2ang: out[2i], out[2i+1] = lon, lat of the centre of pixels[i]. */
export function pix2angMany(order: number, pixels: ArrayLike<number>, out: Float64Array): void {
  checkOrder(order);
  const inv = 1 / 2 ** order;
  for (let i = 0; i < pixels.length; i++) {
    nest2xyf(order, pixels[i], XYF);
    xyf2ang((XYF[1] + 0.5) * inv, (XYF[2] + 0.5) * inv, XYF[0], out, 2 * i);
  }
}

/**
 * The 4 corners of a pixel given as (face, ix, iy) at `order` (0..29), in healpy `boundaries(step=1)` order:
 * North, West, South, East. Writes 8 numbers lon0, lat0, …, lon3, lat3 (degrees) at out[offset].
 */
export function xyfCorners(order: number, face: number, ix: number, iy: number, out: Float64Array, offset = 0): void {
  const d = 1 / 2 ** order;
  xyf2ang((ix + 1) * d, (iy + 1) * d, face, out, offset); // N
  xyf2ang(ix * d, (iy + 1) * d, face, out, offset + 2); // W
  xyf2ang(ix * d, iy * d, face, out, offset + 4); // S
  xyf2ang((ix + 1) * d, iy * d, face, out, offset + 6); // E
}

/** Corners of NESTED pixel `ipix` (order 0..24) in healpy order N, W, S, E: 8 numbers (lon, lat pairs, degrees). */
export function corners(order: number, ipix: number, out: Float64Array, offset = 0): void {
  checkOrder(order);
  nest2xyf(order, ipix, XYF);
  xyfCorners(order, XYF[0], XYF[1], XYF[2], out, offset);
}

/**
 * Vertices in the order cds-healpix-rust gives them (S, E, N, W), 8 numbers. cds gives a pole vertex the
 * longitude of the pixel centre where healpy gives 0; this function follows cds there too.
 */
export function vertices(order: number, ipix: number, out: Float64Array, offset = 0): void {
  checkOrder(order);
  nest2xyf(order, ipix, XYF);
  xyfVertices(order, XYF[0], XYF[1], XYF[2], out, offset);
}

const CENTRE = new Float64Array(2);

/** cds-style S, E, N, W vertices of (face, ix, iy) at order 0..29. */
export function xyfVertices(order: number, face: number, ix: number, iy: number, out: Float64Array, offset = 0): void {
  const d = 1 / 2 ** order;
  xyf2ang(ix * d, iy * d, face, out, offset); // S
  xyf2ang((ix + 1) * d, iy * d, face, out, offset + 2); // E
  xyf2ang((ix + 1) * d, (iy + 1) * d, face, out, offset + 4); // N
  xyf2ang(ix * d, (iy + 1) * d, face, out, offset + 6); // W
  for (let k = 1; k < 8; k += 2) {
    if (Math.abs(out[offset + k]) === 90) {
      xyf2ang((ix + 0.5) * d, (iy + 0.5) * d, face, CENTRE);
      out[offset + k - 1] = CENTRE[0];
    }
  }
}

export { MAX_ORDER };
