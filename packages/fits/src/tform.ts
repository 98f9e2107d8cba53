// Column formats of tables: binary table TFORMn (FITS 4.0 §7.3.1 Table 18, variable-length arrays §7.3.5) and
// ASCII table TFORMn (§7.2.1 Table 15).

export type BinaryCode = 'L' | 'X' | 'B' | 'I' | 'J' | 'K' | 'A' | 'E' | 'D' | 'C' | 'M' | 'P' | 'Q';

export interface BinaryFormat {
  repeat: number;
  code: BinaryCode;
  /** Bytes the field takes in a row. */
  width: number;
  /** For P/Q descriptors: the type of the heap elements, and the declared maximum length if given. */
  element?: Exclude<BinaryCode, 'P' | 'Q'>;
  max?: number;
}

/** Bytes per element of each binary code (FITS 4.0 §7.3.1 Table 18); X is per bit, handled apart. */
export const ELEMENT_BYTES: Record<BinaryCode, number> = {
  L: 1,
  X: 1,
  B: 1,
  I: 2,
  J: 4,
  K: 8,
  A: 1,
  E: 4,
  D: 8,
  C: 8,
  M: 16,
  P: 8,
  Q: 16,
};

/** Parses a binary TFORMn such as "1J", "20A", "E", "16X", "1PB(6)", "QD". Returns undefined when invalid. */
export function parseBinaryTform(tform: string): BinaryFormat | undefined {
  const m = /^\s*(\d*)([LXBIJKAEDCMPQ])(.*)$/.exec(tform.toUpperCase());
  if (!m) return undefined;
  const repeat = m[1] === '' ? 1 : Number(m[1]);
  const code = m[2] as BinaryCode;
  if (code === 'P' || code === 'Q') {
    const v = /^([LXBIJKAEDCM])(?:\((\d+)\))?\s*$/.exec(m[3]);
    if (!v) return undefined;
    const f: BinaryFormat = {
      repeat,
      code,
      width: repeat * ELEMENT_BYTES[code],
      element: v[1] as BinaryFormat['element'],
    };
    if (v[2] !== undefined) f.max = Number(v[2]);
    return f;
  }
  const width = code === 'X' ? Math.ceil(repeat / 8) : repeat * ELEMENT_BYTES[code];
  return { repeat, code, width };
}

export interface AsciiFormat {
  code: 'A' | 'I' | 'F' | 'E' | 'D';
  width: number;
  decimals?: number;
}

/** Parses an ASCII-table TFORMn: Aw, Iw, Fw.d, Ew.d, Dw.d (FITS 4.0 §7.2.1 Table 15). */
export function parseAsciiTform(tform: string): AsciiFormat | undefined {
  const m = /^\s*([AIFED])(\d+)(?:\.(\d+))?\s*$/.exec(tform.toUpperCase());
  if (!m) return undefined;
  const f: AsciiFormat = { code: m[1] as AsciiFormat['code'], width: Number(m[2]) };
  if (m[3] !== undefined) f.decimals = Number(m[3]);
  return f;
}
