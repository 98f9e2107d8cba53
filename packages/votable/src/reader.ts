// Streaming VOTable reader (versions 1.0-1.5, with or without namespaces or prefixes) built on saxes: metadata
// (RESOURCE, TABLE, FIELD, PARAM, INFO, COOSYS) and rows of TABLEDATA (§5.1), BINARY (§5.3) and BINARY2 (§5.4) as
// an async stream of events, so a large upload is read with memory bounded by one input piece. FITS-serialized data
// (§5.2) and remote STREAMs (§5.7) are reported as unsupported. Unknown elements (GROUP, LINK, MIVOT, TIMESYS, …)
// are skipped; PARAMs inside GROUPs are kept with the table's/resource's params.
import { SaxesParser } from 'saxes';
import { BinaryRowDecoder } from './binary-decode.ts';
import { diagnostic, type VotableDiagnostic, type VotableDiagnosticCode, VotableError } from './diagnostics.ts';
import { type Coosys, type Datatype, type Field, type Info, isDatatype, type Param, parseArraysize } from './field.ts';
import { scanTableData } from './reader-tabledata.ts';
import { textPieces, type VOTableSource } from './source.ts';
import { BAD, type TextParser, textParser } from './text-parse.ts';

export type { VOTableSource } from './source.ts';

export interface ReadInfo extends Info {
  /** The element holding the INFO. */
  parent: 'VOTABLE' | 'RESOURCE' | 'TABLE' | string;
  /** True when a TABLE ended before this INFO (e.g. a trailing QUERY_STATUS=OVERFLOW). */
  afterTable: boolean;
}

export interface ResourceMeta {
  type?: string;
  name?: string;
  ID?: string;
  description?: string;
  params: Param[];
  infos: ReadInfo[];
}

export type ReadSerialization = 'TABLEDATA' | 'BINARY' | 'BINARY2' | 'FITS' | 'PARQUET';

export interface TableMeta {
  /** 0-based position of the TABLE in the document. */
  index: number;
  name?: string;
  ID?: string;
  ucd?: string;
  utype?: string;
  description?: string;
  /** The nrows attribute, when given. */
  nrows?: number;
  fields: Field[];
  params: Param[];
  /** INFOs inside the TABLE. */
  infos: ReadInfo[];
  /** The serialization of DATA, once known (absent for a TABLE without DATA). */
  serialization?: ReadSerialization;
  resource?: ResourceMeta;
  /** Rows read (final at 'tableEnd'). */
  rowCount: number;
  /** Set when the rows cannot be read (FITS data, remote stream, unknown encoding). */
  unreadable?: VotableDiagnostic;
}

export interface DocumentSummary {
  version?: string;
  /** Every INFO in document order. */
  infos: ReadInfo[];
  /** The last QUERY_STATUS INFO's value (DALI 1.1 §4.4.1; pyvo uses the last one) and its text. */
  queryStatus?: string;
  queryStatusMessage?: string;
  resources: ResourceMeta[];
  tables: TableMeta[];
  coosys: Coosys[];
  params: Param[];
  diagnostics: VotableDiagnostic[];
}

export type VOTableEvent =
  | { type: 'table'; table: TableMeta }
  | { type: 'rows'; table: TableMeta; rows: unknown[][] }
  | { type: 'tableEnd'; table: TableMeta }
  | { type: 'end'; document: DocumentSummary };

function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

function opt(attrs: Record<string, string>, key: string): string | undefined {
  const v = attrs[key];
  return v === undefined ? undefined : v;
}

export interface ReadOptions {
  /** Plain TABLEDATA rows scanned by reader-tabledata.ts (default true; false: every row through saxes, for tests). */
  tableDataFastPath?: boolean;
}

/** Reads a VOTable as a stream of events: 'table' (metadata, at DATA), 'rows' batches, 'tableEnd', 'end'. */
export async function* readVOTableEvents(
  source: VOTableSource,
  options: ReadOptions = {},
): AsyncGenerator<VOTableEvent> {
  const fastPath = options.tableDataFastPath !== false;
  const parser = new SaxesParser({ position: true });
  const queue: VOTableEvent[] = [];
  const doc: DocumentSummary = { infos: [], resources: [], tables: [], coosys: [], params: [], diagnostics: [] };
  const stack: string[] = [];
  const resources: ResourceMeta[] = [];
  let table: TableMeta | undefined;
  let tableAnnounced = false;
  let tablesClosed = 0;
  let seenRoot = false;
  let fieldLike: Field | undefined; // the FIELD/PARAM whose DESCRIPTION/VALUES we are in
  let fieldValue: string | undefined; // PARAM value attribute, parsed at the PARAM's end
  let info: ReadInfo | undefined;
  let text: string | undefined; // captured character data
  let parsers: TextParser[] = [];
  let row: unknown[] | undefined;
  let col = 0;
  let cellCountWarned = false;
  let badValues = 0;
  let streamMode = false;
  let b64rest = '';
  let decoder: BinaryRowDecoder | undefined;
  let pend = Buffer.alloc(0);
  let pendStart = 0;
  let pendEnd = 0;
  let corrupt = false;
  let tableRef: string | undefined; // TABLE ref: the FIELDs of another TABLE (VOTable 1.5 §3.4)
  let fastRows = false; // TABLEDATA rows are scanned by reader-tabledata.ts until something unusual

  const where = () => ({ line: parser.line, column: parser.column });
  const diag = (code: VotableDiagnosticCode, message: string) => {
    doc.diagnostics.push(diagnostic(code, message, where()));
    return doc.diagnostics[doc.diagnostics.length - 1];
  };

  const pushRow = (r: unknown[]) => {
    if (!table) return;
    table.rowCount++;
    const last = queue[queue.length - 1];
    if (last && last.type === 'rows' && last.table === table) last.rows.push(r);
    else queue.push({ type: 'rows', table, rows: [r] });
  };

  const announce = () => {
    if (table && !tableAnnounced) {
      tableAnnounced = true;
      queue.push({ type: 'table', table });
    }
  };

  const appendBytes = (bytes: Buffer) => {
    if (pendEnd + bytes.length > pend.length) {
      const live = pendEnd - pendStart;
      const next =
        live + bytes.length > pend.length
          ? Buffer.allocUnsafe(Math.max(2 * pend.length, live + bytes.length, 65536))
          : pend;
      pend.copy(next, 0, pendStart, pendEnd);
      pend = next;
      pendStart = 0;
      pendEnd = live;
    }
    bytes.copy(pend, pendEnd);
    pendEnd += bytes.length;
  };

  const decodeRows = () => {
    if (!decoder || corrupt) return;
    const dv = new DataView(pend.buffer, pend.byteOffset, pend.byteLength);
    for (;;) {
      const n = decoder.rowLength(dv, pendStart, pendEnd);
      if (n === -2) {
        corrupt = true;
        if (table)
          table.unreadable = diag(
            'VOTABLE_TRUNCATED_STREAM',
            'negative array count in binary stream: the stream is corrupt',
          );
        return;
      }
      if (n < 0) return;
      pushRow(decoder.decode(pend, dv, pendStart));
      pendStart += n;
    }
  };

  const feedBase64 = (t: string) => {
    const clean = b64rest + t.replace(/[^A-Za-z0-9+/=]/g, '');
    const usable = clean.length - (clean.length % 4);
    b64rest = clean.slice(usable);
    if (usable > 0) {
      appendBytes(Buffer.from(clean.slice(0, usable), 'base64'));
      decodeRows();
    }
  };

  const readField = (a: Record<string, string>, kind: 'FIELD' | 'PARAM'): Field => {
    let datatype: Datatype = 'char';
    let arraysize = opt(a, 'arraysize');
    if (a.datatype !== undefined && isDatatype(a.datatype)) datatype = a.datatype;
    else {
      diag(
        'VOTABLE_UNKNOWN_DATATYPE',
        `${kind} "${a.name ?? ''}" has unknown datatype "${a.datatype ?? ''}"; read as char strings`,
      );
      arraysize = '*';
    }
    if (arraysize !== undefined) {
      try {
        parseArraysize(arraysize);
      } catch {
        diag('VOTABLE_BAD_ARRAYSIZE', `${kind} "${a.name ?? ''}" has bad arraysize "${arraysize}"; read as "*"`);
        arraysize = '*';
      }
    }
    const f: Field = { name: a.name ?? a.ID ?? '', datatype };
    if (arraysize !== undefined) f.arraysize = arraysize;
    for (const k of ['unit', 'ucd', 'utype', 'xtype', 'ID', 'ref', 'precision'] as const) {
      const v = opt(a, k);
      if (v !== undefined) f[k] = v;
    }
    if (a.width !== undefined && /^\d+$/.test(a.width)) f.width = Number(a.width);
    return f;
  };

  const parentName = () => stack[stack.length - 2];

  parser.on('error', (e) => {
    diag('VOTABLE_XML', e.message);
  });

  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    stack.push(name);
    const a = tag.attributes as Record<string, string>;
    if (!seenRoot) {
      seenRoot = true;
      if (name !== 'VOTABLE') diag('VOTABLE_NOT_VOTABLE', `root element is <${tag.name}>, not <VOTABLE>`);
      doc.version = a.version;
      return;
    }
    switch (name) {
      case 'RESOURCE': {
        const r: ResourceMeta = { params: [], infos: [] };
        if (a.type !== undefined) r.type = a.type;
        if (a.name !== undefined) r.name = a.name;
        if (a.ID !== undefined) r.ID = a.ID;
        resources.push(r);
        doc.resources.push(r);
        return;
      }
      case 'TABLE': {
        table = { index: doc.tables.length, fields: [], params: [], infos: [], rowCount: 0 };
        for (const k of ['name', 'ID', 'ucd', 'utype'] as const) if (a[k] !== undefined) table[k] = a[k];
        if (a.ref !== undefined) tableRef = a.ref;
        else tableRef = undefined;
        if (a.nrows !== undefined && /^\d+$/.test(a.nrows.trim())) table.nrows = Number(a.nrows);
        const r = resources[resources.length - 1];
        if (r) table.resource = r;
        doc.tables.push(table);
        tableAnnounced = false;
        cellCountWarned = false;
        return;
      }
      case 'FIELD':
        if (table && parentName() === 'TABLE') {
          fieldLike = readField(a, 'FIELD');
          table.fields.push(fieldLike);
        }
        return;
      case 'PARAM': {
        const p = readField(a, 'PARAM') as Param;
        p.value = null;
        fieldLike = p;
        fieldValue = a.value ?? '';
        if (table && !tableAnnounced && stack.includes('TABLE')) table.params.push(p);
        else if (resources.length > 0) resources[resources.length - 1].params.push(p);
        doc.params.push(p);
        return;
      }
      case 'VALUES':
        if (fieldLike && a.null !== undefined) fieldLike.nullValue = a.null;
        return;
      case 'DESCRIPTION':
      case 'INFO':
        text = '';
        if (name === 'INFO') {
          info = { name: a.name ?? '', value: a.value ?? '', parent: parentName(), afterTable: tablesClosed > 0 };
          for (const k of ['ID', 'ucd', 'utype', 'unit', 'ref', 'xtype'] as const)
            if (a[k] !== undefined) info[k] = a[k];
        }
        return;
      case 'COOSYS': {
        const c: Coosys = { ID: a.ID ?? '', system: a.system ?? '' };
        for (const k of ['equinox', 'epoch', 'refposition'] as const) if (a[k] !== undefined) c[k] = a[k];
        doc.coosys.push(c);
        return;
      }
      case 'DATA':
        if (table) {
          const referenced = tableRef === undefined ? undefined : doc.tables.find((t) => t.ID === tableRef);
          if (table.fields.length === 0 && referenced) table.fields = referenced.fields.slice();
          if (table.fields.length === 0) diag('VOTABLE_NO_FIELDS', `TABLE ${table.index} has DATA but no FIELD`);
          announce();
        }
        return;
      case 'TABLEDATA':
        if (table) {
          table.serialization = 'TABLEDATA';
          parsers = table.fields.map(textParser);
          fastRows = fastPath && tag.name === 'TABLEDATA' && !tag.isSelfClosing && Object.keys(a).length === 0;
        }
        return;
      case 'TR':
        row = new Array(parsers.length).fill(null);
        col = 0;
        return;
      case 'TD':
        text = '';
        return;
      case 'BINARY':
      case 'BINARY2':
        if (table) {
          table.serialization = name;
          decoder = new BinaryRowDecoder(table.fields, name === 'BINARY2');
          pend = Buffer.allocUnsafe(65536);
          pendStart = pendEnd = 0;
          b64rest = '';
          corrupt = false;
        }
        return;
      case 'FITS':
      case 'PARQUET':
        if (table) {
          table.serialization = name;
          table.unreadable = diag(
            'VOTABLE_UNSUPPORTED_SERIALIZATION',
            `TABLE ${table.index} uses the ${name} serialization, which this reader does not support; ask for TABLEDATA, BINARY or BINARY2`,
          );
        }
        return;
      case 'STREAM':
        if (!table || !decoder) return; // FITS/PARQUET streams are skipped
        if (a.href !== undefined) {
          table.unreadable = diag(
            'VOTABLE_REMOTE_STREAM',
            `STREAM href="${a.href}" (remote data) is not fetched by this reader`,
          );
          decoder = undefined;
          return;
        }
        if ((a.encoding ?? 'base64') !== 'base64') {
          table.unreadable = diag(
            'VOTABLE_BAD_ENCODING',
            `STREAM encoding="${a.encoding}" is not supported (base64 only)`,
          );
          decoder = undefined;
          return;
        }
        streamMode = true;
        return;
    }
  });

  parser.on('text', (t) => {
    if (streamMode) feedBase64(t);
    else if (text !== undefined) text += t;
  });
  parser.on('cdata', (t) => {
    if (streamMode) feedBase64(t);
    else if (text !== undefined) text += t;
  });

  parser.on('closetag', (tag) => {
    const name = localName(tag.name);
    stack.pop();
    switch (name) {
      case 'TABLEDATA':
        fastRows = false;
        return;
      case 'TD': {
        if (row && col < row.length) {
          const v = parsers[col](text ?? '');
          if (v === BAD) {
            if (badValues++ < 20)
              diag(
                'VOTABLE_BAD_VALUE',
                `bad ${table?.fields[col].datatype} value "${text}" in column "${table?.fields[col].name}"`,
              );
            row[col] = null;
          } else row[col] = v;
        }
        col++;
        text = undefined;
        return;
      }
      case 'TR':
        if (row) {
          if (col !== row.length && !cellCountWarned) {
            cellCountWarned = true;
            diag('VOTABLE_WRONG_CELL_COUNT', `TR with ${col} TD for ${row.length} FIELDs in TABLE ${table?.index}`);
          }
          pushRow(row);
          row = undefined;
        }
        return;
      case 'STREAM':
        if (streamMode) {
          streamMode = false;
          if (b64rest.replace(/=/g, '').length > 0) appendBytes(Buffer.from(b64rest, 'base64'));
          b64rest = '';
          decodeRows();
          if (pendEnd > pendStart && table && !corrupt) {
            table.unreadable = diag(
              'VOTABLE_TRUNCATED_STREAM',
              `binary stream ends with ${pendEnd - pendStart} bytes that are not a whole row`,
            );
          }
          decoder = undefined;
        }
        return;
      case 'DESCRIPTION': {
        const d = (text ?? '').trim();
        const parent = stack[stack.length - 1]; // already popped: the top is the DESCRIPTION's parent
        if ((parent === 'FIELD' || parent === 'PARAM') && fieldLike) fieldLike.description = d;
        else if (parent === 'TABLE' && table) table.description = d;
        else if (parent === 'RESOURCE' && resources.length > 0) resources[resources.length - 1].description = d;
        text = undefined;
        return;
      }
      case 'INFO':
        if (info) {
          const content = (text ?? '').trim();
          if (content !== '') info.content = content;
          doc.infos.push(info);
          if (info.parent === 'TABLE' && table) table.infos.push(info);
          else if (info.parent === 'RESOURCE' && resources.length > 0) resources[resources.length - 1].infos.push(info);
          if (info.name === 'QUERY_STATUS') {
            doc.queryStatus = info.value;
            doc.queryStatusMessage = info.content;
          }
          info = undefined;
        }
        text = undefined;
        return;
      case 'FIELD':
        fieldLike = undefined;
        return;
      case 'PARAM':
        if (fieldLike && fieldValue !== undefined) {
          const p = fieldLike as Param;
          const v = fieldValue === '' ? null : textParser(p)(fieldValue);
          if (v === BAD) diag('VOTABLE_BAD_VALUE', `bad ${p.datatype} value "${fieldValue}" in PARAM "${p.name}"`);
          p.value = v === BAD ? null : v;
        }
        fieldLike = undefined;
        fieldValue = undefined;
        return;
      case 'TABLE':
        if (table) {
          announce();
          if (table.nrows !== undefined && table.serialization && !table.unreadable && table.nrows !== table.rowCount) {
            diag(
              'VOTABLE_NROWS_MISMATCH',
              `TABLE ${table.index} declares nrows=${table.nrows} but has ${table.rowCount} rows`,
            );
          }
          queue.push({ type: 'tableEnd', table });
          tablesClosed++;
          table = undefined;
          decoder = undefined;
          parsers = [];
        }
        return;
      case 'RESOURCE':
        resources.pop();
        return;
    }
  });

  // saxes emits a text node only when it ends, so a STREAM's base64 (the whole table) would be held as one string.
  // Between writes, the text gathered so far is taken from the parser and decoded, which keeps memory bounded.
  const held = parser as unknown as { text: unknown; chunkPosition: number; positionAtNewLine: number };
  let carry = ''; // the start of a row the fast path has not seen the end of
  /** Markup to saxes, TABLEDATA rows to the fast path: the piece is cut after a TABLEDATA start tag. */
  const feed = (piece: string) => {
    while (piece !== '') {
      if (fastRows) {
        const s = carry + piece;
        carry = '';
        const r = scanTableData(s, parsers, pushRow);
        skipped(r.consumed, r.newlines, r.lastNewline);
        if (r.stop === 'more') {
          carry = s.slice(r.consumed);
          return;
        }
        fastRows = false;
        piece = s.slice(r.consumed);
        continue;
      }
      const k = piece.indexOf('TABLEDATA');
      const gt = k < 0 ? -1 : piece.indexOf('>', k);
      if (gt < 0) {
        parser.write(piece);
        return;
      }
      parser.write(piece.slice(0, gt + 1));
      piece = piece.slice(gt + 1);
    }
  };
  /** Moves saxes's position past text it never saw (so later diagnostics give the right line and column). */
  const skipped = (n: number, newlines: number, lastNewline: number) => {
    if (n === 0) return;
    const start = held.chunkPosition;
    held.chunkPosition += n;
    if (newlines > 0) {
      parser.line += newlines;
      parser.column = n - lastNewline - 1;
      held.positionAtNewLine = start + lastNewline + 1;
    } else parser.column += n;
  };
  for await (let piece of textPieces(source)) {
    if (streamMode) {
      // Inside a STREAM the text is base64 up to the next '<': decode it directly (saxes scans text a character at
      // a time, which would be the slowest part of reading a binary table); only the markup goes through saxes.
      const lt = piece.indexOf('<');
      feedBase64(lt < 0 ? piece : piece.slice(0, lt));
      piece = lt < 0 ? '' : piece.slice(lt);
    }
    if (piece !== '') feed(piece);
    if (streamMode && typeof held.text === 'string' && held.text.length > 0) {
      feedBase64(held.text);
      held.text = '';
    }
    while (queue.length > 0) yield queue.shift()!;
  }
  if (carry !== '') parser.write(carry); // a row cut off by the end of the document: saxes reports it
  parser.close();
  while (queue.length > 0) yield queue.shift()!;
  if (!seenRoot) diag('VOTABLE_NOT_VOTABLE', 'no XML element found');
  yield { type: 'end', document: doc };
}

/** A VOTable being read: the first TABLE's metadata, then its rows, then the rest of the document. */
export class VOTableStream {
  /** The first TABLE (null when the document has none, e.g. an error document). */
  readonly table: TableMeta | null;
  private readonly events: AsyncGenerator<VOTableEvent>;
  private summary: DocumentSummary | undefined;
  private consumed = false;

  private constructor(events: AsyncGenerator<VOTableEvent>, table: TableMeta | null) {
    this.events = events;
    this.table = table;
  }

  static async open(source: VOTableSource): Promise<VOTableStream> {
    const events = readVOTableEvents(source);
    for (;;) {
      const r = await events.next();
      if (r.done) return new VOTableStream(events, null);
      const e = r.value;
      if (e.type === 'table') return new VOTableStream(events, e.table);
      if (e.type === 'end') {
        const s = new VOTableStream(events, null);
        s.summary = e.document;
        return s;
      }
    }
  }

  /** Batches of rows of the first table; throws VotableError when its data cannot be read. */
  async *batches(): AsyncGenerator<unknown[][]> {
    if (!this.table || this.consumed) return;
    this.consumed = true;
    for (;;) {
      const r = await this.events.next();
      if (r.done) return;
      const e = r.value;
      if (e.type === 'rows') yield e.rows;
      else if (e.type === 'end') {
        this.summary = e.document;
        break;
      } else if (e.type === 'tableEnd') break;
    }
    if (this.table.unreadable) throw new VotableError(this.table.unreadable);
  }

  /** Rows of the first table, one at a time. */
  async *rows(): AsyncGenerator<unknown[]> {
    for await (const batch of this.batches()) yield* batch;
  }

  /** Reads the rest of the document (skipping other tables' rows) and returns its summary. */
  async finish(): Promise<DocumentSummary> {
    if (this.summary) return this.summary;
    if (this.table && !this.consumed) for await (const _ of this.batches());
    while (!this.summary) {
      const r = await this.events.next();
      if (r.done) break;
      if (r.value.type === 'end') this.summary = r.value.document;
    }
    if (!this.summary) throw new VotableError(diagnostic('VOTABLE_XML', 'document ended unexpectedly'));
    return this.summary;
  }
}

/** Opens a VOTable for streaming: metadata first, rows on demand. */
export function openVOTable(source: VOTableSource): Promise<VOTableStream> {
  return VOTableStream.open(source);
}

export interface VOTableDocument extends DocumentSummary {
  /** Rows of each table, in the order of `tables` (empty for unreadable data). */
  rows: unknown[][][];
}

/** Reads a whole VOTable into memory (small documents, tests); diagnostics say what could not be read. */
export async function readVOTable(source: VOTableSource, options: ReadOptions = {}): Promise<VOTableDocument> {
  const rows: unknown[][][] = [];
  for await (const e of readVOTableEvents(source, options)) {
    if (e.type === 'table') rows[e.table.index] = [];
    else if (e.type === 'rows') for (const r of e.rows) rows[e.table.index].push(r);
    else if (e.type === 'end') {
      for (let i = 0; i < e.document.tables.length; i++) rows[i] ??= [];
      return { ...e.document, rows };
    }
  }
  throw new VotableError(diagnostic('VOTABLE_XML', 'document ended unexpectedly'));
}
