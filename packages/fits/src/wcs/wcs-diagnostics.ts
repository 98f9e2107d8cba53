// Diagnostic codes of the WCS reader (FITS-WCS Papers I–III). Stable strings; each names the clause it enforces.

export interface WcsDiagnostic {
  code: WcsDiagnosticCode;
  severity: 'error' | 'warning';
  message: string;
  spec?: string;
}

export const WCS_DIAGNOSTICS = {
  WCS_NO_WCS: { severity: 'error', spec: 'Greisen & Calabretta 2002 (Paper I) §2' },
  WCS_UNKNOWN_PROJECTION: { severity: 'error', spec: 'Calabretta & Greisen 2002 (Paper II) §5, Table 13' },
  WCS_BAD_PROJECTION_PARAMETER: { severity: 'error', spec: 'Paper II §5 (PVi_m ranges per projection)' },
  WCS_UNPAIRED_CELESTIAL_AXIS: { severity: 'error', spec: 'Paper II §3.1 (longitude and latitude axes come in pairs)' },
  WCS_BAD_UNITS: { severity: 'error', spec: 'Paper I §2.1.2 (CUNITia must match the axis type)' },
  WCS_NONSTANDARD_UNIT: {
    severity: 'warning',
    spec: 'Paper I §2.1.2, FITS 4.0 §4.3 (unit strings are case-sensitive)',
  },
  WCS_SINGULAR_MATRIX: { severity: 'error', spec: 'Paper I §2.1.2 (PCi_j / CDi_j must be invertible)' },
  WCS_BAD_ROTATION: { severity: 'error', spec: 'Paper II §2.4 (LONPOLE/LATPOLE consistent with CRVAL)' },
  WCS_LEGACY_KEYWORD: { severity: 'warning', spec: 'Paper II §6.1 (CROTAi, PC00i00j, EPOCH, NCP are deprecated)' },
  WCS_BAD_SPECTRAL: {
    severity: 'error',
    spec: 'Greisen et al. 2006 (Paper III) §3 (spectral algorithm codes, rest frequency)',
  },
} as const satisfies Record<string, { severity: 'error' | 'warning'; spec: string }>;

export type WcsDiagnosticCode = keyof typeof WCS_DIAGNOSTICS;

export function wcsDiagnostic(code: WcsDiagnosticCode, message: string): WcsDiagnostic {
  const d = WCS_DIAGNOSTICS[code];
  return { code, severity: d.severity, message, spec: d.spec };
}

/** Thrown by Wcs.fromHeader when the header has no usable WCS; carries every diagnostic found. */
export class WcsError extends Error {
  constructor(readonly diagnostics: WcsDiagnostic[]) {
    super(diagnostics.map((d) => `${d.code}: ${d.message}`).join('; '));
    this.name = 'WcsError';
  }
}
