// Streaming VOTable 1.5 writer: TABLEDATA (§5.1), BINARY (§5.3) and BINARY2 (§5.4) with base64 STREAM encoding
// (§5.6), QUERY_STATUS INFOs (DALI 1.1 §4.4.1) before the TABLE and, on MAXREC truncation, a trailing
// QUERY_STATUS=OVERFLOW after it (clients such as pyvo read the last QUERY_STATUS). Memory stays bounded: rows are
// encoded into ~64 KiB chunks handed to the sink, waiting for 'drain' when the sink asks. Rows encoded elsewhere
// (body-encoder.ts, e.g. in worker threads) are appended with writeBody; both paths share the row encoders below and
// in binary-encode.ts, so their bytes are the same.
import { type BinaryRowEncoder, binaryRowEncoder, magicNull } from './binary-encode.ts';
import { ByteBuilder, CHUNK_BYTES, NON_ASCII, sendBody, sendBuilt } from './byte-builder.ts';
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

/**
 * Binary bytes per base64 line: a multiple of 3, so lines concatenate into one valid base64 text. Every line but the
 * last encodes exactly this many bytes, so the text depends only on the bytes, not on how rows were batched.
 */
const BASE64_BLOCK = 3 * 16384;

/**
 * TABLEDATA rows (VOTable 1.5 §5.1) as `<TR><TD>…</TD>…</TR>\n` text, one row at a time into a ByteBuilder: the one
 * row encoding of VOTableWriter and of the TABLEDATA body encoder (body-encoder.ts).
 */
export class TabledataRowEncoder {
  /** The FIELDs as the document declares them (integer arrays given a magic null). */
  readonly fields: Field[];
  private readonly formatters: TextFormatter[];
  private readonly escapes: boolean[];
  private readonly nullCells: string[];

  constructor(fields: Field[]) {
    // Integer arrays declare a magic null: for null elements, and so a null fixed-size cell keeps its element count.
    this.fields = fields.map((f) => {
      const magic = magicNull(f, 'TABLEDATA');
      return magic === undefined || f.nullValue !== undefined ? f : { ...f, nullValue: magic };
    });
    this.formatters = this.fields.map(textFormatter);
    this.escapes = this.fields.map((f) => isCharType(f.datatype));
    this.nullCells = this.fields.map((f) => {
      const t = tabledataNull(f);
      return t === '' ? '<TD/>' : `<TD>${t}</TD>`;
    });
  }

  /** Appends one row. */
  encode(row: ArrayLike<unknown>, b: ByteBuilder): void {
    const fmt = this.formatters;
    const esc = this.escapes;
    const nulls = this.nullCells;
    const n = fmt.length;
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
  }
}

export class VOTableWriter implements TableWriter {
  readonly contentType: string;
  readonly serialization: Serialization;
  rowCount = 0;
  private readonly out: Output;
  private readonly options: VOTableWriterOptions;
  private readonly state = new WriterState();
  private encoder: BinaryRowEncoder | undefined;
  private tabledata: TabledataRowEncoder | undefined;
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
      this.tabledata = new TabledataRowEncoder(fields);
      this.bytes = new ByteBuilder();
      for (const f of this.tabledata.fields) s += fieldXml(f);
      s += '<DATA><TABLEDATA>\n';
    } else {
      // BINARY cannot flag nulls except by magic values (§5.5), so every integer column declares one.
      this.encoder = binaryRowEncoder(fields, this.serialization);
      const magic = this.encoder.magicNulls;
      fields.forEach((f, i) => {
        const declared = isIntegerType(f.datatype) ? magic[i] : f.nullValue;
        s += fieldXml(f, declared === undefined ? undefined : String(declared));
      });
      s += `<DATA><${this.serialization}><STREAM encoding="base64">\n`;
    }
    await this.out.text(s);
  }

  writeRows(rows: ArrayLike<ArrayLike<unknown>>): Promise<void> {
    this.state.rows();
    return this.encoder ? this.writeBinary(rows) : this.writeTabledata(rows);
  }

  private async writeTabledata(rows: ArrayLike<ArrayLike<unknown>>): Promise<void> {
    const enc = this.tabledata!;
    const b = this.bytes!;
    for (let r = 0; r < rows.length; r++) {
      enc.encode(rows[r], b);
      this.rowCount++;
      if (b.pos >= CHUNK_BYTES) {
        const p = sendBuilt(this.out, b);
        if (p) await p;
      }
    }
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

  /**
   * Writes body bytes made by createBodyEncoder (body-encoder.ts) for this format and the same fields: TABLEDATA
   * text as it is; BINARY/BINARY2 raw row bytes into the same base64 stream as writeRows (carrying a partial 3-byte
   * group, the same lines), so the document is the one writeRows would have written.
   */
  async writeBody(bytes: Buffer, rows: number): Promise<void> {
    this.state.rows('writeBody()');
    if (this.encoder) {
      const sink = this.encoder.sink;
      // sink.pos < BASE64_BLOCK here (drainBase64 leaves less than a line): fill a line at a time.
      for (let off = 0; off < bytes.length; ) {
        const k = Math.min(BASE64_BLOCK - sink.pos, bytes.length - off);
        sink.ensure(k);
        bytes.copy(sink.buf, sink.pos, off, off + k);
        sink.pos += k;
        off += k;
        if (sink.pos >= BASE64_BLOCK) {
          const p = this.drainBase64(false);
          if (p) await p;
        }
      }
    } else await sendBody(this.out, this.bytes!, bytes);
    this.rowCount += rows;
  }

  /** Sends every whole BASE64_BLOCK as a base64 line (when `final`, all the rest too, padded). */
  private drainBase64(final: boolean): Promise<void> | undefined {
    const sink = this.encoder!.sink;
    const lines = Math.floor(sink.pos / BASE64_BLOCK);
    let text = '';
    for (let i = 0; i < lines; i++)
      text += `${sink.buf.toString('base64', i * BASE64_BLOCK, (i + 1) * BASE64_BLOCK)}\n`;
    let n = lines * BASE64_BLOCK;
    if (final && sink.pos > n) {
      text += `${sink.buf.toString('base64', n, sink.pos)}\n`;
      n = sink.pos;
    }
    if (n === 0) return undefined;
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
      const p = sendBuilt(this.out, this.bytes!);
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
