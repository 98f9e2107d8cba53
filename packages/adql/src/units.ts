// Unit conversion for ADQL 2.1 §4.8 IN_UNIT and for ivo_specconv: the common VOUnits 1.0 units of angle,
// frequency, wavelength/length, time, energy and (for radio catalogues) flux density and surface brightness per
// beam, as (dimension, factor to the SI or degree base) pairs.
// Anything else is an explicit error, never a guess.

type Dimension = 'angle' | 'frequency' | 'length' | 'time' | 'energy' | 'flux density' | 'flux density per beam';

interface UnitDef {
  dim: Dimension;
  /** Multiply a value in this unit by `factor` to get the base unit (deg, Hz, m, s, J). */
  factor: number;
}

const EV = 1.602176634e-19; // J, CODATA 2018 (exact)
/** Speed of light in m/s (exact, SI 2019) and Planck's constant in J s (exact, SI 2019). */
export const SPEED_OF_LIGHT = 299792458;
export const PLANCK = 6.62607015e-34;

const UNITS: Record<string, UnitDef> = {
  deg: { dim: 'angle', factor: 1 },
  arcmin: { dim: 'angle', factor: 1 / 60 },
  arcsec: { dim: 'angle', factor: 1 / 3600 },
  mas: { dim: 'angle', factor: 1 / 3.6e6 },
  rad: { dim: 'angle', factor: 180 / Math.PI },
  Hz: { dim: 'frequency', factor: 1 },
  kHz: { dim: 'frequency', factor: 1e3 },
  MHz: { dim: 'frequency', factor: 1e6 },
  GHz: { dim: 'frequency', factor: 1e9 },
  THz: { dim: 'frequency', factor: 1e12 },
  m: { dim: 'length', factor: 1 },
  km: { dim: 'length', factor: 1e3 },
  cm: { dim: 'length', factor: 1e-2 },
  mm: { dim: 'length', factor: 1e-3 },
  um: { dim: 'length', factor: 1e-6 },
  nm: { dim: 'length', factor: 1e-9 },
  Angstrom: { dim: 'length', factor: 1e-10 },
  s: { dim: 'time', factor: 1 },
  ms: { dim: 'time', factor: 1e-3 },
  min: { dim: 'time', factor: 60 },
  h: { dim: 'time', factor: 3600 },
  d: { dim: 'time', factor: 86400 },
  yr: { dim: 'time', factor: 365.25 * 86400 }, // Julian year (VOUnits 1.0 §2.4)
  J: { dim: 'energy', factor: 1 },
  eV: { dim: 'energy', factor: EV },
  keV: { dim: 'energy', factor: 1e3 * EV },
  MeV: { dim: 'energy', factor: 1e6 * EV },
  // VOUnits 1.0 §2.3: Jy = 1e-26 W m-2 Hz-1, with SI prefixes; `beam` is a VOUnits known unit (per-beam
  // brightness, e.g. CIRADA's Peak_flux in mJy/beam), converted only to another per-beam unit.
  Jy: { dim: 'flux density', factor: 1 },
  mJy: { dim: 'flux density', factor: 1e-3 },
  uJy: { dim: 'flux density', factor: 1e-6 },
  nJy: { dim: 'flux density', factor: 1e-9 },
  'W.m**-2.Hz**-1': { dim: 'flux density', factor: 1e26 },
  'Jy/beam': { dim: 'flux density per beam', factor: 1 },
  'mJy/beam': { dim: 'flux density per beam', factor: 1e-3 },
  'uJy/beam': { dim: 'flux density per beam', factor: 1e-6 },
};

/** Spellings VOUnits allows besides the canonical ones. */
const ALIASES: Record<string, string> = {
  µm: 'um',
  Å: 'Angstrom',
  angstrom: 'Angstrom',
  a: 'yr',
  day: 'd',
  µJy: 'uJy',
  'µJy/beam': 'uJy/beam',
};

function unit(name: string): UnitDef | undefined {
  const n = name.trim();
  return UNITS[n] ?? UNITS[ALIASES[n] ?? ''];
}

export const KNOWN_UNITS: readonly string[] = Object.keys(UNITS);

/** The factor that converts a value in `from` to `to` (same dimension), or an error message. */
export function unitFactor(from: string, to: string): { factor: number } | { error: string } {
  const f = unit(from);
  const t = unit(to);
  if (!f) return { error: `unit '${from}' is not one IN_UNIT can convert (known: ${KNOWN_UNITS.join(', ')})` };
  if (!t) return { error: `unit '${to}' is not one IN_UNIT can convert (known: ${KNOWN_UNITS.join(', ')})` };
  if (f.dim !== t.dim) return { error: `cannot convert ${from} (${f.dim}) to ${to} (${t.dim})` };
  // 15 significant digits: 1/1e-9 is 1e9, not 999999999.9999999.
  return { factor: Number((f.factor / t.factor).toPrecision(15)) };
}

/**
 * ivo_specconv: a spectral coordinate between frequency, wavelength and energy (ν = c/λ, E = hν), in any of the
 * units above. Returns NaN for a unit that is not spectral or a non-positive value where 1/x is needed.
 */
export function specconv(value: number, from: string, to: string): number {
  const f = unit(from);
  const t = unit(to);
  if (!f || !t || !isSpectral(f.dim) || !isSpectral(t.dim)) return Number.NaN;
  const base = value * f.factor;
  const hz = f.dim === 'frequency' ? base : f.dim === 'length' ? SPEED_OF_LIGHT / base : base / PLANCK;
  const out = t.dim === 'frequency' ? hz : t.dim === 'length' ? SPEED_OF_LIGHT / hz : hz * PLANCK;
  return out / t.factor;
}

function isSpectral(d: Dimension): boolean {
  return d === 'frequency' || d === 'length' || d === 'energy';
}

/** (dimension, factor) of a spectral unit, for the SQL version of ivo_specconv. */
export function spectralUnits(): { name: string; dim: 'frequency' | 'length' | 'energy'; factor: number }[] {
  const out: { name: string; dim: 'frequency' | 'length' | 'energy'; factor: number }[] = [];
  for (const [name, u] of Object.entries(UNITS)) {
    if (u.dim === 'frequency' || u.dim === 'length' || u.dim === 'energy')
      out.push({ name, dim: u.dim, factor: u.factor });
  }
  return out;
}
