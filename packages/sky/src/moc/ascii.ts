// ASCII MOC serialisation (MOC 2.0 §4.3.2; STMOC §5.1): "order/index index-index ... depth/" with an optional
// dimension prefix (s, t, and f for the cds-moc-rust F-MOC). Parsing never throws: it returns the MOC it could
// read plus diagnostics. Printing gives the canonical (well-formed, §7.1) form as cds-moc-rust prints it: one
// "order/" group per order, every token followed by a space, and "depth/" appended when the MOC depth is deeper
// than its deepest cells; `fold` wraps lines at that width with continuation lines starting with a space.
import { diag, type SkyDiagnostic } from '../diagnostics.ts';
import { CellCollector, parseIndex } from './cell-collector.ts';
import { DIMENSIONS, type MocDimension } from './dimension.ts';
import type { Moc } from './moc.ts';

export interface MocParseResult {
  moc?: Moc;
  diagnostics: SkyDiagnostic[];
}

const PREFIXES: Record<string, MocDimension> = { s: 'space', t: 'time', f: 'frequency' };

/** One token of an ASCII MOC: a dimension letter, "order/", or an index / "a-b" range, with its offset. */
export interface AsciiToken {
  kind: 'dim' | 'order' | 'value';
  text: string;
  start: number;
}

/** Splits on blanks (space, CR, LF; tabs and commas accepted as in MOC 1.1 readers), keeping letters apart. */
export function tokenizeMocAscii(text: string): AsciiToken[] {
  const out: AsciiToken[] = [];
  const re = /([stf])|(\d+)\/|(\d+(?:-\d+)?)|([^\s,])/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[1]) out.push({ kind: 'dim', text: m[1], start: m.index });
    else if (m[2] !== undefined) out.push({ kind: 'order', text: m[2], start: m.index });
    else if (m[3] !== undefined) out.push({ kind: 'value', text: m[3], start: m.index });
    else out.push({ kind: 'value', text: m[4], start: m.index });
  }
  return out;
}

/**
 * Feeds tokens[from..] into `c` until a dimension letter (returned index) or the end. Reports bad tokens, orders
 * and indices, and skips them.
 */
export function readAsciiCells(
  tokens: AsciiToken[],
  from: number,
  c: CellCollector,
  diagnostics: SkyDiagnostic[],
): number {
  let order = -1;
  let k = from;
  for (; k < tokens.length; k++) {
    const t = tokens[k];
    const span = { start: t.start, end: t.start + t.text.length };
    if (t.kind === 'dim') break;
    if (t.kind === 'order') {
      order = Number(t.text);
      if (order > DIMENSIONS[c.dim].maxDepth) {
        diagnostics.push(
          diag('MOC_BAD_ORDER', `order ${order} is beyond ${DIMENSIONS[c.dim].maxDepth}`, 'error', span),
        );
        order = -2;
      } else c.noteOrder(order);
      continue;
    }
    if (!/^\d/.test(t.text)) {
      diagnostics.push(diag('MOC_ASCII_SYNTAX', `unexpected ${JSON.stringify(t.text)}`, 'error', span));
      continue;
    }
    if (order === -2) continue;
    if (order < 0) {
      diagnostics.push(diag('MOC_ASCII_SYNTAX', `index ${t.text} comes before any "order/"`, 'error', span));
      continue;
    }
    const dash = t.text.indexOf('-');
    const lo = parseIndex(dash < 0 ? t.text : t.text.slice(0, dash));
    const hi = dash < 0 ? lo : parseIndex(t.text.slice(dash + 1));
    if (!c.valid(order, lo, hi)) {
      diagnostics.push(diag('MOC_BAD_INDEX', `${t.text} is not a valid index range at order ${order}`, 'error', span));
      continue;
    }
    c.add(order, lo, hi);
  }
  return k;
}

/**
 * Parses a one-dimension ASCII MOC. The dimension comes from the prefix letter when there is one, else from
 * `dim` (default space). An empty string is the empty MOC at depth 0.
 */
export function parseMocAscii(text: string, dim?: MocDimension): MocParseResult {
  const diagnostics: SkyDiagnostic[] = [];
  const tokens = tokenizeMocAscii(text);
  let k = 0;
  let d: MocDimension = dim ?? 'space';
  if (tokens[0]?.kind === 'dim') {
    const p = PREFIXES[tokens[0].text];
    if (dim && p !== dim) {
      diagnostics.push(diag('MOC_DIMENSION', `prefix '${tokens[0].text}' but a ${dim} MOC was expected`));
    }
    d = p;
    k = 1;
  }
  const c = new CellCollector(d);
  k = readAsciiCells(tokens, k, c, diagnostics);
  if (k < tokens.length) {
    const t = tokens[k];
    diagnostics.push(
      diag('MOC_DIMENSION', `a second dimension '${t.text}' in a one-dimension MOC (an STMOC?)`, 'error', {
        start: t.start,
        end: t.start + 1,
      }),
    );
  }
  return { moc: c.toMoc(), diagnostics };
}

export interface AsciiPrintOptions {
  /** Wrap lines at this many characters (cds-moc-rust --fold); continuation lines start with a space. */
  fold?: number;
  /** Write the dimension letter first (s, t, f). Default false. */
  prefix?: boolean;
}

/** Compresses ascending indices into "a" and "a-b" tokens. */
export function indexTokens(indices: Array<number | bigint>): string[] {
  const out: string[] = [];
  let k = 0;
  while (k < indices.length) {
    const first = indices[k];
    let last = first;
    while (k + 1 < indices.length && BigInt(indices[k + 1]) === BigInt(last) + 1n) last = indices[++k];
    out.push(first === last ? String(first) : `${first}-${last}`);
    k++;
  }
  return out;
}

/** The canonical ASCII form of a MOC (see the file comment). */
export function mocToAscii(moc: Moc, options: AsciiPrintOptions = {}): string {
  const groups: string[][] = [];
  const cells = moc.cells();
  for (const { order, indices } of cells) {
    const toks = indexTokens(indices);
    groups.push([`${order}/${toks[0]}`, ...toks.slice(1)]);
  }
  if (cells.length === 0 || cells[cells.length - 1].order < moc.depth) groups.push([`${moc.depth}/`]);
  const head = options.prefix ? moc.info.prefix : '';
  if (!options.fold) return head + groups.map((g) => `${g.join(' ')} `).join('');
  // Folded as cds-moc-rust (checked against its expected files): a continuation line counts one more character
  // than it shows, every line ends with a newline and the bare depth marker has no trailing space.
  const fold = options.fold;
  const lines: string[] = [];
  for (const g of groups) {
    let line = '';
    let extra = 0;
    for (const tok of g) {
      if (line.length > 1 && line.length + extra + tok.length + 1 > fold) {
        lines.push(line);
        line = ' ';
        extra = 1;
      }
      line += `${tok} `;
    }
    lines.push(g.length === 1 && g[0].endsWith('/') ? line.trimEnd() : line);
  }
  return `${head}${lines.join('\n')}\n`;
}
