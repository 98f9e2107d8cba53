// Space MOC of a credible region of a multi-order HEALPix sky map (UNIQ + probability density, e.g. a LIGO/Virgo
// BAYESTAR map), with the rules of cds-moc-rust `valued_cells_to_moc_with_opt` (moc crate
// src/elem/valuedcell.rs; used by `moc from vcells` and mocpy `MOC.from_multiordermap_fits_file`), re-implemented here:
//  - each cell's value is density × (number of MOC-depth sub-cells) × (area of one MOC-depth cell, 4π/(12·4^depth)),
//    in that order of float operations;
//  - cells are sorted by density, descending (ascending with `ascending`), by a stable sort (ties keep input order);
//  - probability is accumulated cell by cell: cells whose running total stays ≤ cumulativeFrom are skipped, cells
//    whose running total stays ≤ cumulativeTo are taken whole;
//  - the cell that crosses a bound is, with `noSplit`, kept whole (or dropped when `strict`); otherwise it is split
//    into its 4 children recursively down to the MOC depth, taking children (value/4 each) in NESTED order (highest
//    index first with `reverseDescent`, as Aladin) while they fit under the bound; the MOC-depth sub-cell that
//    straddles the bound is kept unless `strict` (and, at the lower bound, skipped when it ends exactly there).

import { Moc } from './moc.ts';
import { decodeUniqNumber } from './uniq.ts';

export interface MultiOrderMapOptions {
  /** Depth of the MOC (default: the deepest cell of the map); must be ≥ every cell's order and ≤ 24. */
  depth?: number;
  /** Cumulative probability at which cells start being taken (default 0). */
  cumulativeFrom?: number;
  /** Cumulative probability at which cells stop being taken (default 1). */
  cumulativeTo?: number;
  /** Accumulate from the lowest density instead of the highest (default false). */
  ascending?: boolean;
  /** Drop the (sub-)cells that straddle a bound (default false: keep them, an upper approximation). */
  strict?: boolean;
  /** Do not split the cells that straddle a bound (default false). */
  noSplit?: boolean;
  /** Split from the highest-numbered child down (Aladin's order; default false). */
  reverseDescent?: boolean;
}

interface Cell {
  order: number;
  index: number;
  value: number;
  density: number;
}

/**
 * Space MOC of the cells holding the cumulative probability from `cumulativeFrom` to `cumulativeTo` of a multi-order
 * map given as NUNIQ cell numbers and probability densities (per steradian).
 */
export function spaceMocFromMultiOrderMap(
  uniqs: ArrayLike<number | bigint>,
  probDensity: ArrayLike<number>,
  options: MultiOrderMapOptions = {},
): Moc {
  const n = Math.min(uniqs.length, probDensity.length);
  const cells: Cell[] = [];
  let deepest = 0;
  for (let k = 0; k < n; k++) {
    const { order, index } = decodeUniqNumber(Number(uniqs[k]));
    if (order > deepest) deepest = order;
    cells.push({ order, index, value: 0, density: probDensity[k] });
  }
  const depth = options.depth ?? deepest;
  if (!Number.isInteger(depth) || depth < deepest || depth > 24) {
    throw new RangeError(`multi-order map MOC depth must be in ${deepest}..24, got ${depth}`);
  }
  const areaPerCell = Math.PI / 3 / 4 ** depth;
  for (const c of cells) c.value = c.density * 4 ** (depth - c.order) * areaPerCell;
  const sign = options.ascending ? 1 : -1;
  cells.sort((a, b) => {
    const d = sign * (a.density - b.density);
    return Number.isNaN(d) ? 0 : d; // Rust partial_cmp → Equal on NaN
  });
  const from = options.cumulativeFrom ?? 0;
  const to = options.cumulativeTo ?? 1;
  const strict = options.strict ?? false;
  const split = !(options.noSplit ?? false);
  const reverse = options.reverseDescent ?? false;
  const pairs: number[] = [];
  const take = (order: number, index: number) => {
    const span = 4 ** (depth - order);
    pairs.push(index * span, (index + 1) * span);
  };

  let i = 0;
  let acc = 0;
  while (i < cells.length && acc + cells[i].value <= from) acc += cells[i++].value;
  if (i < cells.length && acc < from) {
    const c = cells[i];
    if (!split) {
      acc += c.value;
      if (!strict) take(c.order, c.index);
    } else {
      descendFrom(c.order, c.index, c.value, from - acc);
    }
    i++;
  }
  while (i < cells.length && acc + cells[i].value <= to) {
    acc += cells[i].value;
    take(cells[i].order, cells[i].index);
    i++;
  }
  if (i < cells.length && acc < to) {
    const c = cells[i];
    if (!split) {
      if (!strict) take(c.order, c.index);
    } else {
      descendTo(c.order, c.index, c.value, to - acc);
    }
  }
  return Moc.fromRanges('space', depth, Float64Array.from(pairs));

  // Takes children while they fit under `target`, then splits the next one (cds `recursive_descent`).
  function descendTo(order: number, index: number, value: number, target: number): void {
    if (order === depth) {
      if (value === target || !strict) take(order, index);
      return;
    }
    const sub = value / 4;
    let t = target;
    let k = reverse ? 3 : 0;
    while (sub <= t && k >= 0 && k <= 3) {
      take(order + 1, 4 * index + k);
      t -= sub;
      k += reverse ? -1 : 1;
    }
    if (k >= 0 && k <= 3) descendTo(order + 1, 4 * index + k, sub, t);
  }

  // Skips children while they fit under `target`, splits the next one, takes the rest (cds `recursive_descent_rev`;
  // its reverse variant walks the children from the highest index but recurses in forward order below).
  function descendFrom(order: number, index: number, value: number, target: number, rev = reverse): void {
    if (order === depth) {
      if (value !== target && !strict) take(order, index);
      return;
    }
    const sub = value / 4;
    const step = rev ? -1 : 1;
    let t = target;
    let k = rev ? 3 : 0;
    while (sub <= t && k >= 0 && k <= 3) {
      t -= sub;
      k += step;
    }
    if (k < 0 || k > 3) return;
    descendFrom(order + 1, 4 * index + k, sub, t, false);
    for (let j = k + step; j >= 0 && j <= 3; j += step) take(order + 1, 4 * index + j);
  }
}
