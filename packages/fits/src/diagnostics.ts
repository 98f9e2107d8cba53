// The registry of diagnostic codes of @obscura/fits. Parsers collect diagnostics and keep going where they can;
// each code names the clause of the FITS Standard 4.0 (Pence et al. 2010, A&A 524, A42; IAU FITS WG 2018) it enforces.

export type Severity = 'error' | 'warning';

export interface FitsDiagnostic {
  code: FitsDiagnosticCode;
  severity: Severity;
  message: string;
  /** Clause of the standard or convention, e.g. "FITS 4.0 §4.2.1.2". */
  spec?: string;
  /** Byte offset in the file (or header block) where the problem was found, when known. */
  offset?: number;
}

export const FITS_DIAGNOSTICS = {
  FITS_NON_ASCII_CARD: { severity: 'warning', spec: 'FITS 4.0 §4.1.1 (ASCII text 0x20-0x7E only)' },
  FITS_BAD_KEYWORD: { severity: 'warning', spec: 'FITS 4.0 §4.1.2.1 (keyword: A-Z 0-9 - _, left-justified)' },
  FITS_MISPLACED_VALUE_INDICATOR: { severity: 'warning', spec: 'FITS 4.0 §4.1.2.2 ("= " in bytes 9-10)' },
  FITS_UNTERMINATED_STRING: { severity: 'warning', spec: 'FITS 4.0 §4.2.1.1' },
  FITS_UNQUOTED_STRING: { severity: 'warning', spec: 'FITS 4.0 §4.2.1.1 (strings are enclosed in single quotes)' },
  FITS_NONSTANDARD_NUMBER: { severity: 'warning', spec: 'FITS 4.0 §4.2.3-4.2.4 (no embedded spaces; exponent E or D)' },
  FITS_BAD_VALUE: { severity: 'error', spec: 'FITS 4.0 §4.2' },
  FITS_BAD_CONTINUE: { severity: 'warning', spec: 'FITS 4.0 §4.2.1.2 (CONTINUE follows a string ending in &)' },
  FITS_NO_END: { severity: 'error', spec: 'FITS 4.0 §4.4.1 (header ends with the END keyword)' },
  FITS_END_NOT_BLANK: { severity: 'warning', spec: 'FITS 4.0 §4.4.1 (bytes 9-80 of END are blank)' },
  FITS_BAD_PADDING: {
    severity: 'warning',
    spec: 'FITS 4.0 §3.3.1/§3.3.2 (header padded with blanks, data with zeros)',
  },
  FITS_TRUNCATED: { severity: 'error', spec: 'FITS 4.0 §3.1 (a file is a sequence of 2880-byte blocks)' },
  FITS_MISSING_KEYWORD: { severity: 'error', spec: 'FITS 4.0 §4.4.1 (mandatory keywords)' },
  FITS_KEYWORD_ORDER: { severity: 'warning', spec: 'FITS 4.0 §4.4.1.1-4.4.1.2 (mandatory keywords in order)' },
  FITS_BAD_MANDATORY_VALUE: { severity: 'error', spec: 'FITS 4.0 §4.4.1' },
  FITS_DUPLICATE_KEYWORD: { severity: 'warning', spec: 'FITS 4.0 §4.1.2.1 (keywords appear once, except commentary)' },
  FITS_NOT_FITS: { severity: 'error', spec: 'FITS 4.0 §3.3.1 (a file starts with SIMPLE = T)' },
  FITS_UNSUPPORTED: { severity: 'error', spec: 'FITS 4.0' },
  FITS_TILE_COMPRESSED: { severity: 'warning', spec: 'FITS 4.0 §10 (tiled image compression)' },
  FITS_BAD_TFORM: { severity: 'error', spec: 'FITS 4.0 §7.3.1 Table 18 / §7.2.1 Table 15' },
  FITS_BAD_SECTION: { severity: 'error', spec: 'FITS 4.0 §3.3.2 (array axes)' },
  FITS_CHECKSUM_MISMATCH: { severity: 'warning', spec: 'FITS 4.0 §4.4.2.7 and Appendix J' },
  FITS_DATASUM_MISMATCH: { severity: 'warning', spec: 'FITS 4.0 §4.4.2.7 and Appendix J' },
} as const satisfies Record<string, { severity: Severity; spec: string }>;

export type FitsDiagnosticCode = keyof typeof FITS_DIAGNOSTICS;

export function diagnostic(code: FitsDiagnosticCode, message: string, offset?: number): FitsDiagnostic {
  const d: FitsDiagnostic = {
    code,
    severity: FITS_DIAGNOSTICS[code].severity,
    message,
    spec: FITS_DIAGNOSTICS[code].spec,
  };
  if (offset !== undefined) d.offset = offset;
  return d;
}

/** Thrown when a FITS file cannot be used at all; carries every diagnostic collected so far. */
export class FitsError extends Error {
  constructor(
    message: string,
    readonly diagnostics: FitsDiagnostic[] = [],
  ) {
    super(message);
    this.name = 'FitsError';
  }
}
