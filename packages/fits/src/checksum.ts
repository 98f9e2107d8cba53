// CHECKSUM and DATASUM (FITS 4.0 §4.4.2.7 and Appendix J; Seaman, Pence & Rots 2002): the 32-bit ones'-complement
// sum of an HDU's big-endian 32-bit words. DATASUM is the data unit's sum as an unsigned decimal string; CHECKSUM
// is encoded so that the whole HDU (header + data) sums to -0 (all ones).
import { diagnostic, type FitsDiagnostic } from './diagnostics.ts';
import type { FitsFile } from './file.ts';
import type { Hdu } from './hdu.ts';

/** Ones'-complement 32-bit sum of `bytes` (length a multiple of 4), added to `initial`. */
export function onesComplementSum(bytes: Uint8Array, initial = 0): number {
  let hi = initial >>> 16;
  let lo = initial & 0xffff;
  const n = bytes.length - (bytes.length % 4);
  for (let i = 0; i < n; i += 4) {
    hi += (bytes[i] << 8) | bytes[i + 1];
    lo += (bytes[i + 2] << 8) | bytes[i + 3];
    if ((i & 0xffffc) === 0xffffc) {
      // fold now and then so the halves stay far below 2^53
      [hi, lo] = fold(hi, lo);
    }
  }
  [hi, lo] = fold(hi, lo);
  return ((hi << 16) | lo) >>> 0;
}

function fold(hi: number, lo: number): [number, number] {
  // Appendix J: carries out of each 16-bit half go into the other half (end-around carry).
  while (hi > 0xffff || lo > 0xffff) {
    const hicarry = Math.floor(hi / 0x10000);
    const locarry = Math.floor(lo / 0x10000);
    hi = (hi % 0x10000) + locarry;
    lo = (lo % 0x10000) + hicarry;
  }
  return [hi, lo];
}

/** Adds two ones'-complement sums. */
export function addSums(a: number, b: number): number {
  const s = a + b;
  return s > 0xffffffff ? (s - 0xffffffff) >>> 0 : s >>> 0;
}

/** The 16-character ASCII encoding of a sum (Appendix J), complemented as CHECKSUM needs. */
export function encodeChecksum(sum: number, complement = true): string {
  const value = complement ? ~sum >>> 0 : sum >>> 0;
  const exclude = new Set([0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f, 0x40, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f, 0x60]);
  const asc = new Array<number>(16);
  for (let i = 0; i < 4; i++) {
    const byte = (value >>> ((3 - i) * 8)) & 0xff;
    const quotient = (byte >> 2) + 0x30;
    const remainder = byte & 3;
    const ch = [quotient + remainder, quotient, quotient, quotient];
    let check = true;
    while (check) {
      check = false;
      for (let j = 0; j < 4; j += 2) {
        if (exclude.has(ch[j]) || exclude.has(ch[j + 1])) {
          ch[j]++;
          ch[j + 1]--;
          check = true;
        }
      }
    }
    for (let j = 0; j < 4; j++) asc[4 * j + i] = ch[j];
  }
  // rotate right by one byte so the string lines up with the 32-bit word boundaries of the card
  const rotated = [asc[15], ...asc.slice(0, 15)];
  return String.fromCharCode(...rotated);
}

export interface ChecksumReport {
  datasum: 'ok' | 'bad' | 'absent';
  checksum: 'ok' | 'bad' | 'absent';
  /** Sum of the data unit (with its padding). */
  computedDatasum: number;
  diagnostics: FitsDiagnostic[];
}

/** Verifies DATASUM and CHECKSUM of one HDU by reading its header and data blocks. */
export async function verifyChecksum(file: FitsFile, hdu: Hdu): Promise<ChecksumReport> {
  const diagnostics: FitsDiagnostic[] = [];
  const headerBytes = await file.source.read(hdu.headerOffset, hdu.dataOffset - hdu.headerOffset);
  const dataBytes = await file.source.read(hdu.dataOffset, hdu.nextOffset - hdu.dataOffset);
  const dataSum = onesComplementSum(dataBytes);
  const report: ChecksumReport = { datasum: 'absent', checksum: 'absent', computedDatasum: dataSum, diagnostics };
  const stated = hdu.header.get('DATASUM');
  if (stated !== undefined) {
    const ok = typeof stated === 'string' && stated.trim() !== '' && Number(stated.trim()) === dataSum;
    report.datasum = ok ? 'ok' : 'bad';
    if (!ok) {
      diagnostics.push(
        diagnostic(
          'FITS_DATASUM_MISMATCH',
          `HDU ${hdu.index}: DATASUM is '${stated}', the data unit sums to ${dataSum}`,
        ),
      );
    }
  }
  if (hdu.header.has('CHECKSUM')) {
    const total = addSums(onesComplementSum(headerBytes), dataSum);
    report.checksum = total === 0xffffffff ? 'ok' : 'bad';
    if (report.checksum === 'bad') {
      diagnostics.push(
        diagnostic(
          'FITS_CHECKSUM_MISMATCH',
          `HDU ${hdu.index}: CHECKSUM does not verify (the HDU sums to ${total.toString(16)}, not ffffffff)`,
        ),
      );
    }
  }
  return report;
}
