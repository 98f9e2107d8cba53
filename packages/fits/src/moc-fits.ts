// MOC FITS serialisation (MOC 2.0 §4.3.1, §5.2, §6): a primary HDU without data and a one-column BINTABLE of
// NUNIQ (1J/1K) or RANGE (1K) values with the MOC keywords. Reads MOC 1.x (NUNIQ, MOCORDER, PIXTYPE) and 2.0
// (MOCVERS, MOCDIM SPACE / TIME / TIME.SPACE, and the cds-moc-rust FREQUENCY F-MOC) files; writes MOC 2.0:
// NUNIQ for space MOCs (§4.3.1 "Backward compatibility": recommended so MOC 1.x readers such as older Aladin read
// them), RANGE for time and frequency MOCs (NUNIQ is defined for SMOC only) and for STMOCs (§5.2).
import {
  DIMENSIONS,
  diag,
  Moc,
  type MocDimension,
  mocToUniqs,
  type SkyDiagnostic,
  SpaceTimeMoc,
  spaceMocFromUniqs,
} from '@obscura/sky';
import type { FitsDiagnostic } from './diagnostics.ts';
import { openFits, readDataUnit } from './file.ts';
import { Header } from './header.ts';
import { encodeBinaryTable } from './table-write.ts';
import { encodeEmptyPrimary, writeFits } from './write.ts';

export interface MocFitsContent {
  /** The one-dimension MOC (space, time or frequency), when the file holds one. */
  moc?: Moc;
  /** The space-time MOC, when MOCDIM = 'TIME.SPACE'. */
  stmoc?: SpaceTimeMoc;
  ordering?: 'NUNIQ' | 'RANGE';
  /** The BINTABLE header (MOCTOOL, MOCID, MOCTYPE, EXTNAME… stay available). */
  header?: Header;
  diagnostics: Array<SkyDiagnostic | FitsDiagnostic>;
}

const MOCDIMS: Record<string, MocDimension | 'stmoc'> = {
  SPACE: 'space',
  TIME: 'time',
  FREQUENCY: 'frequency',
  'TIME.SPACE': 'stmoc',
};

/** Reads the first BINTABLE of a MOC FITS file (path or bytes). Never throws for content problems. */
export async function readMocFits(input: string | Uint8Array): Promise<MocFitsContent> {
  const diagnostics: Array<SkyDiagnostic | FitsDiagnostic> = [];
  const file = await openFits(input);
  try {
    diagnostics.push(...file.diagnostics);
    const hdu = file.hdus.find((h) => h.kind === 'bintable');
    if (!hdu) {
      diagnostics.push(diag('MOC_FITS_LAYOUT', 'no BINTABLE extension'));
      return { diagnostics };
    }
    const h = hdu.header;
    const word = (k: string) => h.getString(k)?.trim().toUpperCase();
    const mocdim = word('MOCDIM') ?? 'SPACE'; // §6: "If omitted, SPACE is assumed for backward compatibility"
    const kind = MOCDIMS[mocdim];
    if (!kind) {
      diagnostics.push(diag('MOC_FITS_KEYWORD', `MOCDIM '${mocdim}' is none of SPACE, TIME, TIME.SPACE, FREQUENCY`));
      return { header: h, diagnostics };
    }
    const vers = word('MOCVERS');
    if (vers === undefined && kind !== 'space') {
      diagnostics.push(diag('MOC_FITS_KEYWORD', 'MOCVERS is mandatory in MOC 2.0 files (§6)', 'warning'));
    }
    const orderingWord = word('ORDERING');
    const ordering: 'NUNIQ' | 'RANGE' | undefined =
      orderingWord === 'NUNIQ' || orderingWord === 'RANGE' ? orderingWord : undefined;
    if (!ordering) {
      diagnostics.push(diag('MOC_FITS_KEYWORD', `ORDERING '${orderingWord ?? ''}' is neither NUNIQ nor RANGE`));
      return { header: h, diagnostics };
    }
    if ((kind === 'space' || kind === 'stmoc') && word('COORDSYS') !== undefined && word('COORDSYS') !== 'C') {
      diagnostics.push(diag('MOC_FITS_KEYWORD', `COORDSYS '${word('COORDSYS')}' is not 'C' (ICRS)`, 'warning'));
    }
    if ((kind === 'time' || kind === 'stmoc') && word('TIMESYS') !== undefined && word('TIMESYS') !== 'TCB') {
      diagnostics.push(diag('MOC_FITS_KEYWORD', `TIMESYS '${word('TIMESYS')}' is not 'TCB'`, 'warning'));
    }
    const tform = (h.getString('TFORM1') ?? '').trim().toUpperCase().replace(/^1/, '');
    if (tform !== 'J' && tform !== 'K' && tform !== 'I') {
      diagnostics.push(diag('MOC_FITS_LAYOUT', `TFORM1 '${tform}' is not 1I, 1J or 1K`));
      return { header: h, diagnostics };
    }
    const rowBytes = h.getNumber('NAXIS1', 0) ?? 0;
    const rows = h.getNumber('NAXIS2', 0) ?? 0;
    const bytes = await readDataUnit(file, hdu);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const depthOf = (key: string, fallback?: number) => {
      const v = h.getNumber(key);
      return v === undefined ? fallback : v;
    };

    if (ordering === 'NUNIQ') {
      if (kind !== 'space') {
        diagnostics.push(diag('MOC_FITS_LAYOUT', 'NUNIQ packaging is valid for space MOCs only (§4.3.1)'));
        return { header: h, diagnostics, ordering };
      }
      const values: Array<number | bigint> = new Array(rows);
      for (let r = 0; r < rows; r++) {
        const at = r * rowBytes;
        values[r] = tform === 'K' ? view.getBigInt64(at) : tform === 'J' ? view.getInt32(at) : view.getInt16(at);
      }
      const depth = depthOf('MOCORD_S', depthOf('MOCORDER'));
      const moc = spaceMocFromUniqs(values, depth, diagnostics as SkyDiagnostic[]);
      return { moc, ordering, header: h, diagnostics };
    }

    if (tform !== 'K') diagnostics.push(diag('MOC_FITS_LAYOUT', `RANGE values should be 1K, not ${tform}`, 'warning'));
    const values = new BigInt64Array(rows);
    for (let r = 0; r < rows; r++) {
      const at = r * rowBytes;
      values[r] = tform === 'K' ? view.getBigInt64(at) : BigInt(view.getInt32(at));
    }
    if (kind === 'stmoc') {
      const stmoc = SpaceTimeMoc.fromRangeValues(
        values,
        depthOf('MOCORD_T', 61) as number,
        depthOf('MOCORD_S', 29) as number,
        diagnostics as SkyDiagnostic[],
      );
      return { stmoc, ordering, header: h, diagnostics };
    }
    const info = DIMENSIONS[kind];
    let depth = depthOf(info.ordKeyword, kind === 'space' ? depthOf('MOCORDER') : undefined);
    if (depth === undefined) {
      diagnostics.push(
        diag('MOC_FITS_KEYWORD', `${info.ordKeyword} missing: depth ${info.maxDepth} assumed`, 'warning'),
      );
      depth = info.maxDepth;
    }
    const moc = Moc.fromMaxDepthRanges(
      kind,
      depth,
      BigUint64Array.from(values, (v) => BigInt.asUintN(64, v)),
    );
    return { moc, ordering, header: h, diagnostics };
  } finally {
    await file.close();
  }
}

export interface MocFitsOptions {
  /** Packaging; default NUNIQ for space MOCs, RANGE otherwise (NUNIQ is only valid for space, §4.3.1). */
  ordering?: 'NUNIQ' | 'RANGE';
  /** MOCTOOL (§6, optional); default 'Obscura'. */
  moctool?: string;
  /** MOCID: the IVOA identifier of the collection (§6, optional). */
  mocid?: string;
  /** MOCTYPE 'IMAGE' or 'CATALOG' (§6, optional). */
  moctype?: 'IMAGE' | 'CATALOG';
  extname?: string;
}

/** A MOC 2.0 FITS file as bytes: empty primary HDU + the MOC BINTABLE. */
export function encodeMocFits(moc: Moc | SpaceTimeMoc, options: MocFitsOptions = {}): Uint8Array {
  const h = new Header();
  let column: { name: string; format: string; values: Array<number | bigint> };
  h.set('MOCVERS', '2.0', 'MOC version');
  if (moc instanceof SpaceTimeMoc) {
    if (options.ordering === 'NUNIQ') throw new RangeError('an STMOC is written with RANGE packaging (§5.2)');
    h.set('MOCDIM', 'TIME.SPACE', 'Physical dimension');
    h.set('ORDERING', 'RANGE', 'Range coding');
    h.set('COORDSYS', 'C', 'ICRS reference frame');
    h.set('TIMESYS', 'TCB', 'Barycentric Coordinate Time');
    h.set('MOCORD_T', moc.timeDepth, 'Time MOC resolution (best order)');
    h.set('MOCORD_S', moc.spaceDepth, 'Space MOC resolution (best order)');
    column = { name: 'RANGE', format: '1K', values: Array.from(moc.toRangeValues()) };
  } else {
    const info = moc.info;
    const ordering = options.ordering ?? (moc.dim === 'space' ? 'NUNIQ' : 'RANGE');
    if (ordering === 'NUNIQ' && moc.dim !== 'space') {
      throw new RangeError('NUNIQ packaging is valid for space MOCs only (MOC 2.0 §4.3.1)');
    }
    h.set('MOCDIM', info.mocdim, 'Physical dimension');
    h.set('ORDERING', ordering, ordering === 'NUNIQ' ? 'NUNIQ coding method' : 'Range coding');
    if (moc.dim === 'space') h.set('COORDSYS', 'C', 'ICRS reference frame');
    if (moc.dim === 'time') h.set('TIMESYS', 'TCB', 'Barycentric Coordinate Time');
    h.set(info.ordKeyword, moc.depth, 'MOC resolution (best order)');
    if (ordering === 'NUNIQ') {
      // §4.3.1: 32-bit integers suffice below order 14.
      const uniqs = mocToUniqs(moc);
      const small = moc.depth < 14;
      column = {
        name: 'UNIQ',
        format: small ? '1J' : '1K',
        values: small ? Array.from(uniqs, Number) : Array.from(uniqs, (v) => BigInt.asIntN(64, v)),
      };
    } else {
      column = { name: 'RANGE', format: '1K', values: Array.from(moc.rangesAtMaxDepth(), (v) => BigInt.asIntN(64, v)) };
    }
  }
  h.set('MOCTOOL', options.moctool ?? 'Obscura', 'Name of the MOC generator');
  if (options.moctype) h.set('MOCTYPE', options.moctype, 'Source type (IMAGE or CATALOG)');
  if (options.mocid) h.set('MOCID', options.mocid, 'Identifier of the collection');
  const table = encodeBinaryTable([column], { header: h, extname: options.extname });
  const primary = encodeEmptyPrimary();
  const out = new Uint8Array(primary.length + table.length);
  out.set(primary);
  out.set(table, primary.length);
  return out;
}

/** Writes a MOC 2.0 FITS file (atomically, through writeFits). */
export async function writeMocFits(path: string, moc: Moc | SpaceTimeMoc, options: MocFitsOptions = {}): Promise<void> {
  const bytes = encodeMocFits(moc, options);
  await writeFits(path, [bytes]);
}
