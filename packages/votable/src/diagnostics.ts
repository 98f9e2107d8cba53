// The registry of diagnostic codes of @obscura/votable. The reader collects diagnostics and keeps going where it can;
// each code names the clause of VOTable 1.5 (IVOA REC, Ochsenbein, Taylor et al.) or DALI it enforces.

export type Severity = 'error' | 'warning';

export interface VotableDiagnostic {
  code: VotableDiagnosticCode;
  severity: Severity;
  message: string;
  /** Clause of the standard, e.g. "VOTable 1.5 §5.4". */
  spec?: string;
  /** Line and column in the XML document, when known. */
  line?: number;
  column?: number;
}

export const VOTABLE_DIAGNOSTICS = {
  VOTABLE_XML: { severity: 'error', spec: 'XML 1.0 (well-formedness)' },
  VOTABLE_NOT_VOTABLE: { severity: 'error', spec: 'VOTable 1.5 §3 (root element VOTABLE)' },
  VOTABLE_UNKNOWN_DATATYPE: { severity: 'error', spec: 'VOTable 1.5 §2.1 Table 1 (primitive datatypes)' },
  VOTABLE_BAD_ARRAYSIZE: { severity: 'error', spec: 'VOTable 1.5 §2.2 (arraysize: n, n*, *, n1xn2x…)' },
  VOTABLE_BAD_VALUE: { severity: 'warning', spec: 'VOTable 1.5 §6 (representation of primitives in TABLEDATA)' },
  VOTABLE_WRONG_CELL_COUNT: { severity: 'warning', spec: 'VOTable 1.5 §5.1 (one TD per FIELD in each TR)' },
  VOTABLE_UNSUPPORTED_SERIALIZATION: { severity: 'error', spec: 'VOTable 1.5 §5.2 (FITS serialization)' },
  VOTABLE_REMOTE_STREAM: { severity: 'error', spec: 'VOTable 1.5 §5.7 (remote data, STREAM href)' },
  VOTABLE_BAD_ENCODING: { severity: 'error', spec: 'VOTable 1.5 §5.6 (STREAM encoding)' },
  VOTABLE_TRUNCATED_STREAM: { severity: 'error', spec: 'VOTable 1.5 §5.3-5.4 (complete binary records)' },
  VOTABLE_NROWS_MISMATCH: { severity: 'warning', spec: 'VOTable 1.5 §3.4 (TABLE nrows)' },
  VOTABLE_NO_FIELDS: { severity: 'warning', spec: 'VOTable 1.5 §3.4 (a TABLE with data has FIELDs)' },
  VOTABLE_UNKNOWN_FORMAT: { severity: 'error', spec: 'DALI 1.1 §4.2.3 (RESPONSEFORMAT)' },
  VOTABLE_BAD_XTYPE_VALUE: { severity: 'error', spec: 'DALI 1.1 §3 (xtype literal values)' },
  VOTABLE_WRITER_STATE: { severity: 'error', spec: 'VOTable 1.5 §3 (document order: header, rows, end)' },
} as const satisfies Record<string, { severity: Severity; spec: string }>;

export type VotableDiagnosticCode = keyof typeof VOTABLE_DIAGNOSTICS;

export function diagnostic(
  code: VotableDiagnosticCode,
  message: string,
  where?: { line?: number; column?: number },
): VotableDiagnostic {
  const d: VotableDiagnostic = {
    code,
    severity: VOTABLE_DIAGNOSTICS[code].severity,
    message,
    spec: VOTABLE_DIAGNOSTICS[code].spec,
  };
  if (where?.line !== undefined) d.line = where.line;
  if (where?.column !== undefined) d.column = where.column;
  return d;
}

/** Thrown when a VOTable cannot be used (or a writer is misused); carries every diagnostic collected so far. */
export class VotableError extends Error {
  readonly diagnostics: VotableDiagnostic[];
  readonly code: VotableDiagnosticCode;
  constructor(diagnostics: VotableDiagnostic[] | VotableDiagnostic) {
    const list = Array.isArray(diagnostics) ? diagnostics : [diagnostics];
    const first = list.find((d) => d.severity === 'error') ?? list[0];
    super(first ? first.message : 'VOTable error');
    this.name = 'VotableError';
    this.diagnostics = list;
    this.code = first?.code ?? 'VOTABLE_XML';
  }
}

export function fail(code: VotableDiagnosticCode, message: string): never {
  throw new VotableError(diagnostic(code, message));
}
