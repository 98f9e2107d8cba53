// JSON MOC serialisation (MOC 2.0 Appendix D, informative): {"order":[index,...],...}, an empty list at the MOC
// depth when it is deeper than the deepest cells, optionally wrapped as {"s":{...}} / {"t":{...}} (and {"f":{...}}
// for the F-MOC). Indices are read from the text itself, not through JSON.parse numbers, so order-29 space and
// order-61 time indices (up to 2^62) stay exact.
import { diag, type SkyDiagnostic } from '../diagnostics.ts';
import type { MocParseResult } from './ascii.ts';
import { CellCollector, parseIndex } from './cell-collector.ts';
import { DIMENSIONS, type MocDimension } from './dimension.ts';
import type { Moc } from './moc.ts';

const PREFIXES: Record<string, MocDimension> = { s: 'space', t: 'time', f: 'frequency' };

/** Reads the "order":[indices] members of one JSON object body into `c`. */
export function readJsonCells(body: string, c: CellCollector, diagnostics: SkyDiagnostic[]): void {
  const member = /"(\d+)"\s*:\s*\[([^\]]*)\]/g;
  for (let m = member.exec(body); m; m = member.exec(body)) {
    const order = Number(m[1]);
    if (order > DIMENSIONS[c.dim].maxDepth) {
      diagnostics.push(diag('MOC_BAD_ORDER', `order ${order} is beyond ${DIMENSIONS[c.dim].maxDepth}`));
      continue;
    }
    c.noteOrder(order);
    for (const raw of m[2].split(',')) {
      const t = raw.trim();
      if (t === '') continue;
      if (!/^\d+$/.test(t)) {
        diagnostics.push(diag('MOC_JSON_SYNTAX', `order ${order}: ${JSON.stringify(t)} is not a cell index`));
        continue;
      }
      const i = parseIndex(t);
      if (!c.valid(order, i, i)) {
        diagnostics.push(diag('MOC_BAD_INDEX', `${t} is not a valid index at order ${order}`));
        continue;
      }
      c.add(order, i, i);
    }
  }
}

/** Parses a JSON MOC (see the file comment); `dim` (default space) applies when the JSON has no s/t/f wrapper. */
export function parseMocJson(text: string, dim?: MocDimension): MocParseResult {
  const diagnostics: SkyDiagnostic[] = [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    diagnostics.push(diag('MOC_JSON_SYNTAX', `not JSON: ${(e as Error).message}`));
    return { diagnostics };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    diagnostics.push(diag('MOC_JSON_SYNTAX', 'a JSON MOC is an object {"order":[index,...]} (an array is an STMOC)'));
    return { diagnostics };
  }
  let d: MocDimension = dim ?? 'space';
  let body = text;
  const keys = Object.keys(value);
  const wrapper = /^\s*\{\s*"([stf])"\s*:\s*(\{[\s\S]*\})\s*\}\s*$/.exec(text);
  if (keys.length === 1 && wrapper) {
    d = PREFIXES[wrapper[1]];
    if (dim && dim !== d)
      diagnostics.push(diag('MOC_DIMENSION', `'${wrapper[1]}' wrapper but a ${dim} MOC was expected`));
    body = wrapper[2];
  } else {
    for (const k of keys) {
      if (!/^\d+$/.test(k)) diagnostics.push(diag('MOC_JSON_SYNTAX', `member "${k}" is not an order`));
    }
  }
  const c = new CellCollector(d);
  readJsonCells(body, c, diagnostics);
  return { moc: c.toMoc(), diagnostics };
}

/** The "order":[...] members of a MOC's hierarchical view, with the trailing empty depth member when needed. */
export function jsonMembers(moc: Moc): string {
  const cells = moc.cells();
  const parts = cells.map(({ order, indices }) => `"${order}":[${indices.join(',')}]`);
  if (cells.length === 0 || cells[cells.length - 1].order < moc.depth) parts.push(`"${moc.depth}":[]`);
  return `{${parts.join(',')}}`;
}

/** JSON form of a MOC; `wrap` adds the {"s": ...} / {"t": ...} / {"f": ...} level. */
export function mocToJson(moc: Moc, options: { wrap?: boolean } = {}): string {
  const body = jsonMembers(moc);
  return options.wrap ? `{"${moc.info.prefix}":${body}}` : body;
}
