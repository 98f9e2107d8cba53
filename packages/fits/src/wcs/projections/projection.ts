// A FITS-WCS spherical projection (Calabretta & Greisen 2002, "Paper II", §5): maps projection-plane coordinates
// (x, y) in degrees to native spherical coordinates (φ, θ) in degrees and back. Results are written into a caller's
// two-element array so that per-pixel loops allocate nothing. Points outside the projection's domain (off the sky,
// or outside the boundary of an all-sky projection) give NaN in both outputs; nothing here throws per point.

export interface Projection {
  /** Three-letter code, e.g. "SIN". */
  readonly code: string;
  /** Native coordinates (φ0, θ0) of the fiducial point, Paper II §2.5 Table 13 defaults (overridden by PVi_1/PVi_2). */
  readonly phi0: number;
  readonly theta0: number;
  /** (x, y) → (φ, θ) into out[0], out[1]; NaN when (x, y) is outside the projection. */
  toNative(x: number, y: number, out: Float64Array): void;
  /** (φ, θ) → (x, y) into out[0], out[1]; NaN when the point cannot be projected. */
  toPlane(phi: number, theta: number, out: Float64Array): void;
}

/** Projection parameters PVi_m of the latitude axis (Paper II §2.5); index m, NaN where absent. */
export type ProjectionParameters = ArrayLike<number>;

/** Parameter m, or a default when the header does not give it. */
export function pvOr(pv: ProjectionParameters, m: number, fallback: number): number {
  const v = m < pv.length ? pv[m] : Number.NaN;
  return Number.isNaN(v) ? fallback : v;
}

/** Tolerance used at domain boundaries, as in wcslib prj.c. */
export const PRJ_TOL = 1e-13;

/** Writes NaN into both outputs (point outside the projection). */
export function invalid(out: Float64Array): void {
  out[0] = Number.NaN;
  out[1] = Number.NaN;
}

export class ProjectionError extends Error {}
