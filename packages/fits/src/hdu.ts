// Header-data units: what kind each one is and where its data unit lies (FITS 4.0 §3.1-3.4, §4.4.1, §6, §7).
import { diagnostic, type FitsDiagnostic } from './diagnostics.ts';
import { BLOCK_SIZE, type Header, padToBlock } from './header.ts';

export type HduKind = 'primary' | 'image' | 'bintable' | 'table' | 'random-groups' | 'extension';

export interface Hdu {
  index: number;
  kind: HduKind;
  header: Header;
  /** Byte offset of the first header block. */
  headerOffset: number;
  /** Byte offset of the data unit (just after the header's last 2880-byte block). */
  dataOffset: number;
  /** Size of the data unit in bytes, without the padding to 2880 (FITS 4.0 §4.4.1.1 eq. 1, §4.4.1.2 eq. 2). */
  dataSize: number;
  /** Offset of the next HDU (data padded to whole blocks). */
  nextOffset: number;
  /** EXTNAME, when present (§4.4.2.6). */
  name?: string;
  /** A tile-compressed image stored in a BINTABLE (ZIMAGE = T, FITS 4.0 §10). */
  tileCompressed?: boolean;
  diagnostics: FitsDiagnostic[];
}

const PRIMARY_ORDER = ['SIMPLE', 'BITPIX', 'NAXIS']; // FITS 4.0 §4.4.1.1 Table 7
const EXTENSION_ORDER = ['XTENSION', 'BITPIX', 'NAXIS']; // FITS 4.0 §4.4.1.2 Table 10
const VALID_BITPIX = new Set([8, 16, 32, 64, -32, -64]); // FITS 4.0 §4.4.1.1 Table 8

/** NAXISn values, n = 1..NAXIS (missing ones reported and taken as 0). */
export function axes(header: Header, diagnostics?: FitsDiagnostic[]): number[] {
  const n = header.getNumber('NAXIS', 0) ?? 0;
  const out: number[] = [];
  for (let i = 1; i <= n; i++) {
    const v = header.getNumber(`NAXIS${i}`);
    if (v === undefined || !Number.isInteger(v) || v < 0) {
      diagnostics?.push(diagnostic('FITS_MISSING_KEYWORD', `NAXIS${i} is missing or not a non-negative integer`));
      out.push(0);
    } else out.push(v);
  }
  return out;
}

/**
 * Describes an HDU from its header: kind, data size, and the mandatory keywords checked
 * (FITS 4.0 §4.4.1.1 primary, §4.4.1.2 extensions, §6 random groups, §7.1-7.3 IMAGE/TABLE/BINTABLE).
 */
export function describeHdu(header: Header, index: number, headerOffset: number, dataOffset: number): Hdu {
  const diagnostics: FitsDiagnostic[] = [];
  const primary = index === 0;
  const order = primary ? PRIMARY_ORDER : EXTENSION_ORDER;
  const first = header.cards.slice(0, order.length).map((c) => c.keyword);
  if (first.join(',') !== order.join(',')) {
    diagnostics.push(
      diagnostic('FITS_KEYWORD_ORDER', `the header starts ${first.join(', ')} instead of ${order.join(', ')}`),
    );
  }
  const bitpix = header.getNumber('BITPIX');
  if (bitpix === undefined || !VALID_BITPIX.has(bitpix)) {
    diagnostics.push(diagnostic('FITS_BAD_MANDATORY_VALUE', `BITPIX = ${bitpix} is not one of 8 16 32 64 -32 -64`));
  }
  const naxis = header.getNumber('NAXIS');
  if (naxis === undefined || !Number.isInteger(naxis) || naxis < 0 || naxis > 999) {
    diagnostics.push(diagnostic('FITS_BAD_MANDATORY_VALUE', `NAXIS = ${naxis} is not an integer 0-999`));
  }
  const dims = axes(header, diagnostics);
  let kind: HduKind;
  if (primary) {
    if (header.get('SIMPLE') !== true) {
      diagnostics.push(diagnostic('FITS_BAD_MANDATORY_VALUE', 'SIMPLE is not T: the file does not conform'));
    }
    // §6.1: random groups have NAXIS1 = 0 and GROUPS = T.
    kind = dims[0] === 0 && header.getBoolean('GROUPS') === true ? 'random-groups' : 'primary';
  } else {
    const x = (header.getString('XTENSION') ?? '').trim().toUpperCase();
    kind = x === 'IMAGE' ? 'image' : x === 'BINTABLE' ? 'bintable' : x === 'TABLE' ? 'table' : 'extension';
    for (const k of ['PCOUNT', 'GCOUNT']) {
      if (!header.has(k)) diagnostics.push(diagnostic('FITS_MISSING_KEYWORD', `${k} is mandatory in an extension`));
    }
    if ((kind === 'bintable' || kind === 'table') && !header.has('TFIELDS')) {
      diagnostics.push(diagnostic('FITS_MISSING_KEYWORD', 'TFIELDS is mandatory in a table (§7.2.1, §7.3.1)'));
    }
  }
  const bits = Math.abs(bitpix ?? 8);
  let dataSize: number;
  if (kind === 'primary') {
    // §4.4.1.1 eq. (1): Nbits = |BITPIX| × (NAXIS1 × ... × NAXISm); no data when NAXIS = 0.
    dataSize = dims.length === 0 ? 0 : (bits * dims.reduce((a, b) => a * b, 1)) / 8;
  } else {
    // §4.4.1.2 eq. (2) and §6.1 eq. (3) (random groups, NAXIS1 = 0 skipped):
    // Nbits = |BITPIX| × GCOUNT × (PCOUNT + NAXIS1 × ... × NAXISm).
    const gcount = header.getNumber('GCOUNT', 1) ?? 1;
    const pcount = header.getNumber('PCOUNT', 0) ?? 0;
    const d = kind === 'random-groups' ? dims.slice(1) : dims;
    const product = dims.length === 0 ? 0 : d.reduce((a, b) => a * b, 1);
    dataSize = (bits * gcount * (pcount + product)) / 8;
  }
  const hdu: Hdu = {
    index,
    kind,
    header,
    headerOffset,
    dataOffset,
    dataSize,
    nextOffset: dataOffset + padToBlock(dataSize),
    diagnostics,
  };
  const name = header.getString('EXTNAME');
  if (name !== undefined) hdu.name = name;
  if (kind === 'bintable' && header.getBoolean('ZIMAGE') === true) {
    hdu.tileCompressed = true;
    diagnostics.push(
      diagnostic(
        'FITS_TILE_COMPRESSED',
        `HDU ${index} is a tile-compressed image (ZCMPTYPE = ${header.getString('ZCMPTYPE')}); ` +
          'it is listed and its table can be read, but decompressing it to an image is not supported',
      ),
    );
  }
  return hdu;
}

export { BLOCK_SIZE };
