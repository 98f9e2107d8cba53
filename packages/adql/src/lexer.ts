// Hand-written ADQL lexer. ADQL 2.1 §2.1 (characters, keywords, identifiers, literals) and the BNF tokens
// (<token>, <delimiter_token>, <nondelimiter_token>). It never throws: bad input becomes an error token plus a
// diagnostic, and lexing continues.
import { type Diagnostic, diagnostic } from './diagnostics.ts';
import { ADDED_IN_2_1, isReservedWord } from './keywords.ts';
import type { LineIndex } from './span.ts';

export type TokenType =
  | 'identifier' // regular identifier, not a reserved word
  | 'delimited' // "delimited identifier"
  | 'keyword' // reserved word (value is upper-case)
  | 'string' // character string literal (adjacent pieces joined)
  | 'number' // unsigned numeric literal
  | 'operator' // punctuation and operators
  | 'eof';

export interface Token {
  readonly type: TokenType;
  /** Identifier name (delimited: without quotes, "" unescaped), keyword in upper case, string value, number text, operator. */
  readonly value: string;
  /** Start and end offsets in the source. */
  readonly start: number;
  readonly end: number;
  /** For numbers: 'integer' | 'decimal' | 'real' | 'hex'. */
  readonly numberForm?: NumberForm;
}

export type NumberForm = 'integer' | 'decimal' | 'real' | 'hex';

export interface LexOptions {
  /** ADQL version: in 2.0 the words ADQL 2.1 added (OFFSET, ILIKE, IN_UNIT, BIGINT) are plain names. */
  version?: '2.0' | '2.1';
}

const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number) => c >= 48 && c <= 57;
const isHexDigit = (c: number) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;

// ADQL 2.1 BNF <SQL_special_character>, <not_equals_operator>, <concatenation_operator>, comparison operators;
// plus the bitwise operators & | ^ ~ (see parse-expr.ts).
const TWO_CHAR_OPS = new Set(['<>', '!=', '<=', '>=', '||']);
const ONE_CHAR_OPS = new Set(['(', ')', ',', '.', '*', '+', '-', '/', '<', '>', '=', ';', '&', '|', '^', '~', '%']);

export function lex(text: string, lines: LineIndex, diagnostics: Diagnostic[], options: LexOptions = {}): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  const v20 = options.version === '2.0';
  let i = 0;
  const error = (code: Parameters<typeof diagnostic>[0], message: string, start: number, end: number) =>
    diagnostics.push(diagnostic(code, message, lines.span(start, Math.max(end, start))));

  /** Skips white space and `--` comments (ADQL 2.1 BNF <comment>: two or more minus signs to the end of the line). */
  const skipTrivia = (from: number): number => {
    let j = from;
    for (;;) {
      while (j < n && isSpace(text.charCodeAt(j))) j++;
      if (text.charCodeAt(j) === 45 && text.charCodeAt(j + 1) === 45) {
        while (j < n && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j++;
        continue;
      }
      return j;
    }
  };

  for (;;) {
    i = skipTrivia(i);
    if (i >= n) break;
    const start = i;
    const c = text.charCodeAt(i);

    if (isLetter(c)) {
      // ADQL 2.1 §2.1.3 / BNF <regular_identifier>: a letter, then letters, digits or underscores.
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (isLetter(d) || isDigit(d) || d === 95) i++;
        else break;
      }
      if (i < n && text.charCodeAt(i) > 127 && /\p{L}/u.test(text[i])) {
        // e.g. `grégory`: non-ASCII letters are not allowed in regular identifiers.
        let j = i;
        while (j < n && (/[\p{L}\p{N}_]/u.test(text[j]) || isLetter(text.charCodeAt(j)))) j++;
        error(
          'ADQL_BAD_CHARACTER',
          `'${text.slice(start, j)}' contains the character '${text[i]}', which is not allowed in a name: only ` +
            `the letters A-Z, digits and '_' are; write it as a delimited identifier ("${text.slice(start, j)}")`,
          i,
          i + 1,
        );
        tokens.push({ type: 'identifier', value: text.slice(start, j), start, end: j });
        i = j;
        continue;
      }
      const word = text.slice(start, i);
      const upper = word.toUpperCase();
      if (isReservedWord(upper) && !(v20 && ADDED_IN_2_1.has(upper))) {
        tokens.push({ type: 'keyword', value: upper, start, end: i });
      } else {
        tokens.push({ type: 'identifier', value: word, start, end: i });
      }
      continue;
    }

    if (c === 34) {
      // ADQL 2.1 §2.1.3 / BNF <delimited_identifier>: "..." with "" standing for one double quote.
      const { value, end: j, closed } = readQuoted(text, i + 1, 34);
      if (!closed) {
        error(
          'ADQL_UNTERMINATED_IDENTIFIER',
          'this quoted name has no closing double quote (") before the end of the query',
          start,
          start + 1,
        );
      } else if (value.length === 0) {
        error('ADQL_BAD_IDENTIFIER', 'a quoted name cannot be empty ("")', start, j);
      }
      tokens.push({ type: 'delimited', value, start, end: j });
      i = j;
      continue;
    }

    if (c === 39) {
      // ADQL 2.1 §2.1.4 / BNF <character_string_literal>: '...' with '' standing for one quote. As in SQL-92
      // (<character string literal> ::= <quote>...<quote> { <separator> <quote>...<quote> }), pieces separated
      // only by white space or comments form one literal: 'ab' 'cd' is 'abcd'.
      let value = '';
      let j = i;
      let end = i;
      for (;;) {
        const pieceStart = j;
        const piece = readQuoted(text, j + 1, 39);
        value += piece.value;
        j = piece.end;
        if (!piece.closed) {
          error(
            'ADQL_UNTERMINATED_STRING',
            "this string has no closing quote (') before the end of the query",
            pieceStart,
            pieceStart + 1,
          );
          end = n;
          break;
        }
        end = j;
        const next = skipTrivia(j);
        if (next > j && text.charCodeAt(next) === 39) {
          j = next;
          continue;
        }
        break;
      }
      tokens.push({ type: 'string', value, start, end });
      i = end;
      continue;
    }

    if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      i = lexNumber(text, i, tokens, error);
      continue;
    }

    if (c === 95) {
      // '_weird': ADQL 2.1 §2.1.3, a regular identifier starts with a letter.
      let j = i;
      while (j < n && (isLetter(text.charCodeAt(j)) || isDigit(text.charCodeAt(j)) || text.charCodeAt(j) === 95)) j++;
      const word = text.slice(i, j);
      error(
        'ADQL_BAD_IDENTIFIER',
        `'${word}' is not a valid name: a name must start with a letter; write it as a delimited identifier ("${word}")`,
        i,
        j,
      );
      tokens.push({ type: 'identifier', value: word, start, end: j });
      i = j;
      continue;
    }

    const two = text.slice(i, i + 2);
    if (two === '/*') {
      error(
        'ADQL_SYNTAX',
        'ADQL has no /* ... */ comments: comments start with -- and run to the end of the line',
        i,
        i + 2,
      );
    }
    if (TWO_CHAR_OPS.has(two)) {
      tokens.push({ type: 'operator', value: two, start, end: i + 2 });
      i += 2;
      continue;
    }
    const one = text[i];
    if (ONE_CHAR_OPS.has(one)) {
      tokens.push({ type: 'operator', value: one, start, end: i + 1 });
      i++;
      continue;
    }
    // Anything else cannot start a token (ADQL 2.1 §2.1.1: the character set is Latin letters, digits and the SQL
    // special characters). Report it and skip the whole code point.
    const cp = text.codePointAt(i) ?? c;
    const width = cp > 0xffff ? 2 : 1;
    error(
      'ADQL_BAD_CHARACTER',
      `the character '${String.fromCodePoint(cp)}' is not allowed here (outside quotes ADQL only uses the letters ` +
        `A-Z, digits, white space and the operators ( ) , . * + - / < > = || ; )`,
      i,
      i + width,
    );
    i += width;
  }
  tokens.push({ type: 'eof', value: '', start: n, end: n });
  return tokens;
}

/**
 * ADQL 2.1 BNF <unsigned_numeric_literal>: <exact_numeric_literal> (`12`, `12.`, `12.5`, `.5`) or
 * <approximate_numeric_literal> (`1.5E-3`, the exponent a <signed_integer>). Hexadecimal `0x1F` is accepted as
 * an unsigned integer (flagged by the parser as an extension: it is not in the 2.1 BNF).
 */
/**
 * Reads a quoted token body from `from` (just after the opening quote `quote`) to the closing quote, a doubled quote
 * standing for one (ADQL 2.1 BNF <delimited_identifier> and <character_string_literal>). `end` is just past the
 * closing quote, or the end of the text when there is none.
 */
function readQuoted(text: string, from: number, quote: number): { value: string; end: number; closed: boolean } {
  let value = '';
  let j = from;
  while (j < text.length) {
    if (text.charCodeAt(j) === quote) {
      if (text.charCodeAt(j + 1) === quote) {
        value += text[j];
        j += 2;
        continue;
      }
      return { value, end: j + 1, closed: true };
    }
    value += text[j];
    j++;
  }
  return { value, end: j, closed: false };
}

function lexNumber(
  text: string,
  i: number,
  tokens: Token[],
  error: (code: 'ADQL_BAD_NUMBER', message: string, start: number, end: number) => void,
): number {
  const n = text.length;
  const start = i;
  let form: NumberForm = 'integer';
  if (text.charCodeAt(i) === 48 && (text[i + 1] === 'x' || text[i + 1] === 'X') && isHexDigit(text.charCodeAt(i + 2))) {
    i += 2;
    while (i < n && isHexDigit(text.charCodeAt(i))) i++;
    form = 'hex';
  } else {
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) === 46) {
      form = 'decimal';
      i++;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    }
    if (text[i] === 'e' || text[i] === 'E') {
      let j = i + 1;
      if (text[j] === '+' || text[j] === '-') j++;
      if (isDigit(text.charCodeAt(j))) {
        while (j < n && isDigit(text.charCodeAt(j))) j++;
        form = 'real';
        i = j;
      }
    }
  }
  // As in SQL, a number ends where its digits end: `89x` is the number 89 followed by the name x (an alias),
  // `2desc` is 2 DESC (lyonetia gavo cases).
  void error;
  tokens.push({ type: 'number', value: text.slice(start, i), start, end: i, numberForm: form });
  return i;
}
