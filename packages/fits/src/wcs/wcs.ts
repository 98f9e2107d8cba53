// FITS World Coordinate System: Greisen & Calabretta 2002 (Paper I, the general frame), Calabretta & Greisen 2002
// (Paper II, celestial) and Greisen et al. 2006 (Paper III, spectral). wcslib (as used by astropy) is the
// reference behaviour.
//
// Pixel convention: every method takes and returns 0-BASED pixel coordinates, the centre of the first pixel being
// 0 (astropy's origin=0, numpy indexing). FITS itself counts from 1 (Paper I §2.1.2: CRPIXj is 1-based), so the
// FITS pixel p corresponds to p − 1 here; `crpix` keeps the header's 1-based values.
// World coordinates: celestial axes in degrees (longitude in [0, 360) when CRVAL is ≥ 0, else (−360, 0], as wcslib), spectral axes in SI units (Hz, m, m/s, J,
// m⁻¹), other axes in the header's units. Points off the sky or outside a projection give NaN; the per-point
// methods never throw.

import { cosd, sind } from './angles.ts';
import { celestialRotation, celestialToNative, nativeToCelestial, RotationError } from './celestial-rotation.ts';
import type { HeaderLike } from './header-like.ts';
import { crotaMatrix, invertMatrix } from './linear-transform.ts';
import { createProjection, type Projection, ProjectionError } from './projections/index.ts';
import { Sin } from './projections/zenithal.ts';
import { isSpectralType, SpectralAxis, SpectralError, type SpectralType } from './spectral.ts';
import { angleToDegrees, type PhysicalKind, siUnit } from './units.ts';
import { type WcsDiagnostic, WcsError, wcsDiagnostic } from './wcs-diagnostics.ts';
import { type ProjectionParameter, readWcsDescription, type WcsDescription } from './wcs-keywords.ts';

export type AxisKind = 'longitude' | 'latitude' | 'spectral' | 'stokes' | 'linear';

export interface WcsAxis {
  /** 0-based axis number (world axis i and pixel axis i share it, as in FITS). */
  index: number;
  ctype: string;
  kind: AxisKind;
  /** Coordinate type: 'RA', 'DEC', 'GLON', 'FREQ', 'STOKES', … (CTYPE without the algorithm code). */
  coordinateType: string;
  /** Unit of world values on this axis: 'deg' (celestial), SI for spectral, else the header's CUNIT. */
  unit: string;
  /** NAXISi (0 when unknown). */
  size: number;
  /** NAXISi = 1: a degenerate axis (a single plane, e.g. STOKES or a single frequency). */
  degenerate: boolean;
}

export type CelestialSystem = 'equatorial' | 'galactic' | 'ecliptic' | 'helioecliptic' | 'supergalactic' | 'other';

/** The celestial reference frame as declared (Paper II §3.1); no frame conversions are performed. */
export interface CelestialFrame {
  system: CelestialSystem;
  /** RADESYSa for equatorial/ecliptic systems: ICRS, FK5, FK4, FK4-NO-E, GAPPT. */
  radesys?: string;
  equinox?: number;
  /** True for ICRS, and for FK5 J2000 which agrees with ICRS to about 0.02″ (good enough for search, not astrometry). */
  icrsCompatible: boolean;
}

/** Inputs for building a WCS in code (e.g. a synthetic image or a HiPS tile). Pixel reference is FITS 1-based. */
export interface WcsParameters {
  ctype: string[];
  crpix: number[];
  crval: number[];
  cdelt?: number[];
  /** Row-major PCi_j (n×n) or CDi_j; give at most one. */
  pc?: number[][];
  cd?: number[][];
  cunit?: string[];
  pv?: ProjectionParameter[];
  lonpole?: number;
  latpole?: number;
  radesys?: string;
  equinox?: number;
  restFrequency?: number;
  restWavelength?: number;
  specsys?: string;
  /** Image size per axis (NAXISi). */
  imageSize?: number[];
}

const CELESTIAL_PAIRS: Record<string, [string, CelestialSystem]> = {
  RA: ['DEC', 'equatorial'],
  GLON: ['GLAT', 'galactic'],
  ELON: ['ELAT', 'ecliptic'],
  HLON: ['HLAT', 'helioecliptic'],
  SLON: ['SLAT', 'supergalactic'],
};
const LATITUDE_TYPES = new Set(['DEC', 'GLAT', 'ELAT', 'HLAT', 'SLAT']);

const SPECTRAL_KIND: Record<SpectralType, PhysicalKind> = {
  FREQ: 'frequency',
  ENER: 'energy',
  WAVN: 'wavenumber',
  VRAD: 'velocity',
  VOPT: 'velocity',
  VELO: 'velocity',
  WAVE: 'length',
  AWAV: 'length',
  ZOPT: 'dimensionless',
  BETA: 'dimensionless',
};
const SI_NAME: Record<PhysicalKind, string> = {
  frequency: 'Hz',
  energy: 'J',
  wavenumber: '1/m',
  velocity: 'm/s',
  length: 'm',
  dimensionless: '',
};

function coordinateTypeOf(ctype: string): string {
  const head = ctype.length > 4 && ctype[4] === '-' ? ctype.slice(0, 4) : ctype;
  return head.replace(/-+$/, '').trim();
}

function projectionCodeOf(ctype: string): string {
  return ctype.length >= 8 && ctype[4] === '-' ? ctype.slice(5, 8).trim() : '';
}

export class Wcs {
  readonly alt: string;
  readonly naxis: number;
  readonly axes: readonly WcsAxis[];
  /** Reference pixel, FITS 1-based, per axis. */
  readonly crpix: Float64Array;
  /** Reference world coordinates (degrees / SI). */
  readonly crval: Float64Array;
  /** Row-major naxis×naxis matrix from pixel offsets to intermediate world coordinates (degrees / SI). */
  readonly matrix: Float64Array;
  readonly inverseMatrix: Float64Array;
  readonly lonAxis: number;
  readonly latAxis: number;
  readonly spectralAxis: number;
  readonly stokesAxis: number;
  readonly projection: Projection | null;
  /** Projection code as written ('SIN', 'NCP', …), '' when there is no celestial pair. */
  readonly projectionCode: string;
  readonly frame: CelestialFrame | null;
  readonly spectral: SpectralAxis | null;
  readonly specsys?: string;
  readonly name?: string;
  /** LONPOLE and LATPOLE in effect (defaults of Paper II §2.4 applied): the native pole's (φp, δp). */
  readonly lonpole: number;
  readonly latpole: number;
  readonly diagnostics: readonly WcsDiagnostic[];
  readonly description: WcsDescription;

  // Celestial fast path: the 2×2 part of the matrix on the two celestial pixel axes (pa < pb).
  private readonly pa: number;
  private readonly pb: number;
  private readonly ra0: number;
  private readonly rb0: number;
  private readonly c00: number;
  private readonly c01: number;
  private readonly c10: number;
  private readonly c11: number;
  private readonly i00: number;
  private readonly i01: number;
  private readonly i10: number;
  private readonly i11: number;
  private readonly x0: number;
  private readonly y0: number;
  private readonly rotation: ReturnType<typeof celestialRotation> | null;
  private readonly scratch = new Float64Array(2);

  private constructor(d: WcsDescription, diagnostics: WcsDiagnostic[]) {
    this.description = d;
    this.alt = d.alt;
    const n = d.naxis;
    this.naxis = n;
    this.name = d.name;
    this.specsys = d.specsys;
    const errors = (): WcsDiagnostic[] => diagnostics.filter((x) => x.severity === 'error');

    // Axis identification (Paper I §2.1.1, Paper II §3.1, Paper III §3).
    let lon = -1;
    let lat = -1;
    let spec = -1;
    let stokes = -1;
    const types = d.ctype.map(coordinateTypeOf);
    for (let i = 0; i < n; i++) {
      const t = types[i];
      const code = projectionCodeOf(d.ctype[i]);
      const isLon = t in CELESTIAL_PAIRS || (/^[A-Z]{2}LN$/.test(t) && code !== '');
      const isLat = LATITUDE_TYPES.has(t) || (/^[A-Z]{2}LT$/.test(t) && code !== '');
      if (isLon && code !== '') lon = lon < 0 ? i : lon;
      else if (isLat && code !== '') lat = lat < 0 ? i : lat;
      else if (isSpectralType(t) && spec < 0) spec = i;
      else if (t === 'STOKES' && stokes < 0) stokes = i;
    }
    if (lon < 0 !== lat < 0) {
      diagnostics.push(
        wcsDiagnostic('WCS_UNPAIRED_CELESTIAL_AXIS', `celestial axis ${d.ctype[Math.max(lon, lat)]} has no partner`),
      );
      lon = -1;
      lat = -1;
    }
    let projectionCode = '';
    if (lon >= 0) {
      projectionCode = projectionCodeOf(d.ctype[lon]);
      if (projectionCodeOf(d.ctype[lat]) !== projectionCode) {
        diagnostics.push(
          wcsDiagnostic('WCS_UNPAIRED_CELESTIAL_AXIS', `${d.ctype[lon]} and ${d.ctype[lat]} use different projections`),
        );
      }
    }
    this.lonAxis = lon;
    this.latAxis = lat;
    this.spectralAxis = spec;
    this.stokesAxis = stokes;
    this.projectionCode = projectionCode;

    // Units → degrees (celestial) and SI (spectral), Paper I §2.1.2 / Paper III §3.
    const scale = new Float64Array(n).fill(1);
    const units: string[] = [];
    for (let i = 0; i < n; i++) {
      const u = d.cunit[i].trim();
      if (i === lon || i === lat) {
        const f = angleToDegrees(u);
        if (f === undefined) {
          diagnostics.push(wcsDiagnostic('WCS_BAD_UNITS', `CUNIT${i + 1}${d.alt.trim()} = '${u}' is not an angle`));
        } else scale[i] = f;
        units.push('deg');
      } else if (i === spec) {
        const kind = SPECTRAL_KIND[types[i] as SpectralType];
        const si = u === '' ? { kind, factor: 1, nonstandard: false } : siUnit(u);
        if (!si || si.kind !== kind) {
          diagnostics.push(
            wcsDiagnostic('WCS_BAD_UNITS', `CUNIT${i + 1}${d.alt.trim()} = '${u}' does not fit ${types[i]} (${kind})`),
          );
        } else {
          if (si.nonstandard) diagnostics.push(wcsDiagnostic('WCS_NONSTANDARD_UNIT', `unit '${u}' read case-blind`));
          scale[i] = si.factor;
        }
        units.push(SI_NAME[kind]);
      } else {
        units.push(u);
      }
    }
    this.axes = d.ctype.map((ctype, i) => {
      const kind: AxisKind =
        i === lon ? 'longitude' : i === lat ? 'latitude' : i === spec ? 'spectral' : i === stokes ? 'stokes' : 'linear';
      const size = d.imageSize[i] ?? 0;
      return { index: i, ctype, kind, coordinateType: types[i], unit: units[i], size, degenerate: size === 1 };
    });

    // Linear part (Paper I eqs. 1–3), in degrees / SI.
    let m: Float64Array;
    if (d.matrixKind === 'CD') {
      m = Float64Array.from(d.matrix);
    } else if (d.crota !== undefined && lon >= 0) {
      m = crotaMatrix(n, d.cdelt, d.crota, lon, lat);
    } else {
      m = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m[i * n + j] = d.cdelt[i] * d.matrix[i * n + j];
    }
    // An axis whose row and column are all zero (e.g. a degenerate axis left out of CDi_j) gets a unit diagonal,
    // as wcslib's cdfix does.
    for (let i = 0; i < n; i++) {
      let zero = true;
      for (let k = 0; k < n; k++) if (m[i * n + k] !== 0 || m[k * n + i] !== 0) zero = false;
      if (zero) m[i * n + i] = 1;
    }
    this.crpix = Float64Array.from(d.crpix);
    this.crval = Float64Array.from(d.crval);
    for (let i = 0; i < n; i++) {
      this.crval[i] *= scale[i];
      for (let j = 0; j < n; j++) m[i * n + j] *= scale[i];
    }
    this.matrix = m;
    const inv = invertMatrix(m, n);
    if (!inv) diagnostics.push(wcsDiagnostic('WCS_SINGULAR_MATRIX', 'the PCi_j/CDi_j matrix is singular'));
    this.inverseMatrix = inv ?? new Float64Array(n * n).fill(Number.NaN);

    // Frame.
    if (lon >= 0) {
      const system = CELESTIAL_PAIRS[types[lon]]?.[1] ?? 'other';
      let radesys = d.radesys?.trim().toUpperCase() || undefined;
      let equinox = d.equinox;
      if (system === 'equatorial' || system === 'ecliptic' || system === 'helioecliptic') {
        // Paper II §3.1: RADESYS defaults to FK4 for EQUINOX < 1984, FK5 otherwise, and ICRS with no EQUINOX.
        if (!radesys) radesys = equinox === undefined ? 'ICRS' : equinox < 1984 ? 'FK4' : 'FK5';
        if (equinox === undefined && (radesys === 'FK5' || radesys === 'FK4' || radesys === 'FK4-NO-E')) {
          equinox = radesys === 'FK5' ? 2000 : 1950;
        }
      } else {
        radesys = undefined;
        equinox = undefined;
      }
      const icrsCompatible =
        system === 'equatorial' && (radesys === 'ICRS' || (radesys === 'FK5' && (equinox ?? 2000) === 2000));
      this.frame = { system, radesys, equinox: radesys === 'ICRS' ? undefined : equinox, icrsCompatible };
    } else {
      this.frame = null;
    }

    // Projection and spherical rotation (Paper II §2).
    let projection: Projection | null = null;
    let rotation: ReturnType<typeof celestialRotation> | null = null;
    let x0 = 0;
    let y0 = 0;
    let lonpole = Number.NaN;
    let latpole = Number.NaN;
    if (lon >= 0) {
      const pvLat: number[] = new Array(30).fill(Number.NaN);
      const pvLon: number[] = new Array(5).fill(Number.NaN);
      for (const p of d.pv) {
        if (p.axis === lat + 1 && p.m < 30) pvLat[p.m] = p.value;
        if (p.axis === lon + 1 && p.m < 5) pvLon[p.m] = p.value;
      }
      const alpha0 = this.crval[lon];
      const delta0 = this.crval[lat];
      try {
        if (projectionCode === 'NCP') {
          // AIPS NCP (Paper II §5.1.5 and §6.1): SIN with (ξ, η) = (0, cot δ0), as wcslib celfix translates it.
          if (delta0 === 0) throw new ProjectionError('NCP is undefined at δ0 = 0');
          diagnostics.push(wcsDiagnostic('WCS_LEGACY_KEYWORD', 'NCP read as SIN with PV2_2 = cot δ0'));
          projection = new Sin([0, 0, cosd(delta0) / sind(delta0)], 'NCP');
        } else {
          projection = createProjection(projectionCode, pvLat);
        }
      } catch (e) {
        if (!(e instanceof ProjectionError)) throw e;
        const code = /not supported/.test(e.message) ? 'WCS_UNKNOWN_PROJECTION' : 'WCS_BAD_PROJECTION_PARAMETER';
        diagnostics.push(wcsDiagnostic(code, e.message));
      }
      if (projection) {
        // Paper II §2.5: PVi_1, PVi_2 of the longitude axis move the fiducial point; the projection plane is then
        // offset so that (φ0, θ0) still maps to (0, 0) (wcslib prjoff). PVi_3, PVi_4 duplicate LONPOLE/LATPOLE.
        let phi0 = projection.phi0;
        let theta0 = projection.theta0;
        if (!Number.isNaN(pvLon[1]) || !Number.isNaN(pvLon[2])) {
          if (!Number.isNaN(pvLon[1])) phi0 = pvLon[1];
          if (!Number.isNaN(pvLon[2])) theta0 = pvLon[2];
          projection.toPlane(phi0, theta0, this.scratch);
          x0 = this.scratch[0];
          y0 = this.scratch[1];
        }
        lonpole = Number.isNaN(d.lonpole) ? pvLon[3] : d.lonpole;
        latpole = Number.isNaN(d.latpole) ? pvLon[4] : d.latpole;
        try {
          rotation = celestialRotation(alpha0, delta0, phi0, theta0, lonpole, latpole);
          lonpole = rotation.phiP;
          latpole = rotation.deltaP;
        } catch (e) {
          if (!(e instanceof RotationError)) throw e;
          diagnostics.push(wcsDiagnostic('WCS_BAD_ROTATION', e.message));
        }
      }
    }
    this.projection = projection;
    this.rotation = rotation;
    this.x0 = x0;
    this.y0 = y0;
    this.lonpole = lonpole;
    this.latpole = latpole;

    // Spectral axis (Paper III).
    let spectral: SpectralAxis | null = null;
    if (spec >= 0) {
      try {
        spectral = new SpectralAxis(d.ctype[spec], this.crval[spec], {
          restFrequency: d.restFrequency,
          restWavelength: d.restWavelength,
        });
      } catch (e) {
        if (!(e instanceof SpectralError)) throw e;
        diagnostics.push(wcsDiagnostic('WCS_BAD_SPECTRAL', e.message));
      }
    }
    this.spectral = spectral;

    // Celestial fast path.
    const pa = lon >= 0 ? Math.min(lon, lat) : 0;
    const pb = lon >= 0 ? Math.max(lon, lat) : Math.min(1, n - 1);
    this.pa = pa;
    this.pb = pb;
    this.ra0 = (this.crpix[pa] ?? 1) - 1;
    this.rb0 = (this.crpix[pb] ?? 1) - 1;
    const rl = lon >= 0 ? lon : pa;
    const rt = lon >= 0 ? lat : pb;
    this.c00 = m[rl * n + pa];
    this.c01 = m[rl * n + pb];
    this.c10 = m[rt * n + pa];
    this.c11 = m[rt * n + pb];
    const det = this.c00 * this.c11 - this.c01 * this.c10;
    this.i00 = this.c11 / det;
    this.i01 = -this.c01 / det;
    this.i10 = -this.c10 / det;
    this.i11 = this.c00 / det;
    this.diagnostics = diagnostics;
    if (errors().length > 0) throw new WcsError(errors());
  }

  /**
   * Reads the WCS of a header: the primary description, or alternate `alt` ('A'..'Z', Paper I §2.2).
   * Throws WcsError (with every diagnostic) when the description is unusable; warnings stay in `diagnostics`.
   */
  static fromHeader(header: HeaderLike, options: { alt?: string } = {}): Wcs {
    const alt = (options.alt ?? ' ').toUpperCase() || ' ';
    const diagnostics: WcsDiagnostic[] = [];
    const d = readWcsDescription(header, alt, diagnostics);
    if (d.naxis === 0) throw new WcsError([wcsDiagnostic('WCS_NO_WCS', 'the header has no WCS axes')]);
    return new Wcs(d, diagnostics);
  }

  /** Like fromHeader, but returns the diagnostics instead of throwing. */
  static tryFromHeader(
    header: HeaderLike,
    options: { alt?: string } = {},
  ): { wcs: Wcs | null; diagnostics: WcsDiagnostic[] } {
    try {
      const wcs = Wcs.fromHeader(header, options);
      return { wcs, diagnostics: [...wcs.diagnostics] };
    } catch (e) {
      if (e instanceof WcsError) return { wcs: null, diagnostics: e.diagnostics };
      throw e;
    }
  }

  /** Builds a WCS from a description (e.g. one edited from another WCS's `description`). */
  static fromDescription(d: WcsDescription): Wcs {
    return new Wcs(structuredClone(d), []);
  }

  /** Builds a WCS from parameters, e.g. `{ctype: ['RA---SIN','DEC--SIN'], crpix: [513, 513], crval: [ra, dec], cdelt: [-s, s]}`. */
  static fromParameters(p: WcsParameters): Wcs {
    const n = p.ctype.length;
    const matrix = new Array<number>(n * n).fill(0);
    const src = p.cd ?? p.pc;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) matrix[i * n + j] = src ? (src[i]?.[j] ?? 0) : i === j ? 1 : 0;
    }
    return new Wcs(
      {
        alt: ' ',
        naxis: n,
        ctype: p.ctype.map((c) => c.toUpperCase()),
        cunit: p.cunit ?? new Array(n).fill(''),
        crpix: [...p.crpix],
        crval: [...p.crval],
        cdelt: p.cdelt ? [...p.cdelt] : new Array(n).fill(1),
        matrix,
        matrixKind: p.cd ? 'CD' : 'PC',
        pv: p.pv ?? [],
        lonpole: p.lonpole ?? Number.NaN,
        latpole: p.latpole ?? Number.NaN,
        radesys: p.radesys,
        equinox: p.equinox,
        restFrequency: p.restFrequency ?? Number.NaN,
        restWavelength: p.restWavelength ?? Number.NaN,
        specsys: p.specsys,
        imageSize: p.imageSize ?? new Array(n).fill(0),
      },
      [],
    );
  }

  get hasCelestial(): boolean {
    return this.rotation !== null;
  }

  /** Image size (NAXISi) of the two celestial pixel axes, [0, 0] when unknown. */
  get celestialImageSize(): [number, number] {
    return [this.axes[this.pa]?.size ?? 0, this.axes[this.pb]?.size ?? 0];
  }

  // ---- celestial, 2 pixel axes ------------------------------------------------------------------------------

  /**
   * 0-based pixel (x, y) on the two celestial pixel axes (in header order; other pixel axes at their reference
   * pixel, as astropy's WCS.celestial) → celestial (lon, lat) in degrees into out[0], out[1]. NaN off the sky.
   */
  pixelToWorldInto(x: number, y: number, out: Float64Array): void {
    const rot = this.rotation;
    const prj = this.projection;
    if (rot === null || prj === null) {
      out[0] = Number.NaN;
      out[1] = Number.NaN;
      return;
    }
    const dx = x - this.ra0;
    const dy = y - this.rb0;
    prj.toNative(this.c00 * dx + this.c01 * dy + this.x0, this.c10 * dx + this.c11 * dy + this.y0, out);
    nativeToCelestial(rot, out[0], out[1], out);
  }

  /** Celestial (lon, lat) degrees → 0-based pixel (x, y) into out; NaN when the point cannot be projected. */
  worldToPixelInto(lon: number, lat: number, out: Float64Array): void {
    const rot = this.rotation;
    const prj = this.projection;
    if (rot === null || prj === null) {
      out[0] = Number.NaN;
      out[1] = Number.NaN;
      return;
    }
    celestialToNative(rot, lon, lat, out);
    prj.toPlane(out[0], out[1], out);
    const u = out[0] - this.x0;
    const v = out[1] - this.y0;
    out[0] = this.i00 * u + this.i01 * v + this.ra0;
    out[1] = this.i10 * u + this.i11 * v + this.rb0;
  }

  /** 0-based pixel → [lon, lat] degrees (NaN off the sky). */
  pixelToWorld(x: number, y: number): [number, number] {
    const o = new Float64Array(2);
    this.pixelToWorldInto(x, y, o);
    return [o[0], o[1]];
  }

  /** [lon, lat] degrees → 0-based pixel [x, y]. */
  worldToPixel(lon: number, lat: number): [number, number] {
    const o = new Float64Array(2);
    this.worldToPixelInto(lon, lat, o);
    return [o[0], o[1]];
  }

  /** Bulk pixel → world; no allocation per point. Output arrays may alias the inputs. */
  pixelsToWorld(xs: ArrayLike<number>, ys: ArrayLike<number>, outLon: Float64Array, outLat: Float64Array): void {
    const o = this.scratch;
    const len = xs.length;
    for (let i = 0; i < len; i++) {
      this.pixelToWorldInto(xs[i], ys[i], o);
      outLon[i] = o[0];
      outLat[i] = o[1];
    }
  }

  /** Bulk world → pixel; no allocation per point. */
  worldsToPixels(lons: ArrayLike<number>, lats: ArrayLike<number>, outX: Float64Array, outY: Float64Array): void {
    const o = this.scratch;
    const len = lons.length;
    for (let i = 0; i < len; i++) {
      this.worldToPixelInto(lons[i], lats[i], o);
      outX[i] = o[0];
      outY[i] = o[1];
    }
  }

  // ---- all axes -----------------------------------------------------------------------------------------------

  /** 0-based pixel coordinates on every axis → world coordinates on every axis (Paper I eq. 3, then per-axis). */
  pixelToWorldN(pixel: ArrayLike<number>, out: Float64Array = new Float64Array(this.naxis)): Float64Array {
    const n = this.naxis;
    const m = this.matrix;
    const inter = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += m[i * n + j] * (pixel[j] + 1 - this.crpix[j]);
      inter[i] = s;
    }
    for (let i = 0; i < n; i++) {
      if (i === this.lonAxis || i === this.latAxis) continue;
      out[i] =
        i === this.spectralAxis && this.spectral ? this.spectral.fromIntermediate(inter[i]) : this.crval[i] + inter[i];
    }
    if (this.rotation && this.projection) {
      const o = this.scratch;
      this.projection.toNative(inter[this.lonAxis] + this.x0, inter[this.latAxis] + this.y0, o);
      nativeToCelestial(this.rotation, o[0], o[1], o);
      out[this.lonAxis] = o[0];
      out[this.latAxis] = o[1];
    }
    return out;
  }

  /** World coordinates on every axis → 0-based pixel coordinates on every axis. */
  worldToPixelN(world: ArrayLike<number>, out: Float64Array = new Float64Array(this.naxis)): Float64Array {
    const n = this.naxis;
    const inter = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (i === this.lonAxis || i === this.latAxis) continue;
      inter[i] =
        i === this.spectralAxis && this.spectral ? this.spectral.toIntermediate(world[i]) : world[i] - this.crval[i];
    }
    if (this.rotation && this.projection) {
      const o = this.scratch;
      celestialToNative(this.rotation, world[this.lonAxis], world[this.latAxis], o);
      this.projection.toPlane(o[0], o[1], o);
      inter[this.lonAxis] = o[0] - this.x0;
      inter[this.latAxis] = o[1] - this.y0;
    }
    const mi = this.inverseMatrix;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += mi[j * n + i] * inter[i];
      out[j] = s + this.crpix[j] - 1;
    }
    return out;
  }

  // ---- spectral -----------------------------------------------------------------------------------------------

  /** 0-based pixel along the spectral axis → spectral value (SI), other axes at their reference pixel. */
  spectralPixelToWorld(p: number): number {
    const s = this.spectralAxis;
    if (s < 0 || !this.spectral) return Number.NaN;
    return this.spectral.fromIntermediate(this.matrix[s * this.naxis + s] * (p + 1 - this.crpix[s]));
  }

  /** Spectral value (SI) → 0-based pixel along the spectral axis. */
  spectralWorldToPixel(value: number): number {
    const s = this.spectralAxis;
    if (s < 0 || !this.spectral) return Number.NaN;
    return this.spectral.toIntermediate(value) / this.matrix[s * this.naxis + s] + this.crpix[s] - 1;
  }

  // ---- derived helpers ----------------------------------------------------------------------------------------

  /**
   * The celestial sub-WCS (the two celestial axes only, like astropy's `WCS.celestial` / wcslib wcssub), or null
   * when there is no celestial pair.
   */
  celestial(): Wcs | null {
    if (!this.hasCelestial) return null;
    if (this.naxis === 2) return this;
    const keep = [this.pa, this.pb];
    const d = this.description;
    const n = d.naxis;
    const matrix: number[] = [];
    for (const i of keep) for (const j of keep) matrix.push(d.matrix[i * n + j]);
    const sub: WcsDescription = {
      ...structuredClone(d),
      naxis: 2,
      ctype: keep.map((i) => d.ctype[i]),
      cunit: keep.map((i) => d.cunit[i]),
      crpix: keep.map((i) => d.crpix[i]),
      crval: keep.map((i) => d.crval[i]),
      cdelt: keep.map((i) => d.cdelt[i]),
      imageSize: keep.map((i) => d.imageSize[i] ?? 0),
      matrix,
      pv: d.pv.filter((p) => keep.includes(p.axis - 1)).map((p) => ({ ...p, axis: keep.indexOf(p.axis - 1) + 1 })),
    };
    return new Wcs(sub, []);
  }

  /**
   * Pixel scale at the reference point in degrees per pixel along the two celestial pixel axes (column norms of the
   * celestial 2×2 matrix), and the square root of its determinant (the mean scale; a pixel's solid angle there).
   */
  pixelScale(): { x: number; y: number; mean: number } {
    const x = Math.hypot(this.c00, this.c10);
    const y = Math.hypot(this.c01, this.c11);
    return { x, y, mean: Math.sqrt(Math.abs(this.c00 * this.c11 - this.c01 * this.c10)) };
  }

  /**
   * The image outline on the sky: the four corners and four edge midpoints, counter-clockwise in pixel space from
   * (0, 0), as [lon, lat] degrees. `edges: true` (default) uses the outer pixel edges (−0.5 … n − 0.5), which
   * covers the whole image; false uses the centres of the corner pixels (astropy calc_footprint). Points off the
   * sky come back as NaN.
   */
  footprint(options: { width?: number; height?: number; edges?: boolean } = {}): [number, number][] {
    const [w0, h0] = this.celestialImageSize;
    const w = options.width ?? w0;
    const h = options.height ?? h0;
    const e = options.edges === false ? 0 : 0.5;
    const x0 = -e;
    const x1 = w - 1 + e;
    const y0 = -e;
    const y1 = h - 1 + e;
    const xm = (x0 + x1) / 2;
    const ym = (y0 + y1) / 2;
    const pts: [number, number][] = [
      [x0, y0],
      [xm, y0],
      [x1, y0],
      [x1, ym],
      [x1, y1],
      [xm, y1],
      [x0, y1],
      [x0, ym],
    ];
    return pts.map(([x, y]) => this.pixelToWorld(x, y));
  }

  /** The WCS as header cards (degrees / SI units, PCi_j form), for writing a FITS header. */
  toHeaderCards(): [string, string | number][] {
    const n = this.naxis;
    const a = this.alt === ' ' ? '' : this.alt;
    const cards: [string, string | number][] = [[`WCSAXES${a}`, n]];
    const cdelt: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = this.matrix[i * n + i] !== 0 ? this.matrix[i * n + i] : Math.hypot(...this.rowOf(i)) || 1;
      cdelt.push(s);
    }
    for (let i = 0; i < n; i++) {
      const ax = this.axes[i];
      cards.push([`CTYPE${i + 1}${a}`, ax.ctype]);
      if (ax.unit !== '') cards.push([`CUNIT${i + 1}${a}`, ax.unit]);
      cards.push([`CRPIX${i + 1}${a}`, this.crpix[i]]);
      cards.push([`CRVAL${i + 1}${a}`, this.crval[i]]);
      cards.push([`CDELT${i + 1}${a}`, cdelt[i]]);
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const v = this.matrix[i * n + j] / cdelt[i];
        if (v !== (i === j ? 1 : 0)) cards.push([`PC${i + 1}_${j + 1}${a}`, v]);
      }
    }
    for (const p of this.description.pv) cards.push([`PV${p.axis}_${p.m}${a}`, p.value]);
    if (this.hasCelestial) {
      cards.push([`LONPOLE${a}`, this.lonpole]);
      cards.push([`LATPOLE${a}`, this.latpole]);
      if (this.frame?.radesys) cards.push([`RADESYS${a}`, this.frame.radesys]);
      if (this.frame?.equinox !== undefined) cards.push([`EQUINOX${a}`, this.frame.equinox]);
    }
    const rest = this.spectral?.rest;
    if (rest && !Number.isNaN(rest.restFrequency)) cards.push([`RESTFRQ${a}`, rest.restFrequency]);
    if (this.specsys) cards.push([`SPECSYS${a}`, this.specsys]);
    return cards;
  }

  private rowOf(i: number): number[] {
    return Array.from(this.matrix.subarray(i * this.naxis, (i + 1) * this.naxis));
  }
}
