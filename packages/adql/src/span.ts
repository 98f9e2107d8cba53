// Source positions and spans. Every token and AST node carries a span so diagnostics (and later the checker and
// translators) can point at the exact text. Lines and columns are 1-based; offsets are 0-based UTF-16 indices.

export interface Position {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

export interface Span {
  readonly start: Position;
  readonly end: Position;
}

/** Maps offsets to line/column pairs (binary search over the line starts). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) this.starts.push(i + 1);
    }
  }

  position(offset: number): Position {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1, offset };
  }

  span(start: number, end: number): Span {
    return { start: this.position(start), end: this.position(end) };
  }
}
