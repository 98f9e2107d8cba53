// The coverage of a HiPS at its tile order, as sorted NESTED cell lists, and its MOC (HiPS 1.0 §4.4.2: "Moc.fits
// represents the coverage map of the HiPS tiles", MOC 2.0 FITS serialization). The MOC is written here with
// MOC 2.0 §4.3.1 (NUNIQ: uniq = 4·4^order + ipix, one BINTABLE column of 32- or 64-bit integers, header keywords
// MOCVERS, MOCDIM, ORDERING, COORDSYS, MOCORDER, MOCTOOL), normalised (four siblings become their parent, §3.1).
import { encodeBinaryTable, encodeEmptyPrimary, Header } from '@obscura/fits';

/** Normalised MOC cells of a set of cells at one order: [order, ipix] pairs, lowest order first, ipix ascending. */
export function normaliseCells(order: number, cells: Iterable<number>): Array<[number, number]> {
  let current = [...new Set(cells)].sort((a, b) => a - b);
  const out: Array<[number, number]> = [];
  for (let o = order; o >= 0; o--) {
    const parents: number[] = [];
    const kept: number[] = [];
    for (let k = 0; k < current.length; ) {
      const p = current[k];
      if (o > 0 && p % 4 === 0 && current[k + 3] === p + 3) {
        parents.push(p / 4);
        k += 4;
      } else {
        kept.push(p);
        k++;
      }
    }
    for (const p of kept) out.push([o, p]);
    current = parents;
    if (current.length === 0) break;
  }
  return out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

/** Fraction of the sky covered by cells at `order` (moc_sky_fraction, HiPS 1.0 §4.4.1). */
export function skyFraction(order: number, cellCount: number): number {
  return cellCount / (12 * 4 ** order);
}

/** A space MOC of `cells` (all at `order`) as a MOC 2.0 FITS file. */
export function encodeMocFits(order: number, cells: Iterable<number>, tool = 'Obscura HiPS'): Uint8Array {
  const norm = normaliseCells(order, cells);
  const wide = order > 13; // 4·4^order + ipix < 2^31 up to order 13 (MOC 2.0 §4.3.1: J for order ≤ 13, else K)
  const values = norm.map(([o, p]) => (wide ? BigInt(4 * 4 ** o + p) : 4 * 4 ** o + p));
  const h = new Header()
    .set('PIXTYPE', 'HEALPIX', 'HEALPix magic code')
    .set('ORDERING', 'NUNIQ', 'NUNIQ coding method')
    .set('COORDSYS', 'C', 'ICRS reference frame')
    .set('MOCDIM', 'SPACE', 'Physical dimension')
    .set('MOCORDER', order, 'MOC resolution (best order)')
    .set('MOCVERS', '2.0', 'MOC version')
    .set('MOCTOOL', tool, 'Name of the MOC generator');
  const table = encodeBinaryTable([{ name: 'UNIQ', format: wide ? 'K' : 'J', values }], { header: h });
  const primary = encodeEmptyPrimary();
  const out = new Uint8Array(primary.length + table.length);
  out.set(primary, 0);
  out.set(table, primary.length);
  return out;
}
