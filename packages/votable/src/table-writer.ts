// The interface every streaming table writer (VOTable, CSV, TSV, JSON) implements, so a service can pick one from
// RESPONSEFORMAT and stream a database cursor into it: writeHeader once, writeRows (or writeBody, rows encoded
// elsewhere by body-encoder.ts) per batch, end once.
import { fail } from './diagnostics.ts';
import type { Field, Info, Param } from './field.ts';

export interface EndOptions {
  /** MAXREC truncated the result: VOTable writes a trailing QUERY_STATUS=OVERFLOW INFO (DALI 1.1 §4.4.1, TAP 1.1 §4.4). */
  overflow?: boolean;
  /** INFOs after the TABLE (VOTable 1.5 §3.6: post-operational diagnostics). */
  trailingInfos?: Info[];
}

export interface TableWriter {
  /** The Content-Type to send for this output. */
  readonly contentType: string;
  /** Rows written so far. */
  readonly rowCount: number;
  writeHeader(fields: Field[], params?: Param[]): Promise<void>;
  /** Writes a batch of rows; each row is an array of cell values in FIELD order (see field.ts for JS types). */
  writeRows(rows: ArrayLike<ArrayLike<unknown>>): Promise<void>;
  /**
   * Writes body bytes made by createBodyEncoder(format, the same fields) for `rows` rows (after writeHeader, before
   * end). Only writers whose format has a body encoder implement it (body-encoder.ts).
   */
  writeBody?(bytes: Buffer, rows: number): Promise<void>;
  end(options?: EndOptions): Promise<void>;
}

/** Guards the header → rows → end order shared by all writers. */
export class WriterState {
  private state: 'new' | 'rows' | 'ended' = 'new';
  header(): void {
    if (this.state !== 'new') fail('VOTABLE_WRITER_STATE', 'writeHeader() called twice or after end()');
    this.state = 'rows';
  }
  rows(call = 'writeRows()'): void {
    if (this.state !== 'rows')
      fail('VOTABLE_WRITER_STATE', `${call} called ${this.state === 'new' ? 'before writeHeader()' : 'after end()'}`);
  }
  end(): void {
    if (this.state !== 'rows')
      fail('VOTABLE_WRITER_STATE', `end() called ${this.state === 'new' ? 'before writeHeader()' : 'twice'}`);
    this.state = 'ended';
  }
}
