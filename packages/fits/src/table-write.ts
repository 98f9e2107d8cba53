// Writing binary tables (FITS 4.0 §7.3): fixed-width columns of the codes L B I J K A E D (with a repeat count),
// one row after another, big-endian, the data unit zero-padded to whole 2880-byte blocks.
import { Header, padToBlock } from './header.ts';
import type { CellValue } from './table.ts';
import { parseBinaryTform } from './tform.ts';

export interface TableColumnInput {
  name: string;
  /** Binary TFORM: L, B, I, J, K, A, E, D with an optional repeat ("20A", "3D"). */
  format: string;
  unit?: string;
  /** TNULLn written for null integer cells (B I J K); null floats are NaN, null logicals byte 0 (§7.3.3.1). */
  null?: number;
  values: CellValue[];
}

const WRITABLE = new Set(['L', 'B', 'I', 'J', 'K', 'A', 'E', 'D']);

/** A BINTABLE HDU as bytes. Throws RangeError on unsupported formats or columns of different lengths. */
export function encodeBinaryTable(
  columns: TableColumnInput[],
  options: { header?: Header; extname?: string } = {},
): Uint8Array {
  const formats = columns.map((c) => {
    const f = parseBinaryTform(c.format);
    if (!f || !WRITABLE.has(f.code)) throw new RangeError(`column ${c.name}: TFORM '${c.format}' cannot be written`);
    return f;
  });
  const nrows = columns.length ? columns[0].values.length : 0;
  for (const c of columns) {
    if (c.values.length !== nrows) throw new RangeError(`column ${c.name} has ${c.values.length} rows, not ${nrows}`);
  }
  const rowBytes = formats.reduce((a, f) => a + f.width, 0);
  const h = new Header()
    .set('XTENSION', 'BINTABLE', 'binary table extension')
    .set('BITPIX', 8, 'array data type')
    .set('NAXIS', 2, 'number of array dimensions')
    .set('NAXIS1', rowBytes, 'width of table in bytes')
    .set('NAXIS2', nrows, 'number of rows in table')
    .set('PCOUNT', 0, 'size of special data area')
    .set('GCOUNT', 1, 'one data group')
    .set('TFIELDS', columns.length, 'number of fields in each row');
  columns.forEach((c, i) => {
    h.set(`TTYPE${i + 1}`, c.name);
    h.set(`TFORM${i + 1}`, c.format);
    if (c.unit) h.set(`TUNIT${i + 1}`, c.unit);
    if (c.null !== undefined) h.set(`TNULL${i + 1}`, c.null);
  });
  if (options.extname) h.set('EXTNAME', options.extname);
  for (const card of options.header?.cards ?? []) {
    if (!h.has(card.keyword) || card.keyword === 'COMMENT' || card.keyword === 'HISTORY') h.add(card);
  }
  const head = h.toBytes();
  const data = new Uint8Array(padToBlock(rowBytes * nrows));
  const view = new DataView(data.buffer);
  let p = 0;
  for (let r = 0; r < nrows; r++) {
    columns.forEach((c, i) => {
      const f = formats[i];
      const cell = c.values[r];
      if (f.code === 'A') {
        const s = typeof cell === 'string' ? cell : cell === null ? '' : String(cell);
        for (let k = 0; k < f.repeat; k++) {
          const ch = k < s.length ? s.charCodeAt(k) : 0x20;
          if (ch > 0x7e) throw new RangeError(`column ${c.name}: non-ASCII character in row ${r + 1}`);
          data[p + k] = ch;
        }
        p += f.width;
        return;
      }
      const items = Array.isArray(cell) ? cell : [cell];
      const size = f.width / f.repeat;
      for (let k = 0; k < f.repeat; k++) {
        const v = items[k] ?? null;
        const at = p + k * size;
        switch (f.code) {
          case 'L':
            data[at] = v === null ? 0 : v ? 0x54 : 0x46;
            break;
          case 'E':
            view.setFloat32(at, v === null ? Number.NaN : Number(v));
            break;
          case 'D':
            view.setFloat64(at, v === null ? Number.NaN : Number(v));
            break;
          case 'K':
            view.setBigInt64(at, v === null ? BigInt(c.null ?? 0) : BigInt(v as number | bigint));
            break;
          default: {
            const n = v === null ? (c.null ?? 0) : Number(v);
            if (f.code === 'B') view.setUint8(at, n);
            else if (f.code === 'I') view.setInt16(at, n);
            else view.setInt32(at, n);
          }
        }
      }
      p += f.width;
    });
  }
  const out = new Uint8Array(head.length + data.length);
  out.set(head);
  out.set(data, head.length);
  return out;
}
