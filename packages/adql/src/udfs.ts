// The user-defined functions Obscura implements on both backends (ADQL 2.1 §2.4; TAPRegExt 1.0 §2.3 declares
// them in the capabilities). ivo_* names and semantics follow the IVOA UDF catalogue
// (https://wiki.ivoa.net/twiki/bin/view/IVOA/ADQL-UDF-Catalogue); obscura_* are this archive's own.
import type { UdfDeclaration } from './catalog.ts';

export const UDF_DECLARATIONS: readonly UdfDeclaration[] = [
  {
    name: 'ivo_healpix_index',
    signature: 'ivo_healpix_index(hpxorder INTEGER, ra DOUBLE PRECISION, dec DOUBLE PRECISION) -> BIGINT',
    description:
      'Index of the HEALPix pixel (nested scheme) of order hpxorder (0..29) that contains the ICRS position ra, dec (degrees).',
    args: ['numeric', 'numeric', 'numeric'],
    returns: 'long',
  },
  {
    name: 'ivo_specconv',
    signature: 'ivo_specconv(value DOUBLE PRECISION, from_unit CHAR(*), to_unit CHAR(*)) -> DOUBLE PRECISION',
    description:
      'Converts a spectral value between frequency (Hz, kHz, MHz, GHz, THz), wavelength (m, km, cm, mm, um, nm, Angstrom) and energy (J, eV, keV, MeV): nu = c/lambda, E = h nu. NULL for other units.',
    args: ['numeric', 'string', 'string'],
    returns: 'double',
  },
  {
    name: 'ivo_interval_overlaps',
    signature:
      'ivo_interval_overlaps(l1 DOUBLE PRECISION, h1 DOUBLE PRECISION, l2 DOUBLE PRECISION, h2 DOUBLE PRECISION) -> INTEGER',
    description:
      '1 if the closed intervals [l1, h1] and [l2, h2] share at least one point, else 0 (NULL if any bound is NULL).',
    args: ['numeric', 'numeric', 'numeric', 'numeric'],
    returns: 'int',
  },
  {
    name: 'ivo_hasword',
    signature: 'ivo_hasword(haystack CHAR(*), needle CHAR(*)) -> INTEGER',
    description:
      '1 if needle occurs in haystack as whole words, case-insensitively (words are runs of ASCII letters and digits), else 0.',
    args: ['string', 'string'],
    returns: 'int',
  },
  {
    name: 'obscura_resolution_at',
    signature:
      'obscura_resolution_at(resolution DOUBLE PRECISION, ref_freq DOUBLE PRECISION, freq DOUBLE PRECISION) -> DOUBLE PRECISION',
    description:
      'Angular resolution at frequency freq of an observation whose resolution is `resolution` at ref_freq (same frequency unit), for a diffraction-limited instrument (theta ~ lambda / D, so theta scales as ref_freq / freq). In the unit of resolution. Example on ivoa.obscore: obscura_resolution_at(s_resolution, (freq_min + freq_max) / 2, 1.4e9) gives the resolution in arcsec at 1.4 GHz.',
    args: ['numeric', 'numeric', 'numeric'],
    returns: 'double',
  },
];
