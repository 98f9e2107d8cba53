// Table bodies encoded apart from their writer, e.g. in worker threads: batches of rows become the bytes a writer
// puts between its header and its end (TableWriter.writeBody), so several threads can encode one result and the
// thread holding the writer only writes the header, their bytes in order, and the end. The rows are encoded by the
// writers' own row encoders (TabledataRowEncoder, BinaryRowEncoder, DelimitedRowEncoder), so
// writeHeader + writeBody(encode(batch)) … + end is byte for byte writeHeader + writeRows(rows) + end.
import { type BinaryRowEncoder, binaryRowEncoder } from './binary-encode.ts';
import { ByteBuilder } from './byte-builder.ts';
import { DelimitedRowEncoder } from './delimited-writer.ts';
import type { Field } from './field.ts';
import type { ResolvedFormat } from './formats.ts';
import { TabledataRowEncoder } from './writer.ts';

/** One batch of rows encoded as table body bytes. */
export interface EncodedBody {
  /** Owns its ArrayBuffer exactly (byteOffset 0, buffer.byteLength === length): transferable to another thread. */
  bytes: Buffer;
  /**
   * Byte offset in `bytes` just after each row (rowEnds.length === rows in the batch); owns its ArrayBuffer too.
   * Lets the caller cut the batch after any row (MAXREC).
   */
  rowEnds: Uint32Array;
}

export interface BodyEncoder {
  encode(rows: ArrayLike<ArrayLike<unknown>>): EncodedBody;
}

/** Text rows (TABLEDATA, CSV, TSV) gathered in a ByteBuilder kept from batch to batch. */
class TextBodyEncoder implements BodyEncoder {
  private readonly b = new ByteBuilder();
  constructor(private readonly rowEncoder: { encode(row: ArrayLike<unknown>, b: ByteBuilder): void }) {}

  encode(rows: ArrayLike<ArrayLike<unknown>>): EncodedBody {
    const b = this.b;
    const enc = this.rowEncoder;
    b.pos = 0; // a batch that threw part way leaves nothing behind
    const rowEnds = new Uint32Array(rows.length);
    for (let r = 0; r < rows.length; r++) {
      enc.encode(rows[r], b);
      rowEnds[r] = b.pos;
    }
    return { bytes: b.take(true), rowEnds };
  }
}

/** Raw BINARY/BINARY2 rows (VOTable 1.5 §5.3, §5.4), before base64: the writer encodes its stream itself. */
class BinaryBodyEncoder implements BodyEncoder {
  private readonly enc: BinaryRowEncoder;
  constructor(fields: Field[], serialization: 'BINARY' | 'BINARY2') {
    this.enc = binaryRowEncoder(fields, serialization);
  }

  encode(rows: ArrayLike<ArrayLike<unknown>>): EncodedBody {
    const enc = this.enc;
    const sink = enc.sink;
    sink.pos = 0;
    const rowEnds = new Uint32Array(rows.length);
    for (let r = 0; r < rows.length; r++) {
      enc.encode(rows[r]);
      rowEnds[r] = sink.pos;
    }
    const bytes = Buffer.allocUnsafeSlow(sink.pos); // an ArrayBuffer of its own, exactly this long
    sink.buf.copy(bytes, 0, 0, sink.pos);
    sink.pos = 0;
    return { bytes, rowEnds };
  }
}

/** Whether a format's body is a plain concatenation of rows (createBodyEncoder gives an encoder for it). */
export function hasBodyEncoder(format: ResolvedFormat): boolean {
  return format.kind === 'votable' || format.kind === 'csv' || format.kind === 'tsv';
}

/**
 * The body encoder of a format for these FIELDs (the ones given to the writer's writeHeader), or null when the
 * format's body is not a plain concatenation of rows: JSON (commas between rows) and FITS (not streamed).
 */
export function createBodyEncoder(format: ResolvedFormat, fields: Field[]): BodyEncoder | null {
  switch (format.kind) {
    case 'votable': {
      // The serialization VOTableWriter defaults to (writer.ts).
      const serialization = format.serialization ?? 'BINARY2';
      if (serialization === 'TABLEDATA') return new TextBodyEncoder(new TabledataRowEncoder(fields));
      return new BinaryBodyEncoder(fields, serialization);
    }
    case 'csv':
    case 'tsv':
      return new TextBodyEncoder(new DelimitedRowEncoder(fields, format.kind));
    case 'json':
    case 'fits':
      return null;
  }
}
