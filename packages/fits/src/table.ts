// Reading tables: BINTABLE (FITS 4.0 §7.3) with TSCAL/TZERO, TNULL, TDIM and the heap of variable-length arrays
// (§7.3.5), and ASCII TABLE (§7.2). Tables are read whole (their data units are small next to images).
import { diagnostic, type FitsDiagnostic, FitsError } from './diagnostics.ts';
import type { FitsFile } from './file.ts';
import type { Hdu } from './hdu.ts';
import type { Header } from './header.ts';
import {
  type AsciiFormat,
  type BinaryCode,
  type BinaryFormat,
  ELEMENT_BYTES,
  parseAsciiTform,
  parseBinaryTform,
} from './tform.ts';

export type CellValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | { re: number; im: number }
  | Array<number | bigint | boolean | null | { re: number; im: number }>;

export interface Column {
  name: string;
  tform: string;
  unit?: string;
  /** TSCALn / TZEROn (§7.3.2); applied to B I J K E D values. */
  scale: number;
  zero: number;
  /** TNULLn: an integer for binary tables, a string for ASCII tables. */
  null?: number | bigint | string;
  /** TDIMn axes (first fastest), when given; cell arrays stay flat in that order. */
  dim?: number[];
  /** Byte offset in the row (binary) or 0-based character column (ASCII, TBCOLn − 1). */
  offset: number;
  binary?: BinaryFormat;
  ascii?: AsciiFormat;
}

export interface Table {
  columns: Column[];
  /** One array of cells per row, in column order. */
  rows: CellValue[][];
  diagnostics: FitsDiagnostic[];
}

function columnsOf(header: Header, binary: boolean, diagnostics: FitsDiagnostic[]): Column[] {
  const n = header.getNumber('TFIELDS', 0) ?? 0;
  const cols: Column[] = [];
  let offset = 0;
  for (let i = 1; i <= n; i++) {
    const tform = (header.getString(`TFORM${i}`) ?? '').trim();
    const col: Column = {
      name: (header.getString(`TTYPE${i}`) ?? `col${i}`).trim(),
      tform,
      scale: header.getNumber(`TSCAL${i}`, 1) ?? 1,
      zero: header.getNumber(`TZERO${i}`, 0) ?? 0,
      offset,
    };
    const unit = header.getString(`TUNIT${i}`);
    if (unit !== undefined) col.unit = unit;
    const tnull = header.get(`TNULL${i}`);
    if (typeof tnull === 'number' || typeof tnull === 'bigint' || typeof tnull === 'string') col.null = tnull;
    const tdim = header.getString(`TDIM${i}`);
    if (tdim !== undefined)
      col.dim = tdim
        .replace(/[()\s]/g, '')
        .split(',')
        .map(Number);
    if (binary) {
      const f = parseBinaryTform(tform);
      if (!f) {
        diagnostics.push(diagnostic('FITS_BAD_TFORM', `TFORM${i} = '${tform}' is not a binary table format`));
        throw new FitsError(`TFORM${i} = '${tform}' cannot be read`, diagnostics);
      }
      col.binary = f;
      offset += f.width;
    } else {
      const f = parseAsciiTform(tform);
      const tbcol = header.getNumber(`TBCOL${i}`);
      if (!f || tbcol === undefined) {
        diagnostics.push(diagnostic('FITS_BAD_TFORM', `TFORM${i} = '${tform}' / TBCOL${i} = ${tbcol} is not valid`));
        throw new FitsError(`ASCII column ${i} cannot be read`, diagnostics);
      }
      col.ascii = f;
      col.offset = tbcol - 1;
    }
    cols.push(col);
  }
  return cols;
}

function text(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) {
    if (bytes[i] === 0) break; // §7.3.3.1: a NUL ends a character string
    s += String.fromCharCode(bytes[i]);
  }
  return s;
}

const asNumber = (v: bigint): number | bigint => (v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v);

/** Reads `count` elements of a binary code at `at`, applying TSCAL/TZERO and TNULL. */
function readElements(
  view: DataView,
  bytes: Uint8Array,
  at: number,
  code: BinaryCode,
  count: number,
  col: Column,
): CellValue {
  if (code === 'A') return text(bytes, at, at + count).trimEnd();
  const out: Array<number | bigint | boolean | null | { re: number; im: number }> = [];
  const scaled = col.scale !== 1 || col.zero !== 0;
  const nul = col.null;
  if (code === 'X') {
    for (let b = 0; b < count; b++) out.push(((bytes[at + (b >> 3)] >> (7 - (b & 7))) & 1) === 1);
    return out;
  }
  for (let k = 0; k < count; k++) {
    const p = at + k * ELEMENT_BYTES[code];
    let v: number | bigint | boolean | null | { re: number; im: number };
    switch (code) {
      case 'L': {
        const c = bytes[p]; // §7.3.3.1: 'T', 'F', or 0 for null
        v = c === 0x54 ? true : c === 0x46 ? false : null;
        break;
      }
      case 'B':
      case 'I':
      case 'J':
      case 'K': {
        const raw =
          code === 'B'
            ? view.getUint8(p)
            : code === 'I'
              ? view.getInt16(p)
              : code === 'J'
                ? view.getInt32(p)
                : view.getBigInt64(p);
        if (nul !== undefined && typeof nul !== 'string' && BigInt(raw) === BigInt(nul)) v = null;
        else if (typeof raw === 'bigint') {
          if (!scaled) v = asNumber(raw);
          else if (col.scale === 1 && col.zero === 2 ** 63) v = BigInt.asUintN(64, raw ^ -(2n ** 63n));
          else v = col.zero + col.scale * Number(raw);
        } else v = scaled ? col.zero + col.scale * raw : raw;
        break;
      }
      case 'E':
      case 'D': {
        const raw = code === 'E' ? view.getFloat32(p) : view.getFloat64(p);
        v = scaled ? col.zero + col.scale * raw : raw;
        break;
      }
      case 'C':
        v = { re: view.getFloat32(p), im: view.getFloat32(p + 4) };
        break;
      case 'M':
        v = { re: view.getFloat64(p), im: view.getFloat64(p + 8) };
        break;
      default:
        v = null;
    }
    out.push(v);
  }
  return out;
}

function readBinary(bytes: Uint8Array, hdu: Hdu, columns: Column[]): CellValue[][] {
  const h = hdu.header;
  const rowBytes = h.getNumber('NAXIS1', 0) ?? 0;
  const nrows = h.getNumber('NAXIS2', 0) ?? 0;
  const heapStart = h.getNumber('THEAP', rowBytes * nrows) ?? rowBytes * nrows; // §7.3.5
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rows: CellValue[][] = [];
  for (let r = 0; r < nrows; r++) {
    const base = r * rowBytes;
    const row: CellValue[] = [];
    for (const col of columns) {
      const f = col.binary as BinaryFormat;
      const at = base + col.offset;
      if (f.code === 'P' || f.code === 'Q') {
        if (f.repeat === 0) {
          row.push([]);
          continue;
        }
        // §7.3.5: descriptor = element count, then byte offset from the start of the heap
        const count = f.code === 'P' ? view.getInt32(at) : Number(view.getBigInt64(at));
        const off = f.code === 'P' ? view.getInt32(at + 4) : Number(view.getBigInt64(at + 8));
        const el = f.element as BinaryCode;
        const start = heapStart + off;
        row.push(readElements(view, bytes, start, el, count, col));
        continue;
      }
      const cell = readElements(view, bytes, at, f.code, f.repeat, col);
      // Scalars for a repeat of 1 (not for strings, bits, or shaped cells)
      row.push(Array.isArray(cell) && f.repeat === 1 && f.code !== 'X' && !col.dim ? cell[0] : cell);
    }
    rows.push(row);
  }
  return rows;
}

function readAscii(bytes: Uint8Array, hdu: Hdu, columns: Column[], diagnostics: FitsDiagnostic[]): CellValue[][] {
  const rowBytes = hdu.header.getNumber('NAXIS1', 0) ?? 0;
  const nrows = hdu.header.getNumber('NAXIS2', 0) ?? 0;
  const rows: CellValue[][] = [];
  for (let r = 0; r < nrows; r++) {
    const row: CellValue[] = [];
    for (const col of columns) {
      const f = col.ascii as AsciiFormat;
      const start = r * rowBytes + col.offset;
      const field = text(bytes, start, start + f.width);
      if (f.code === 'A') {
        row.push(field.trimEnd());
        continue;
      }
      const t = field.trim();
      // §7.2.2: TNULLn is compared with the field's characters; a blank numeric field is also taken as null here.
      if (t === '' || (typeof col.null === 'string' && t === col.null.trim())) {
        row.push(null);
        continue;
      }
      let v = Number(t.replace(/[Dd]/, 'E'));
      // §7.2.5: Fw.d / Ew.d without a decimal point imply d decimals
      if (f.code !== 'I' && f.decimals && !/[.]/.test(t) && !/[EeDd]/.test(t)) v /= 10 ** f.decimals;
      if (Number.isNaN(v)) {
        diagnostics.push(
          diagnostic('FITS_BAD_VALUE', `row ${r + 1} ${col.name}: ${JSON.stringify(t)} is not a number`),
        );
        row.push(null);
        continue;
      }
      row.push(col.scale !== 1 || col.zero !== 0 ? col.zero + col.scale * v : v);
    }
    rows.push(row);
  }
  return rows;
}

/** Reads a BINTABLE or ASCII TABLE HDU whole (main table and heap, one positioned read). */
export async function readTable(file: FitsFile, hdu: Hdu): Promise<Table> {
  if (hdu.kind !== 'bintable' && hdu.kind !== 'table') {
    throw new FitsError(`HDU ${hdu.index} is a ${hdu.kind}, not a table`);
  }
  const diagnostics: FitsDiagnostic[] = [];
  const binary = hdu.kind === 'bintable';
  const columns = columnsOf(hdu.header, binary, diagnostics);
  const bytes = await file.source.read(hdu.dataOffset, hdu.dataSize);
  if (bytes.length < hdu.dataSize) {
    throw new FitsError(`HDU ${hdu.index}: data unit truncated`, [
      diagnostic('FITS_TRUNCATED', `read ${bytes.length} of ${hdu.dataSize} bytes`, hdu.dataOffset),
    ]);
  }
  const rows = binary ? readBinary(bytes, hdu, columns) : readAscii(bytes, hdu, columns, diagnostics);
  return { columns, rows, diagnostics };
}

/** The cells of one column, by name (case-insensitive). */
export function columnValues(table: Table, name: string): CellValue[] {
  const i = table.columns.findIndex((c) => c.name.toLowerCase() === name.toLowerCase());
  if (i < 0) throw new RangeError(`no column ${name}`);
  return table.rows.map((r) => r[i]);
}
