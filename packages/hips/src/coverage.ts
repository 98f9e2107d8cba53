// The coverage of a HiPS (HiPS 1.0 §4.4.2: "Moc.fits represents the coverage map of the HiPS tiles"): the space
// MOC of the deepest-order tiles with data, built and serialised by the one MOC implementation, `@obscura/sky`'s
// `Moc` (MOC 2.0 §3.1, normalised) and `@obscura/fits`' `encodeMocFits` (MOC 2.0 §4.3.1 NUNIQ, §6 keywords).
import { encodeMocFits } from '@obscura/fits';
import { Moc } from '@obscura/sky';

/** The space MOC of a set of HEALPix NESTED cells at `order` (the HiPS tiles with data). */
export function tileCoverage(order: number, cells: Iterable<number>): Moc {
  return Moc.fromIndices('space', order, Float64Array.from(new Set(cells)).sort());
}

/** Fraction of the sky covered by `cellCount` cells at `order` (moc_sky_fraction, HiPS 1.0 §4.4.1). */
export function skyFraction(order: number, cellCount: number): number {
  return cellCount / (12 * 4 ** order);
}

/** Moc.fits of a HiPS: its tile coverage as a MOC 2.0 FITS file (NUNIQ, MOCTYPE IMAGE). */
export function encodeCoverageFits(order: number, cells: Iterable<number>, tool = 'Obscura HiPS'): Uint8Array {
  return encodeMocFits(tileCoverage(order, cells), { moctool: tool, moctype: 'IMAGE' });
}
