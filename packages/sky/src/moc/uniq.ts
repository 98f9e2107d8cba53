// NUNIQ packaging of space MOCs (MOC 2.0 §4.3.1 "NUNIQ Packaging (valid for SMOC only)"):
// uniq = 4·4^order + index; order = ⌊(bit length of uniq − 3) / 2⌋.
import { diag, type SkyDiagnostic } from '../diagnostics.ts';
import { CellCollector } from './cell-collector.ts';
import type { Moc } from './moc.ts';

/** Order and index of a NUNIQ value given as a number (exact below 2^53, i.e. orders ≤ 24). */
export function decodeUniqNumber(u: number): { order: number; index: number } {
  const hi = Math.floor(u / 4294967296);
  const bits = hi > 0 ? 64 - Math.clz32(hi) : 32 - Math.clz32(u);
  const order = (bits - 3) >> 1;
  return { order, index: u - 4 * 4 ** order };
}

/** Order and index of a NUNIQ value given as a bigint (any order 0..29). */
export function decodeUniqBig(u: bigint): { order: number; index: bigint } {
  const order = (u.toString(2).length - 3) >> 1;
  return { order, index: u - (4n << BigInt(2 * order)) };
}

/**
 * A space MOC from NUNIQ values in any order. `depth` (MOCORD_S / MOCORDER) defaults to the deepest order present;
 * it is raised to that order when the cells are deeper (with a warning), so no cell is lost.
 */
export function spaceMocFromUniqs(
  uniqs: ArrayLike<number | bigint>,
  depth?: number,
  diagnostics: SkyDiagnostic[] = [],
): Moc {
  const c = new CellCollector('space');
  for (let k = 0; k < uniqs.length; k++) {
    const u = uniqs[k];
    if (typeof u === 'number' ? u < 4 : u < 4n) {
      diagnostics.push(diag('MOC_BAD_INDEX', `NUNIQ value ${u} is below 4 (order 0 starts at 4)`));
      continue;
    }
    const { order, index } = typeof u === 'number' && u < 2 ** 53 ? decodeUniqNumber(u) : decodeUniqBig(BigInt(u));
    if (!c.valid(order, index, index)) {
      diagnostics.push(diag('MOC_BAD_INDEX', `NUNIQ value ${u} is not a cell (order ${order}, index ${index})`));
      continue;
    }
    c.add(order, index, index);
  }
  let d = depth ?? Math.max(c.maxOrder, 0);
  if (c.maxOrder > d) {
    diagnostics.push(
      diag('MOC_FITS_KEYWORD', `cells go down to order ${c.maxOrder}, deeper than the declared ${d}`, 'warning'),
    );
    d = c.maxOrder;
  }
  return c.toMoc(d);
}

/** The NUNIQ values of a space MOC's well-formed cells, ascending (as MOC 1.x / 2.0 writers order them). */
export function mocToUniqs(moc: Moc): BigUint64Array {
  if (moc.dim !== 'space') throw new TypeError('NUNIQ packaging is defined for space MOCs only (MOC 2.0 §4.3.1)');
  const cells = moc.cells();
  let n = 0;
  for (const c of cells) n += c.indices.length;
  const out = new BigUint64Array(n);
  let k = 0;
  for (const { order, indices } of cells) {
    const base = 4n << BigInt(2 * order);
    for (const i of indices) out[k++] = base + BigInt(i);
  }
  return out;
}
