// CUNITia handling, Greisen & Calabretta 2002 (Paper I) §2.1.2 and FITS 4.0 §4.3: celestial axes are expressed
// in degrees and spectral axes in SI units internally; these factors convert header values to those units.

/** Factor to degrees for an angle unit ('' means the default, deg); undefined when not an angle. */
export function angleToDegrees(unit: string): number | undefined {
  switch (unit.trim()) {
    case '':
    case 'deg':
    case 'degree':
    case 'degrees':
      return 1;
    case 'arcmin':
      return 1 / 60;
    case 'arcsec':
      return 1 / 3600;
    case 'mas':
      return 1 / 3.6e6;
    case 'rad':
      return 180 / Math.PI;
    default:
      return undefined;
  }
}

export type PhysicalKind = 'frequency' | 'length' | 'velocity' | 'energy' | 'wavenumber' | 'dimensionless';

const SI_UNITS: Record<string, [PhysicalKind, number]> = {
  Hz: ['frequency', 1],
  kHz: ['frequency', 1e3],
  MHz: ['frequency', 1e6],
  GHz: ['frequency', 1e9],
  THz: ['frequency', 1e12],
  m: ['length', 1],
  km: ['length', 1e3],
  cm: ['length', 1e-2],
  mm: ['length', 1e-3],
  um: ['length', 1e-6],
  nm: ['length', 1e-9],
  Angstrom: ['length', 1e-10],
  'm/s': ['velocity', 1],
  'm s-1': ['velocity', 1],
  'km/s': ['velocity', 1e3],
  'km s-1': ['velocity', 1e3],
  'cm/s': ['velocity', 1e-2],
  J: ['energy', 1],
  eV: ['energy', 1.6021765e-19], // wcslib wcsunits value (CODATA 2002)
  keV: ['energy', 1.6021765e-16],
  MeV: ['energy', 1.6021765e-13],
  '/m': ['wavenumber', 1],
  '1/m': ['wavenumber', 1],
  'm-1': ['wavenumber', 1],
  '/cm': ['wavenumber', 100],
  'cm-1': ['wavenumber', 100],
  '': ['dimensionless', 1],
};

/**
 * Kind and SI factor of a unit string. Exact (case-sensitive) names first; then, as wcslib's unitfix does for
 * common mistakes, a case-insensitive match, reported through `nonstandard`.
 */
export function siUnit(unit: string): { kind: PhysicalKind; factor: number; nonstandard: boolean } | undefined {
  const u = unit.trim();
  const exact = SI_UNITS[u];
  if (exact) return { kind: exact[0], factor: exact[1], nonstandard: false };
  const lower = u.toLowerCase();
  for (const [name, [kind, factor]] of Object.entries(SI_UNITS)) {
    if (name.toLowerCase() === lower) return { kind, factor, nonstandard: true };
  }
  return undefined;
}
