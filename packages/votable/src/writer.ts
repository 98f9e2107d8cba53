// Streaming VOTable 1.5 writer: TABLEDATA (§5.1), BINARY (§5.3) and BINARY2 (§5.4) with base64 STREAM encoding
// (§5.6), QUERY_STATUS INFOs (DALI 1.1 §4.4.1) before the TABLE and, on MAXREC truncation, a trailing
// QUERY_STATUS=OVERFLOW after it (clients such as pyvo read the last QUERY_STATUS). Memory stays bounded: rows are
// encoded into ~64 KiB chunks handed to the sink, waiting for 'drain' when the sink asks.
import { BinaryRowEncoder, magicNull } from './binary-encode.ts';
import { ByteBuilder, CHUNK_BYTES } from './byte-builder.ts';
import type { Coosys, Field, Info, Param } from './field.ts';
import { isCharType, isIntegerType } from './field.ts';
import { coosysXml, documentStart, fieldXml, infoXml, paramXml } from './header.ts';
import { Output, type Sink } from './output.ts';
import type { EndOptions, TableWriter } from './table-writer.ts';
import { WriterState } from './table-writer.ts';
import { type TextFormatter, tabledataNull, textFormatter } from './text-format.ts';
import { attrs, escapeText } from './xml.ts';

export type Serialization = 'TABLEDATA' | 'BINARY' | 'BINARY2';

export interface VOTableWriterOptions {
  /** Default BINARY2 (VOTable 1.5 §5.3: producers are advised to use BINARY2 rather than BINARY). */
  serialization?: Serialization;
  /** INFOs in the RESOURCE after QUERY_STATUS (e.g. the ADQL query, request date, service name). */
  resourceInfos?: Info[];
  coosys?: Coosys[];
  resourceName?: string;
  tableName?: string;
  /** The TABLE DESCRIPTION. */
  description?: string;
  /** The value of the leading QUERY_STATUS INFO (default OK). */
  queryStatus?: 'OK' | 'ERROR' | 'OVERFLOW';
  /** Content-Type; default `application/x-votable+xml;serialization=<serialization>` (§8). */
  contentType?: string;
  /** Complete RESOURCE elements (XML text) written after the results RESOURCE, e.g. DataLink 1.1 §4 service descriptors. */
  trailingResources?: string[];
}

/** Any character outside ASCII (a UTF-16 code unit above 0x7f). */
const NON_ASCII = /[\u0080-\uffff]/;

/** Binary bytes per base64 block: a multiple of 3, so blocks concatenate into one valid base64 text. */
const BASE64_BLOCK = 3 * 16384;

export class VOTableWriter implements TableWriter {
  readonly contentType: string;
  readonly serialization: Serialization;
  rowCount = 0;
  private readonly out: Output;
  private readonly options: VOTableWriterOptions;
  private readonly state = new WriterState();
  private encoder: BinaryRowEncoder | undefined;
  private formatters: TextFormatter[] = [];
  private escapes: boolean[] = [];
  private nullCells: string[] = [];
  private bytes: ByteBuilder | undefined;

  constructor(sink: Sink, options: VOTableWriterOptions = {}) {
    this.out = new Output(sink);
    this.options = options;
    this.serialization = options.serialization ?? 'BINARY2';
    this.contentType = options.contentType ?? `application/x-votable+xml;serialization=${this.serialization}`;
  }

  async writeHeader(fields: Field[], params: Param[] = []): Promise<void> {
    this.state.header();
    const o = this.options;
    let s = documentStart();
    s += `<RESOURCE type="results"${attrs([['name', o.resourceName]])}>\n`;
    s += infoXml({ name: 'QUERY_STATUS', value: o.queryStatus ?? 'OK' });
    for (const info of o.resourceInfos ?? []) s += infoXml(info);
    for (const c of o.coosys ?? []) s += coosysXml(c);
    s += `<TABLE${attrs([['name', o.tableName]])}>\n`;
    if (o.description) s += `<DESCRIPTION>${escapeText(o.description)}</DESCRIPTION>\n`;
    for (const p of params) s += paramXml(p);
    if (this.serialization === 'TABLEDATA') {
      // Integer arrays declare a magic null: for null elements, and so a null fixed-size cell keeps its element count.
      fields = fields.map((f) => {
        const magic = magicNull(f, 'TABLEDATA');
        return magic === undefined || f.nullValue !== undefined ? f : { ...f, nullValue: magic };
      });
      for (const f of fields) s += fieldXml(f);
      s += '<DATA><TABLEDATA>\n';
      this.formatters = fields.map(textFormatter);
      this.escapes = fields.map((f) => isCharType(f.datatype));
      this.nullCells = fields.map((f) => {
        const t = tabledataNull(f);
        return t === '' ? '<TD/>' : `<TD>${t}</TD>`;
      });
    } else {
      const binary2 = this.serialization === 'BINARY2';
      // BINARY cannot flag nulls except by magic values (§5.5), so every integer column declares one.
      const magic = fields.map((f) => magicNull(f, this.serialization));
      fields.forEach((f, i) => {
        const declared = isIntegerType(f.datatype) ? magic[i] : f.nullValue;
        s += fieldXml(f, declared === undefined ? undefined : String(declared));
      });
      s += `<DATA><${this.serialization}><STREAM encoding="base64">\n`;
      this.encoder = new BinaryRowEncoder(fields, binary2, magic);
    }
    await this.out.text(s);
  }

  writeRows(rows: ArrayLike<ArrayLike<unknown>>): Promise<void> {
    this.state.rows();
    return this.encoder ? this.writeBinary(rows) : this.writeTabledata(rows);
  }

  private async writeTabledata(rows: ArrayLike<ArrayLike<unknown>>): Promise<void> {
    const fmt = this.formatters;
    const esc = this.escapes;
    const n = fmt.length;
    const nulls = this.nullCells;
    this.bytes ??= new ByteBuilder();
    const b = this.bytes;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      // One text per row, written with one call (a write per cell cost more than the concatenation); it is ASCII
      // unless a char cell is not.
      let s = '<TR>';
      let ascii = true;
      for (let c = 0; c < n; c++) {
        const v = row[c];
        if (v === null || v === undefined) {
          s += nulls[c]; // §5.1: an empty TD is a null (VOTable ≥ 1.3)
          continue;
        }
        let t = fmt[c](v);
        if (esc[c]) {
          t = escapeText(t);
          if (ascii && NON_ASCII.test(t)) ascii = false;
        }
        s += `<TD>${t}</TD>`;
      }
      s += '</TR>\n';
      if (ascii) b.ascii(s);
      else b.utf8(s);
      this.rowCount++;
      if (b.pos >= CHUNK_BYTES) {
        const p = this.sendBytes();
        if (p) await p;
      }
    }
  }

  /** Sends the TABLEDATA bytes gathered, after any text waiting before them. */
  private sendBytes(): Promise<void> | undefined {
    const b = this.bytes;
    if (!b || b.pos === 0) return undefined;
    const chunk = b.take();
    const p = this.out.flush();
    if (p) return p.then(() => this.out.chunk(chunk));
    return this.out.chunk(chunk);
  }

  private async writeBinary(rows: ArrayLike<ArrayLike<unknown>>): Promise<void> {
    const enc = this.encoder!;
    const sink = enc.sink;
    for (let r = 0; r < rows.length; r++) {
      enc.encode(rows[r]);
      this.rowCount++;
      if (sink.pos >= BASE64_BLOCK) {
        const p = this.drainBase64(false);
        if (p) await p;
      }
    }
  }

  /** Sends whole 3-byte groups as base64 lines (all of it, padded, when `final`). */
  private drainBase64(final: boolean): Promise<void> | undefined {
    const sink = this.encoder!.sink;
    const n = final ? sink.pos : sink.pos - (sink.pos % 3);
    if (n === 0) return undefined;
    const text = `${sink.buf.toString('base64', 0, n)}\n`;
    sink.shift(n);
    return this.out.text(text);
  }

  async end(options: EndOptions = {}): Promise<void> {
    this.state.end();
    let s: string;
    if (this.encoder) {
      const p = this.drainBase64(true);
      if (p) await p;
      s = `</STREAM></${this.serialization}></DATA>\n`;
    } else {
      const p = this.sendBytes();
      if (p) await p;
      s = '</TABLEDATA></DATA>\n';
    }
    s += '</TABLE>\n';
    // DALI 1.1 §4.4.1 / TAP 1.1 §4.4: OVERFLOW after the table when MAXREC truncated the result.
    if (options.overflow) s += infoXml({ name: 'QUERY_STATUS', value: 'OVERFLOW' });
    for (const info of options.trailingInfos ?? []) s += infoXml(info);
    s += '</RESOURCE>\n';
    for (const r of this.options.trailingResources ?? []) s += r;
    s += '</VOTABLE>\n';
    await this.out.text(s);
    await this.out.flush();
  }
}

export interface ErrorDocumentOptions {
  /** QUERY_STATUS value; ERROR by default (DALI 1.1 §4.4.1). */
  status?: 'ERROR' | 'OVERFLOW' | 'OK';
  /** Extra INFOs after QUERY_STATUS (e.g. a diagnostic code). */
  infos?: Info[];
}

/**
 * A VOTable error document (DALI 1.1 §4.4.1 / TAP 1.1 §4.4): a RESOURCE type="results" holding
 * `<INFO name="QUERY_STATUS" value="ERROR">message</INFO>`.
 */
export function errorDocument(message: string, options: ErrorDocumentOptions = {}): string {
  let s = documentStart();
  s += '<RESOURCE type="results">\n';
  s += infoXml({ name: 'QUERY_STATUS', value: options.status ?? 'ERROR', content: message });
  for (const info of options.infos ?? []) s += infoXml(info);
  s += '</RESOURCE>\n</VOTABLE>\n';
  return s;
}
