// Diagnostic codes of HiPS generation (one registry, with where each rule comes from).

export const HIPS_DIAGNOSTICS = {
  HIPS_NO_CELESTIAL_WCS: { spec: 'FITS WCS Paper II §3: an image needs a celestial axis pair to be placed on the sky' },
  HIPS_UNSUPPORTED_FRAME: { spec: 'HiPS 1.0 §4.2.1: tiles are built in the equatorial (ICRS) frame here' },
  HIPS_UNREADABLE_IMAGE: { spec: 'FITS 4.0 §3: the file is not a readable FITS image' },
  HIPS_NO_IMAGES: { spec: 'HiPS 1.0 §4.2.1: a HiPS image needs at least one input image' },
  HIPS_BAD_ORDER: { spec: 'HiPS 1.0 §4.2.1 Table 1: tile order 3..15 with 512-pixel tiles (pixel order ≤ 24)' },
} as const;

export type HipsDiagnosticCode = keyof typeof HIPS_DIAGNOSTICS;

export interface HipsDiagnostic {
  code: HipsDiagnosticCode;
  severity: 'error' | 'warning';
  message: string;
  spec?: string;
}

export function hipsDiagnostic(
  code: HipsDiagnosticCode,
  message: string,
  severity: 'error' | 'warning' = 'error',
): HipsDiagnostic {
  return { code, severity, message, spec: HIPS_DIAGNOSTICS[code].spec };
}

/** An error carrying diagnostics (e.g. a collection without usable images). */
export class HipsError extends Error {
  override name = 'HipsError';
  constructor(
    message: string,
    readonly diagnostics: HipsDiagnostic[] = [],
  ) {
    super(message);
  }
}
