// 2-D elliptical Gaussians as covariance matrices in pixel coordinates, for beams and source shapes.
// FWHM = 2·sqrt(2 ln 2)·σ. Position angles are east of north (the radio convention for BPA, and CIRADA's PA).

export const FWHM_PER_SIGMA = 2 * Math.sqrt(2 * Math.LN2);
const DEG = Math.PI / 180;

/** Symmetric 2x2 covariance [[xx, xy], [xy, yy]] in pixel² units. */
export interface Cov2 {
  xx: number;
  xy: number;
  yy: number;
}

/** Pixel offsets per arcsec towards east and towards north at a position (the local Jacobian of the projection). */
export interface LocalFrame {
  east: { x: number; y: number };
  north: { x: number; y: number };
}

/** A frame for an image with square pixels of `arcsecPerPixel`, RA increasing to the left, north up. */
export function simpleFrame(arcsecPerPixel: number): LocalFrame {
  return { east: { x: -1 / arcsecPerPixel, y: 0 }, north: { x: 0, y: 1 / arcsecPerPixel } };
}

/** Covariance in pixel² of a Gaussian with FWHMs (arcsec) along major/minor axes and PA (deg E of N). */
export function gaussianCov(majorFwhm: number, minorFwhm: number, paDeg: number, frame: LocalFrame): Cov2 {
  const sMaj = majorFwhm / FWHM_PER_SIGMA;
  const sMin = minorFwhm / FWHM_PER_SIGMA;
  const pa = paDeg * DEG;
  // Unit vectors along the major and minor axes in (east, north) arcsec, mapped to pixels.
  const ue = Math.sin(pa);
  const un = Math.cos(pa);
  const ux = ue * frame.east.x + un * frame.north.x;
  const uy = ue * frame.east.y + un * frame.north.y;
  const vx = un * frame.east.x - ue * frame.north.x;
  const vy = un * frame.east.y - ue * frame.north.y;
  return {
    xx: sMaj * sMaj * ux * ux + sMin * sMin * vx * vx,
    xy: sMaj * sMaj * ux * uy + sMin * sMin * vx * vy,
    yy: sMaj * sMaj * uy * uy + sMin * sMin * vy * vy,
  };
}

export function addCov(a: Cov2, b: Cov2): Cov2 {
  return { xx: a.xx + b.xx, xy: a.xy + b.xy, yy: a.yy + b.yy };
}

export function scaleCov(a: Cov2, f: number): Cov2 {
  return { xx: a.xx * f, xy: a.xy * f, yy: a.yy * f };
}

export function det(c: Cov2): number {
  return c.xx * c.yy - c.xy * c.xy;
}

/** Largest eigenvalue (pixel²): the squared σ along the major axis. */
export function maxEigen(c: Cov2): number {
  const tr = (c.xx + c.yy) / 2;
  return tr + Math.sqrt(Math.max(0, ((c.xx - c.yy) / 2) ** 2 + c.xy * c.xy));
}

/** Inverse covariance coefficients for the exponent -0.5 (a dx² + 2 b dx dy + c dy²). */
export function inverse(c: Cov2): { a: number; b: number; c: number } {
  const d = det(c);
  return { a: c.yy / d, b: -c.xy / d, c: c.xx / d };
}

/**
 * Major/minor FWHM (arcsec) and PA (deg E of N) of a covariance given in (east, north) arcsec² — the inverse of
 * gaussianCov with a unit frame — used to report convolved sizes in catalogues.
 */
export function shapeOf(majorFwhm: number, minorFwhm: number, pa: number, beam: [number, number, number]) {
  const unit: LocalFrame = { east: { x: 1, y: 0 }, north: { x: 0, y: 1 } };
  const c = addCov(gaussianCov(majorFwhm, minorFwhm, pa, unit), gaussianCov(beam[0], beam[1], beam[2], unit));
  const tr = (c.xx + c.yy) / 2;
  const r = Math.sqrt(((c.xx - c.yy) / 2) ** 2 + c.xy * c.xy);
  const major = Math.sqrt(tr + r) * FWHM_PER_SIGMA;
  const minor = Math.sqrt(Math.max(0, tr - r)) * FWHM_PER_SIGMA;
  // Major-axis direction (east, north) = (sin pa, cos pa); eigenvector of the larger eigenvalue.
  let paOut = (0.5 * Math.atan2(2 * c.xy, c.yy - c.xx)) / DEG;
  paOut = ((paOut % 180) + 180) % 180;
  return { major, minor, pa: paOut };
}
