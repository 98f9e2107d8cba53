// CSV (RFC 4180; TAP 1.1 §2.7.1 text/csv) and TSV (IANA text/tab-separated-values) streaming writers: a header line
// of column names, then one line per row; values in their VOTable TABLEDATA text form (VOTable 1.5 §6), null empty.
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

export interface DelimitedOptions {
  /** "csv" (comma, CRLF, RFC 4180 quoting) or "tsv" (tab, LF). */
  kind: 'csv' | 'tsv';
  /** Write the header line (default true; text/csv;header=absent turns it off). */
  header?: boolean;
  contentType?: string;
}

export class DelimitedWriter implements TableWriter {
  readonly contentType: string;
  rowCount = 0;
  private readonly out: Output;
  private readonly state = new WriterState();
  private readonly sep: string;
  private readonly eol: string;
  private readonly quote: (s: string) => string;
  private readonly header: boolean;
  private formatters: TextFormatter[] = [];
  private plain: boolean[] = [];

  constructor(sink: Sink, options: DelimitedOptions) {
    this.out = new Output(sink);
    const csv = options.kind === 'csv';
    this.sep = csv ? ',' : '\t';
    this.eol = csv ? '\r\n' : '\n'; // RFC 4180 §2.1 CRLF
    this.quote = csv ? csvField : tsvField;
    this.header = options.header ?? true;
    this.contentType = options.contentType ?? (csv ? 'text/csv;header=present' : 'text/tab-separated-values');
  }

  async writeHeader(fields: Field[], _params?: Param[]): Promise<void> {
    this.state.header();
    this.formatters = fields.map(textFormatter);
    // Numbers never need quoting; strings, booleans and arrays of strings might.
    this.plain = fields.map((f) => f.datatype !== 'char' && f.datatype !== 'unicodeChar');
    if (this.header) await this.out.text(fields.map((f) => this.quote(f.name)).join(this.sep) + this.eol);
  }

  async writeRows(rows: ArrayLike<ArrayLike<unknown>>): Promise<void> {
    this.state.rows();
    const fmt = this.formatters;
    const plain = this.plain;
    const n = fmt.length;
    const { sep, eol, quote, out } = this;
    let s = '';
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      for (let c = 0; c < n; c++) {
        if (c > 0) s += sep;
        const v = row[c];
        if (v !== null && v !== undefined) s += plain[c] ? fmt[c](v) : quote(fmt[c](v));
      }
      s += eol;
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

  async end(_options: EndOptions = {}): Promise<void> {
    // CSV/TSV have no place for an overflow flag; services say so in headers or not at all (TAP 1.1 §4.4).
    this.state.end();
    await this.out.flush();
  }
}
