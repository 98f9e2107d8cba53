// Helpers shared by this package's tests: write a table to bytes, and feed bytes in small pieces.
import type { Field, Param } from './field.ts';
import type { EndOptions, TableWriter } from './table-writer.ts';
import { type Serialization, VOTableWriter, type VOTableWriterOptions } from './writer.ts';

export async function writeToBuffer(
  make: (sink: (b: Buffer) => void) => TableWriter,
  fields: Field[],
  rows: unknown[][],
  params: Param[] = [],
  end: EndOptions = {},
  batch = 1000,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const w = make((b) => {
    chunks.push(b);
  });
  await w.writeHeader(fields, params);
  for (let i = 0; i < rows.length; i += batch) await w.writeRows(rows.slice(i, i + batch));
  await w.end(end);
  return Buffer.concat(chunks);
}

export function writeVOTable(
  serialization: Serialization,
  fields: Field[],
  rows: unknown[][],
  options: Omit<VOTableWriterOptions, 'serialization'> & { params?: Param[]; end?: EndOptions } = {},
): Promise<Buffer> {
  return writeToBuffer(
    (sink) => new VOTableWriter(sink, { ...options, serialization }),
    fields,
    rows,
    options.params,
    options.end,
  );
}

/** The bytes as an async stream of `size`-byte pieces (to exercise every chunk boundary). */
export async function* inPieces(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
