// One TAP result as bytes: cells converted (only in the columns whose database type is not already what the writer
// takes, fields.ts nativeFor), MAXREC applied (rows beyond it only tell that the result overflowed: a trailing
// QUERY_STATUS=OVERFLOW INFO follows the table, TAP 1.1 §2.7.4 / DALI 1.1 §4.4.1), and the table written by the
// @obscura/votable writer of the RESPONSEFORMAT, VOTables declared as 1.4 (votable-version.ts). It runs where the rows
// are: inside a SQLite query worker (sqlite-query-worker.ts, which transfers the bytes to the main thread), or on the
// main thread for PostgreSQL cursors (run-query.ts).
import {
  type BodyEncoder,
  type ChunkConsumer,
  type Coosys,
  createBodyEncoder,
  createTableWriter,
  type EncodedBody,
  type EndOptions,
  type Field,
  hasBodyEncoder,
  type Info,
  type ResolvedFormat,
  type TableWriter,
} from '@obscura/votable';
import { declareVotable14 } from '../votable-version.ts';
import { accessUrlColumns, rebaseAccessUrl } from './access-url.ts';
import { type CellConverter, cellConverter, nativeFor } from './fields.ts';

/** Everything needed to encode a result (structured-clonable: it is posted to the query worker). */
export interface EncodeSpec {
  format: ResolvedFormat;
  fields: Field[];
  /** The database type of each result column (null: an expression). */
  dbTypes: (string | null)[];
  votable: { coosys: Coosys[]; resourceInfos: Info[]; trailingResources?: string[] };
  /** Rows to return at most. */
  maxrec: number;
  /** The public base URL (no trailing slash) ObsCore access_url values are rebased on (access-url.ts). */
  publicBase?: string;
}

/** The Content-Type of a result in this format. */
export function contentTypeOf(format: ResolvedFormat): string {
  return createTableWriter(format, () => {}).contentType;
}

const VERSION_HEAD = /<VOTABLE version="1\.5"/;

/** A sink rewriting the document header (always in the first chunk: the writers send ≥ 64 KiB texts) to VOTable 1.4. */
function declaring14(sink: ChunkConsumer): ChunkConsumer {
  let first = true;
  return (chunk) => {
    if (first) {
      first = false;
      const head = chunk.subarray(0, Math.min(chunk.length, 4096)).toString('latin1');
      if (VERSION_HEAD.test(head)) return sink(Buffer.from(declareVotable14(chunk.toString('utf8')), 'utf8'));
    }
    return sink(chunk);
  };
}

export class ResultEncoder {
  readonly writer: TableWriter;
  rows = 0;
  overflow = false;
  private readonly convert: Converters;
  private headerWritten = false;

  constructor(
    private readonly spec: EncodeSpec,
    sink: ChunkConsumer,
  ) {
    const out = spec.format.kind === 'votable' ? declaring14(sink) : sink;
    this.writer = createTableWriter(spec.format, out, spec.votable);
    this.convert = converters(spec);
  }

  get started(): boolean {
    return this.headerWritten;
  }

  async header(): Promise<void> {
    if (this.headerWritten) return;
    this.headerWritten = true;
    await this.writer.writeHeader(this.spec.fields);
  }

  /** Writes a batch (converted in place); true once MAXREC is reached and more rows were there (stop reading). */
  async write(batch: unknown[][]): Promise<boolean> {
    await this.header();
    let rows = batch;
    if (this.rows + rows.length > this.spec.maxrec) {
      rows = rows.slice(0, this.spec.maxrec - this.rows);
      this.overflow = true;
    }
    convertRows(this.convert, rows);
    this.rows += rows.length;
    if (rows.length > 0) await this.writer.writeRows(rows);
    return this.overflow;
  }

  /**
   * Writes body bytes a ResultBodyEncoder of the same spec made for `rows` rows (a worker's share of a result read in
   * parallel, partitioned-query.ts); MAXREC is the caller's: it cuts the bytes at a row end and sets overflow.
   */
  async writeBody(bytes: Buffer, rows: number): Promise<void> {
    await this.header();
    this.rows += rows;
    if (rows > 0) await this.writer.writeBody!(bytes, rows);
  }

  /** Ends the document (with the OVERFLOW INFO when MAXREC cut the result, and any trailing INFOs). */
  async end(trailingInfos?: Info[]): Promise<void> {
    await this.header();
    const options: EndOptions = { overflow: this.overflow };
    if (trailingInfos) options.trailingInfos = trailingInfos;
    await this.writer.end(options);
  }
}

/** The cells to convert: (column, converter) pairs. */
type Converters = [number, CellConverter][];

/**
 * The converted columns: those whose database type is not already what the writer takes (fields.ts nativeFor), and
 * ObsCore access_url rebased on the request's public base.
 */
function converters(spec: EncodeSpec): Converters {
  const convert: Converters = [];
  spec.fields.forEach((f, i) => {
    const c = cellConverter(f);
    if (c && !nativeFor(f, spec.dbTypes[i] ?? null)) convert.push([i, c]);
  });
  const base = spec.publicBase;
  if (base !== undefined) {
    for (const i of accessUrlColumns(spec.fields)) convert.push([i, (v) => rebaseAccessUrl(v, base)]);
  }
  return convert;
}

function convertRows(convert: Converters, rows: unknown[][]): void {
  for (const [i, conv] of convert) {
    for (let k = 0; k < rows.length; k++) {
      const v = rows[k][i];
      rows[k][i] = v === null || v === undefined ? null : conv(v);
    }
  }
}

/** Whether results in this format can be encoded in parts and joined (its body is a concatenation of rows). */
export function hasBodyEncoding(spec: EncodeSpec): boolean {
  return hasBodyEncoder(spec.format);
}

/**
 * The body of a result (its rows, no header, no end, no MAXREC) in one worker's share of a result read in parallel:
 * cells converted as ResultEncoder does, then encoded by the @obscura/votable body encoder of the format.
 */
export class ResultBodyEncoder {
  private readonly convert: Converters;
  private readonly body: BodyEncoder;

  constructor(spec: EncodeSpec) {
    this.convert = converters(spec);
    const body = createBodyEncoder(spec.format, spec.fields);
    if (!body) throw new Error(`${spec.format.contentType} results cannot be encoded in parts`);
    this.body = body;
  }

  encode(rows: unknown[][]): EncodedBody {
    convertRows(this.convert, rows);
    return this.body.encode(rows);
  }
}
