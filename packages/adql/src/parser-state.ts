// The token cursor shared by the recursive-descent parsing functions (parse-query.ts, parse-expr.ts,
// parse-functions.ts): lookahead, expectations with readable messages, speculation and error recovery.
import { type AdqlCode, type Diagnostic, diagnostic } from './diagnostics.ts';
import type { Token } from './lexer.ts';
import type { LineIndex, Span } from './span.ts';

/** Thrown inside the parser to abandon the current construct; never escapes `parse()`. */
export class Bail extends Error {}

export interface ParserOptions {
  /** Which ADQL version to accept. Default '2.1'. Parsing as '2.0' reports the 2.1 additions as errors. */
  version?: '2.0' | '2.1';
}

/** Deepest nesting of parentheses/subqueries/expressions accepted (keeps the recursion far from the stack limit). */
const MAX_DEPTH = 200;

export class ParserState {
  pos = 0;
  depth = 0;
  speculating = 0;
  /** Token positions where a parenthesised search condition was tried and failed (keeps backtracking linear). */
  readonly failedParenConditions = new Set<number>();

  constructor(
    readonly text: string,
    readonly tokens: readonly Token[],
    readonly lines: LineIndex,
    readonly diagnostics: Diagnostic[],
    readonly options: ParserOptions,
  ) {}

  get v20(): boolean {
    return this.options.version === '2.0';
  }

  peek(k = 0): Token {
    return this.tokens[Math.min(this.pos + k, this.tokens.length - 1)];
  }

  next(): Token {
    const t = this.tokens[this.pos];
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }

  /** The token before the cursor (for "after 'SELECT'" in messages). */
  previous(): Token | undefined {
    return this.pos > 0 ? this.tokens[this.pos - 1] : undefined;
  }

  isKeyword(word: string, k = 0): boolean {
    const t = this.peek(k);
    return t.type === 'keyword' && t.value === word;
  }

  isOp(op: string, k = 0): boolean {
    const t = this.peek(k);
    return t.type === 'operator' && t.value === op;
  }

  eatKeyword(word: string): Token | null {
    return this.isKeyword(word) ? this.next() : null;
  }

  eatOp(op: string): Token | null {
    return this.isOp(op) ? this.next() : null;
  }

  expectKeyword(word: string, what?: string): Token {
    if (this.isKeyword(word)) return this.next();
    return this.fail(`expected ${what ?? word}${this.afterPrevious()}, found ${this.describe(this.peek())}`);
  }

  expectOp(op: string, what?: string): Token {
    if (this.isOp(op)) return this.next();
    return this.fail(`expected ${what ?? `'${op}'`}${this.afterPrevious()}, found ${this.describe(this.peek())}`);
  }

  /** Span from `start` (an offset) to the end of the last consumed token. */
  spanFrom(start: number): Span {
    const prev = this.previous();
    const end = prev && prev.end >= start ? prev.end : start;
    return this.lines.span(start, end);
  }

  tokenSpan(t: Token): Span {
    return this.lines.span(t.start, t.end);
  }

  /** Words a user understands for a token: 'FROM', the number 3, the string 'abc', the end of the query. */
  describe(t: Token): string {
    switch (t.type) {
      case 'eof':
        return 'the end of the query';
      case 'string':
        return `the string ${this.text.slice(t.start, Math.min(t.end, t.start + 40))}${t.end - t.start > 40 ? '…' : ''}`;
      case 'number':
        return `the number ${t.value}`;
      case 'delimited':
        return `the name ${this.text.slice(t.start, t.end)}`;
      default:
        return `'${this.text.slice(t.start, t.end)}'`;
    }
  }

  afterPrevious(): string {
    const prev = this.previous();
    if (!prev) return ' at the start of the query';
    const text = this.text.slice(prev.start, prev.end);
    return ` after '${text.length > 30 ? `${text.slice(0, 30)}…` : text}'`;
  }

  /** Records an error at `token` (default: the current token) and abandons the current construct. */
  fail(message: string, token: Token = this.peek(), code: AdqlCode = 'ADQL_SYNTAX'): never {
    this.report(code, message, this.tokenSpan(token));
    throw new Bail(message);
  }

  failAt(message: string, span: Span, code: AdqlCode = 'ADQL_BAD_ARGUMENTS'): never {
    this.report(code, message, span);
    throw new Bail(message);
  }

  /** Records a diagnostic without abandoning; one error per source position (no cascades at the same place). */
  report(code: AdqlCode, message: string, span: Span, severity: 'error' | 'warning' = 'error'): void {
    if (severity === 'error') {
      for (const d of this.diagnostics) {
        if (d.severity === 'error' && d.span.start.offset === span.start.offset) return;
      }
    }
    this.diagnostics.push(diagnostic(code, message, span, severity));
  }

  /** An ADQL 2.1 feature used while parsing as ADQL 2.0. */
  requires21(feature: string, span: Span): void {
    if (this.v20)
      this.report('ADQL_NOT_IN_VERSION', `${feature} is not part of ADQL 2.0 (it was added in ADQL 2.1)`, span);
  }

  enter(): void {
    if (++this.depth > MAX_DEPTH) {
      this.depth = 0;
      this.report(
        'ADQL_TOO_DEEP',
        `the query is nested more than ${MAX_DEPTH} levels deep`,
        this.tokenSpan(this.peek()),
      );
      this.speculating = 0;
      throw new TooDeep();
    }
  }

  leave(): void {
    this.depth--;
  }

  /** Runs `fn`; if it fails (or reports an error), rewinds the cursor and the diagnostics and returns null. */
  speculate<T>(fn: () => T): T | null {
    const pos = this.pos;
    const depth = this.depth;
    const count = this.diagnostics.length;
    this.speculating++;
    try {
      const r = fn();
      if (this.diagnostics.slice(count).some((d) => d.severity === 'error')) throw new Bail('speculation');
      return r;
    } catch (e) {
      if (!(e instanceof Bail)) throw e;
      this.pos = pos;
      this.depth = depth;
      this.diagnostics.length = count;
      return null;
    } finally {
      this.speculating--;
    }
  }
}

/** Nesting limit reached: abandons the whole parse (not caught by recovery or speculation). */
export class TooDeep extends Error {}
