// Diagnostic codes of @obscura/sky, with the clause each comes from. Parsers return these; they never throw.

export interface SkyDiagnostic {
  code: SkyCode;
  severity: 'error' | 'warning';
  message: string;
  spec?: string;
  /** Character offsets [start, end) in the parsed text, when known. */
  span?: { start: number; end: number };
}

export const SKY_CODES = {
  SKY_EMPTY: 'DALI 1.1 §3.3 (a value is required)',
  SKY_BAD_NUMBER: 'DALI 1.1 §3.3 (values are numbers separated by white space)',
  SKY_WRONG_COUNT: 'DALI 1.1 §3.3.5–3.3.7 (point: 2 numbers, circle: 3, polygon: an even count ≥ 6)',
  SKY_BAD_LONGITUDE: 'DALI 1.1 §3.3.5 (longitude in [0, 360))',
  SKY_BAD_LATITUDE: 'DALI 1.1 §3.3.5 (latitude in [−90, 90])',
  SKY_BAD_RADIUS: 'DALI 1.1 §3.3.6 (radius in (0, 180])',
  SKY_BAD_POLYGON: 'DALI 1.1 §3.3.7 (a polygon needs at least 3 distinct vertices)',
  SKY_BAD_BOX: 'STC-S 1.33 §6 Box (centre, then positive width and height)',
  SKY_STCS_SYNTAX: 'STC-S 1.33 §6 (shape name, optional frame/refpos/flavor, numbers)',
  SKY_STCS_UNKNOWN_SHAPE: 'STC-S 1.33 §6 (Position, Circle, Box, Polygon, Union, Intersection, Difference, Not)',
  SKY_STCS_FRAME: 'STC-S 1.33 §4 (coordinate frames other than ICRS are recorded, not transformed)',
  SKY_STCS_UNSUPPORTED: 'STC-S 1.33 (parts outside the spatial sub-language used by TAP/ObsCore)',
  MOC_ASCII_SYNTAX: 'MOC 2.0 §4.3.2 (EBNF: order "/" then indices or index ranges "a-b", separated by blanks)',
  MOC_JSON_SYNTAX: 'MOC 2.0 Appendix D ({"order":[index,...],...}; STMOC: [{"t":{...},"s":{...}},...])',
  MOC_BAD_ORDER: 'MOC 2.0 §3.1, §3.2 (space orders 0..29, time 0..61; F-MOC 0..59 as cds-moc-rust)',
  MOC_BAD_INDEX: 'MOC 2.0 §4.1.1, §4.2.1 (an index at order n is below the number of cells of that order)',
  MOC_DIMENSION: 'MOC 2.0 §4.3.2, §5.1 (prefix s = space, t = time, f = frequency; STMOC alternates t and s)',
  MOC_FITS_KEYWORD: 'MOC 2.0 §6 table 3 (MOCVERS, MOCDIM, ORDERING, COORDSYS, TIMESYS, MOCORD_S/T/F)',
  MOC_FITS_LAYOUT: 'MOC 2.0 §4.3.1, §5.2 (a one-column BINTABLE of NUNIQ (1J/1K) or RANGE (1K) values)',
} as const;

export type SkyCode = keyof typeof SKY_CODES;

export function diag(
  code: SkyCode,
  message: string,
  severity: 'error' | 'warning' = 'error',
  span?: { start: number; end: number },
): SkyDiagnostic {
  return span
    ? { code, severity, message, spec: SKY_CODES[code], span }
    : { code, severity, message, spec: SKY_CODES[code] };
}
