// Spectral axes, Greisen, Calabretta, Valdes & Allen 2006 (Paper III). CTYPEia = 'TTTT' (linear in the type
// itself, §3.1) or 'TTTT-X2P' (§3.2: linear in basic type X, with S reached through the basic type P of TTTT).
// All values are SI: Hz, J, m⁻¹, m/s, m, dimensionless (Paper III Table 1).
// Supported: FREQ ENER WAVN VRAD WAVE VOPT ZOPT AWAV VELO BETA with X, P ∈ {F, W, A, V}. Not supported: LOG, GRI, GRA, TAB.

export const SPEED_OF_LIGHT = 299792458; // m/s, Paper III Table 1 footnote
// wcslib uses h from CODATA 1986 (spx.h) and eV from CODATA 2002 (wcsunits.c); we use the same to agree with astropy.
const PLANCK = 6.6260755e-34; // J s (wcslib spx.h)

export type SpectralType = 'FREQ' | 'ENER' | 'WAVN' | 'VRAD' | 'WAVE' | 'VOPT' | 'ZOPT' | 'AWAV' | 'VELO' | 'BETA';
/** Basic types of Paper III §3.2: F frequency, W vacuum wavelength, A air wavelength, V apparent radial velocity. */
export type BasicType = 'F' | 'W' | 'A' | 'V';

const BASIC_OF: Record<SpectralType, BasicType> = {
  FREQ: 'F',
  ENER: 'F',
  WAVN: 'F',
  VRAD: 'F',
  WAVE: 'W',
  VOPT: 'W',
  ZOPT: 'W',
  AWAV: 'A',
  VELO: 'V',
  BETA: 'V',
};

export function isSpectralType(t: string): t is SpectralType {
  return t in BASIC_OF;
}

/** Rest frequency ν0 (Hz) and rest wavelength λ0 (m); NaN when unknown. */
export interface RestValues {
  restFrequency: number;
  restWavelength: number;
}

export class SpectralError extends Error {}

/** S → P and dP/dS (Paper III Table 3). */
function toBasic(t: SpectralType, s: number, rest: RestValues, out: Float64Array): void {
  const c = SPEED_OF_LIGHT;
  const nu0 = rest.restFrequency;
  const lam0 = rest.restWavelength;
  switch (t) {
    case 'FREQ':
    case 'WAVE':
    case 'AWAV':
    case 'VELO':
      out[0] = s;
      out[1] = 1;
      return;
    case 'ENER':
      out[0] = s / PLANCK;
      out[1] = 1 / PLANCK;
      return;
    case 'WAVN':
      out[0] = s * c;
      out[1] = c;
      return;
    case 'VRAD':
      out[0] = nu0 * (1 - s / c);
      out[1] = -nu0 / c;
      return;
    case 'VOPT':
      out[0] = lam0 * (1 + s / c);
      out[1] = lam0 / c;
      return;
    case 'ZOPT':
      out[0] = lam0 * (1 + s);
      out[1] = lam0;
      return;
    case 'BETA':
      out[0] = s * c;
      out[1] = c;
      return;
  }
}

/** P → S (inverse of toBasic). */
function fromBasic(t: SpectralType, p: number, rest: RestValues): number {
  const c = SPEED_OF_LIGHT;
  switch (t) {
    case 'FREQ':
    case 'WAVE':
    case 'AWAV':
    case 'VELO':
      return p;
    case 'ENER':
      return p * PLANCK;
    case 'WAVN':
      return p / c;
    case 'VRAD':
      return c * (1 - p / rest.restFrequency);
    case 'VOPT':
      return c * (p / rest.restWavelength - 1);
    case 'ZOPT':
      return p / rest.restWavelength - 1;
    case 'BETA':
      return p / c;
  }
}

/** Refractive index of air at vacuum wavelength... wcslib spx.c: n(λ_air) (Cox 2000), λ in m. */
function airIndex(awav: number): number {
  const s = (1 / awav) ** 2;
  return 1 + 2.554e8 / (0.41e14 - s) + 2.94981e10 / (1.46e14 - s) + 6.4328e-5;
}

function airToVacuum(awav: number): number {
  return awav * airIndex(awav);
}

function vacuumToAir(wave: number): number {
  let a = wave;
  for (let i = 0; i < 10; i++) a = wave / airIndex(a);
  return a;
}

/** Converts between basic types (F Hz, W m, A m, V m/s); writes value and derivative d(to)/d(from). */
export function convertBasic(from: BasicType, to: BasicType, v: number, rest: RestValues, out: Float64Array): void {
  const c = SPEED_OF_LIGHT;
  if (from === to) {
    out[0] = v;
    out[1] = 1;
    return;
  }
  if (from === 'A' || to === 'A') {
    // Route through vacuum wavelength; derivative by a central difference (air conversions are smooth).
    const f = (x: number): number => {
      const w = from === 'A' ? airToVacuum(x) : x;
      const tmp = new Float64Array(2);
      if (from === 'A') convertBasic('W', to === 'A' ? 'W' : to, w, rest, tmp);
      else convertBasic(from, 'W', w, rest, tmp);
      return to === 'A' ? vacuumToAir(tmp[0]) : tmp[0];
    };
    const h = Math.abs(v) * 1e-6 || 1e-6;
    out[0] = f(v);
    out[1] = (f(v + h) - f(v - h)) / (2 * h);
    return;
  }
  const nu0 = rest.restFrequency;
  const lam0 = rest.restWavelength;
  const key = `${from}${to}`;
  switch (key) {
    case 'FW':
      out[0] = c / v;
      out[1] = -c / (v * v);
      return;
    case 'WF':
      out[0] = c / v;
      out[1] = -c / (v * v);
      return;
    case 'FV': {
      const a = nu0 * nu0;
      const b = v * v;
      out[0] = (c * (a - b)) / (a + b);
      out[1] = (-4 * c * a * v) / ((a + b) * (a + b));
      return;
    }
    case 'VF': {
      out[0] = nu0 * Math.sqrt((c - v) / (c + v));
      out[1] = (-nu0 * c) / ((c + v) * Math.sqrt(c * c - v * v));
      return;
    }
    case 'WV': {
      const a = lam0 * lam0;
      const b = v * v;
      out[0] = (c * (b - a)) / (a + b);
      out[1] = (4 * c * a * v) / ((a + b) * (a + b));
      return;
    }
    case 'VW': {
      out[0] = lam0 * Math.sqrt((c + v) / (c - v));
      out[1] = (lam0 * c) / ((c - v) * Math.sqrt(c * c - v * v));
      return;
    }
  }
}

/** One spectral axis: intermediate world coordinate x (SI, relative to CRVAL) ↔ spectral value S (SI). */
export class SpectralAxis {
  readonly type: SpectralType;
  /** Basic type in which the axis is linear (the X of 'X2P'); the type's own basic type when no code is given. */
  readonly linearIn: BasicType | null;
  readonly basic: BasicType;
  readonly ctype: string;
  readonly crval: number;
  readonly rest: RestValues;
  private readonly xRef: number;
  private readonly dXdS: number;
  private readonly tmp = new Float64Array(2);

  /** `crval` in SI; `algorithm` the part after '-' in CTYPE ('' for linear). Throws SpectralError. */
  constructor(ctype: string, crval: number, rest: RestValues) {
    this.ctype = ctype;
    const type = ctype.slice(0, 4).replace(/-+$/, '');
    if (!isSpectralType(type)) throw new SpectralError(`${ctype} is not a spectral type (Paper III Table 1)`);
    this.type = type;
    this.basic = BASIC_OF[type];
    this.crval = crval;
    this.rest = fillRest(rest);
    const code = ctype.length > 5 ? ctype.slice(5).trim() : '';
    if (code === '') {
      this.linearIn = null;
      this.xRef = crval;
      this.dXdS = 1;
    } else {
      const m = /^([FWAV])2([FWAV])$/.exec(code);
      if (!m) throw new SpectralError(`spectral algorithm code ${code} is not supported (Paper III §3.2)`);
      if (m[2] !== this.basic) {
        throw new SpectralError(`${ctype}: P must be ${this.basic}, the basic type of ${type} (Paper III §3.2)`);
      }
      this.linearIn = m[1] as BasicType;
      this.requireRest(this.linearIn);
      const t = this.tmp;
      toBasic(type, crval, this.rest, t);
      const p = t[0];
      const dPdS = t[1];
      convertBasic(this.basic, this.linearIn, p, this.rest, t);
      this.xRef = t[0];
      this.dXdS = t[1] * dPdS; // Paper III eq. 4: w = x · (dX/dS)_r
    }
    if (type === 'VRAD' && Number.isNaN(this.rest.restFrequency)) throw new SpectralError('VRAD needs RESTFRQ');
    if ((type === 'VOPT' || type === 'ZOPT') && Number.isNaN(this.rest.restWavelength)) {
      throw new SpectralError(`${type} needs RESTWAV or RESTFRQ`);
    }
  }

  private requireRest(x: BasicType): void {
    const needsRest = (x === 'V') !== (this.basic === 'V');
    if (needsRest && Number.isNaN(this.rest.restFrequency)) {
      throw new SpectralError(`${this.ctype}: a rest frequency or wavelength is needed (Paper III §3.2)`);
    }
  }

  /** S for an intermediate world coordinate x (CDELT·PC·(p − CRPIX), SI). NaN outside the valid range. */
  fromIntermediate(x: number): number {
    if (this.linearIn === null) return this.crval + x;
    const X = this.xRef + this.dXdS * x;
    const t = this.tmp;
    convertBasic(this.linearIn, this.basic, X, this.rest, t);
    return fromBasic(this.type, t[0], this.rest);
  }

  /** Intermediate world coordinate x for a spectral value S (inverse of fromIntermediate). */
  toIntermediate(s: number): number {
    if (this.linearIn === null) return s - this.crval;
    const t = this.tmp;
    toBasic(this.type, s, this.rest, t);
    convertBasic(this.basic, this.linearIn, t[0], this.rest, t);
    return (t[0] - this.xRef) / this.dXdS;
  }
}

/** Completes ν0/λ0 from each other (λ0 = c/ν0). */
export function fillRest(rest: RestValues): RestValues {
  let nu = rest.restFrequency > 0 ? rest.restFrequency : Number.NaN;
  let lam = rest.restWavelength > 0 ? rest.restWavelength : Number.NaN;
  if (Number.isNaN(nu) && !Number.isNaN(lam)) nu = SPEED_OF_LIGHT / lam;
  if (Number.isNaN(lam) && !Number.isNaN(nu)) lam = SPEED_OF_LIGHT / nu;
  return { restFrequency: nu, restWavelength: lam };
}

/** Converts a spectral value between any two types (e.g. FREQ Hz → VRAD m/s), using the rest values. */
export function convertSpectral(value: number, from: SpectralType, to: SpectralType, rest: RestValues): number {
  const r = fillRest(rest);
  const t = new Float64Array(2);
  toBasic(from, value, r, t);
  convertBasic(BASIC_OF[from], BASIC_OF[to], t[0], r, t);
  return fromBasic(to, t[0], r);
}
