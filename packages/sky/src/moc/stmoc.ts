// Space-time MOCs (MOC 2.0 §3.3, §5): a list of (time MOC, space MOC) pairs, each time element carrying the space
// coverage during it, time elements ascending and disjoint. Read, written (ASCII §5.1, FITS RANGE §5.2) and queried;
// building one from observations (the 2-D normalisation of §5.2's rules) is not provided.
import { diag, type SkyDiagnostic } from '../diagnostics.ts';
import { type MocParseResult, mocToAscii, readAsciiCells, tokenizeMocAscii } from './ascii.ts';
import { CellCollector } from './cell-collector.ts';
import { DIMENSIONS } from './dimension.ts';
import { Moc } from './moc.ts';
import { spaceMocContains } from './space.ts';
import { jdToTimeIndex } from './time.ts';

export interface StMocEntry {
  time: Moc;
  space: Moc;
}

const TIME_FLAG = 1n << 63n;

export class SpaceTimeMoc {
  constructor(
    readonly timeDepth: number,
    readonly spaceDepth: number,
    readonly entries: StMocEntry[],
  ) {}

  /**
   * Decodes the FITS RANGE list of §5.2: 64-bit values, time bounds flagged by the 64th bit, a run of time ranges
   * followed by the run of space ranges they share, all at the deepest depths (61 and 29).
   */
  static fromRangeValues(
    values: ArrayLike<bigint>,
    timeDepth: number,
    spaceDepth: number,
    diagnostics: SkyDiagnostic[] = [],
  ): SpaceTimeMoc {
    const entries: StMocEntry[] = [];
    let times: bigint[] = [];
    let spaces: bigint[] = [];
    const flush = () => {
      if (times.length === 0) return;
      entries.push({
        time: Moc.fromMaxDepthRanges('time', timeDepth, BigUint64Array.from(times)),
        space: Moc.fromMaxDepthRanges('space', spaceDepth, BigUint64Array.from(spaces)),
      });
      times = [];
      spaces = [];
    };
    if (values.length % 2 !== 0) diagnostics.push(diag('MOC_FITS_LAYOUT', 'odd number of RANGE values'));
    for (let k = 0; k + 1 < values.length; k += 2) {
      const a = BigInt.asUintN(64, values[k]);
      const b = BigInt.asUintN(64, values[k + 1]);
      const isTime = (a & TIME_FLAG) !== 0n;
      if (isTime !== ((b & TIME_FLAG) !== 0n)) {
        diagnostics.push(diag('MOC_FITS_LAYOUT', `range ${k / 2}: one bound is a time, the other a space value`));
        continue;
      }
      if (isTime) {
        if (spaces.length) flush();
        times.push(a & ~TIME_FLAG, b & ~TIME_FLAG);
      } else {
        if (times.length === 0) {
          diagnostics.push(diag('MOC_FITS_LAYOUT', `range ${k / 2}: space range before any time range`));
          continue;
        }
        spaces.push(a, b);
      }
    }
    flush();
    return new SpaceTimeMoc(timeDepth, spaceDepth, entries);
  }

  /** The FITS RANGE values (§5.2), as signed 64-bit integers (time values have the sign bit set). */
  toRangeValues(): BigInt64Array {
    const parts: bigint[] = [];
    for (const { time, space } of this.entries) {
      for (const v of time.toDepth(this.timeDepth).rangesAtMaxDepth()) parts.push(BigInt.asIntN(64, v | TIME_FLAG));
      for (const v of space.toDepth(this.spaceDepth).rangesAtMaxDepth()) parts.push(BigInt.asIntN(64, v));
    }
    return BigInt64Array.from(parts);
  }

  /** Union of the time elements. */
  timeCoverage(): Moc {
    return this.entries.reduce((acc, e) => acc.union(e.time), Moc.empty('time', this.timeDepth));
  }

  /** Union of the space elements. */
  spaceCoverage(): Moc {
    return this.entries.reduce((acc, e) => acc.union(e.space), Moc.empty('space', this.spaceDepth));
  }

  /** Space covered at the instant `jd` (TCB). */
  spaceAt(jd: number): Moc {
    const t = jdToTimeIndex(jd);
    const hit = this.entries.find((e) => e.time.containsIndex(t, DIMENSIONS.time.maxDepth));
    return hit ? hit.space : Moc.empty('space', this.spaceDepth);
  }

  /** Space covered at any time of the time MOC. */
  spaceDuring(time: Moc): Moc {
    let acc = Moc.empty('space', this.spaceDepth);
    for (const e of this.entries) if (!e.time.intersection(time).isEmpty()) acc = acc.union(e.space);
    return acc;
  }

  /** Times when the position (degrees) is covered. */
  timeAt(lonDeg: number, latDeg: number): Moc {
    let acc = Moc.empty('time', this.timeDepth);
    for (const e of this.entries) if (spaceMocContains(e.space, lonDeg, latDeg)) acc = acc.union(e.time);
    return acc;
  }

  equals(o: SpaceTimeMoc): boolean {
    if (o.timeDepth !== this.timeDepth || o.spaceDepth !== this.spaceDepth) return false;
    if (o.entries.length !== this.entries.length) return false;
    return this.entries.every((e, k) => e.time.equals(o.entries[k].time) && e.space.equals(o.entries[k].space));
  }
}

/** Parses an ASCII STMOC (§5.1): "t" time cells then "s" space cells, repeated; "t61/ s29/" may set depths. */
export function parseStMocAscii(text: string): MocParseResult & { stmoc?: SpaceTimeMoc } {
  const diagnostics: SkyDiagnostic[] = [];
  const tokens = tokenizeMocAscii(text);
  const pairs: Array<[CellCollector, CellCollector]> = [];
  let tMax = 0;
  let sMax = 0;
  let k = 0;
  while (k < tokens.length) {
    const t = tokens[k];
    if (t.kind !== 'dim' || t.text !== 't') {
      diagnostics.push(
        diag('MOC_DIMENSION', `expected 't' at offset ${t.start}`, 'error', { start: t.start, end: t.start + 1 }),
      );
      k++;
      continue;
    }
    const tc = new CellCollector('time');
    k = readAsciiCells(tokens, k + 1, tc, diagnostics);
    if (tokens[k]?.text !== 's') {
      diagnostics.push(diag('MOC_DIMENSION', 'a time element without its space element'));
      tMax = Math.max(tMax, tc.maxOrder);
      continue;
    }
    const sc = new CellCollector('space');
    k = readAsciiCells(tokens, k + 1, sc, diagnostics);
    tMax = Math.max(tMax, tc.maxOrder);
    sMax = Math.max(sMax, sc.maxOrder);
    if (tc.size > 0) pairs.push([tc, sc]);
  }
  const stmoc = new SpaceTimeMoc(
    tMax,
    sMax,
    pairs.map(([tc, sc]) => ({ time: tc.toMoc(tMax), space: sc.toMoc(sMax) })),
  );
  return { stmoc, diagnostics };
}

/** ASCII STMOC (§5.1), ending with "t<depth>/ s<depth>/" so both depths survive a round trip. */
export function stMocToAscii(stmoc: SpaceTimeMoc): string {
  const strip = (s: string, depth: number) => s.replace(new RegExp(`(^| )${depth}/ $`), ' ').trim();
  const parts: string[] = [];
  for (const { time, space } of stmoc.entries) {
    parts.push(`t${strip(mocToAscii(time.toDepth(stmoc.timeDepth)), stmoc.timeDepth)}`);
    parts.push(`s${strip(mocToAscii(space.toDepth(stmoc.spaceDepth)), stmoc.spaceDepth)}`);
  }
  parts.push(`t${stmoc.timeDepth}/ s${stmoc.spaceDepth}/`);
  return parts.join(' ');
}
