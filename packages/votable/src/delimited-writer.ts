// CSV (RFC 4180; TAP 1.1 §2.7.1 text/csv) and TSV (IANA text/tab-separated-values) streaming writers: a header line
// of column names, then one line per row; values in their VOTable TABLEDATA text form (VOTable 1.5 §6), null empty.
// Lines are encoded by DelimitedRowEncoder, shared with the CSV/TSV body encoder (body-encoder.ts).
import { ByteBuilder, sendBody, sendBuilt } from './byte-builder.ts';
import type { Field, Param } from './field.ts';
import { Output, type Sink } from './output.ts';
import { type EndOptions, type TableWriter, WriterState } from './table-writer.ts';
import { type TextFormatter, textFormatter } from './text-format.ts';

const CSV_SPECIAL = /[",\r\n]/;

/** RFC 4180 §2.6-2.7: fields with comma, quote or line breaks are quoted, quotes doubled. */
export function csvField(s: string): string {
  return CSV_SPECIAL.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** TSV cannot quote: tabs and line breaks inside a value become spaces (IANA text/tab-separated-values). */
export function tsvField(s: string): string {
  return /[\t\r\n]/.test(s) ? s.replace(/[\t\r\n]/g, ' ') : s;
}

export type DelimitedKind = 'csv' | 'tsv';

/**
 * CSV or TSV lines, one per row (a string, or into a ByteBuilder): the one line encoding of DelimitedWriter and of the CSV/TSV
 * body encoder (body-encoder.ts).
 */
export class DelimitedRowEncoder {
  readonly sep: string;
  readonly eol: string;
  readonly quote: (s: string) => string;
  private readonly formatters: TextFormatter[];
  private readonly plain: boolean[];

  constructor(fields: Field[], kind: DelimitedKind) {
    const csv = kind === 'csv';
    this.sep = csv ? ',' : '\t';
    this.eol = csv ? '\r\n' : '\n'; // RFC 4180 §2.1 CRLF
    this.quote = csv ? csvField : tsvField;
    this.formatters = fields.map(textFormatter);
    // Numbers never need quoting and format to ASCII (text-format.ts); strings, booleans and arrays of strings might.
    this.plain = fields.map((f) => f.datatype !== 'char' && f.datatype !== 'unicodeChar');
  }

  /** The header line of column names. */
  headerLine(fields: Field[]): string {
    return fields.map((f) => this.quote(f.name)).join(this.sep) + this.eol;
  }

  /** `s` followed by one row's line (appending to the writer's text directly is faster than a string per line). */
  appendLine(s: string, row: ArrayLike<unknown>): string {
    const fmt = this.formatters;
    const plain = this.plain;
    const n = fmt.length;
    const { sep, quote } = this;
    for (let c = 0; c < n; c++) {
      if (c > 0) s += sep;
      const v = row[c];
      if (v !== null && v !== undefined) s += plain[c] ? fmt[c](v) : quote(fmt[c](v));
    }
    return s + this.eol;
  }

  /** Appends one row's line (body-encoder.ts). */
  encode(row: ArrayLike<unknown>, b: ByteBuilder): void {
    b.utf8(this.appendLine('', row));
  }
}

export interface DelimitedOptions {
  /** "csv" (comma, CRLF, RFC 4180 quoting) or "tsv" (tab, LF). */
  kind: DelimitedKind;
  /** Write the header line (default true; text/csv;header=absent turns it off). */
  header?: boolean;
  contentType?: string;
}

export class DelimitedWriter implements TableWriter {
  readonly contentType: string;
  rowCount = 0;
  private readonly out: Output;
  private readonly state = new WriterState();
  private readonly kind: DelimitedKind;
  private readonly header: boolean;
  private encoder: DelimitedRowEncoder | undefined;
  /** Body bytes (writeBody) waiting to be sent; rows written by writeRows gather as text in `out`. */
  private bytes: ByteBuilder | undefined;

  constructor(sink: Sink, options: DelimitedOptions) {
    this.out = new Output(sink);
    const csv = options.kind === 'csv';
    this.kind = options.kind;
    this.header = options.header ?? true;
    this.contentType = options.contentType ?? (csv ? 'text/csv;header=present' : 'text/tab-separated-values');
  }

  async writeHeader(fields: Field[], _params?: Param[]): Promise<void> {
    this.state.header();
    this.encoder = new DelimitedRowEncoder(fields, this.kind);
    if (this.header) await this.out.text(this.encoder.headerLine(fields));
  }

  async writeRows(rows: ArrayLike<ArrayLike<unknown>>): Promise<void> {
    this.state.rows();
    const enc = this.encoder!;
    const out = this.out;
    // Lines are gathered as one string (faster here than a ByteBuilder write per line), after any body bytes.
    if (this.bytes) {
      const p = sendBuilt(out, this.bytes);
      if (p) await p;
    }
    let s = '';
    for (let r = 0; r < rows.length; r++) {
      s = enc.appendLine(s, rows[r]);
      this.rowCount++;
      if (s.length >= 65536) {
        const p = out.text(s);
        s = '';
        if (p) await p;
      }
    }
    const p = out.text(s);
    if (p) await p;
  }

  /** Writes lines made by createBodyEncoder (body-encoder.ts) for this format and the same fields. */
  async writeBody(bytes: Buffer, rows: number): Promise<void> {
    this.state.rows('writeBody()');
    this.bytes ??= new ByteBuilder();
    await sendBody(this.out, this.bytes, bytes);
    this.rowCount += rows;
  }

  async end(_options: EndOptions = {}): Promise<void> {
    // CSV/TSV have no place for an overflow flag; services say so in headers or not at all (TAP 1.1 §4.4).
    this.state.end();
    const p = this.bytes && sendBuilt(this.out, this.bytes);
    if (p) await p;
    await this.out.flush();
  }
}
