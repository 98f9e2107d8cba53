// One 80-character header card (FITS 4.0 §4.1 "keyword records"): parse a card image into keyword/value/comment,
// and format a card back into one or more 80-character images (several when a long string needs CONTINUE cards).
import { diagnostic, type FitsDiagnostic } from './diagnostics.ts';

/** A complex value (FITS 4.0 §4.2.5-4.2.6). */
export interface Complex {
  re: number;
  im: number;
}

/**
 * A card value: string (§4.2.1), logical (§4.2.2), integer (§4.2.3; `bigint` beyond ±2^53), real (§4.2.4),
 * complex (§4.2.5-6), or `null` for a keyword whose value field is blank ("undefined value", §4.1.2.3).
 */
export type CardValue = string | number | bigint | boolean | null | Complex;

/**
 * A header card. Commentary cards (COMMENT, HISTORY, blank keyword, or any card without "= " in bytes 9-10,
 * FITS 4.0 §4.4.2.4 and §4.1.2.2) have `value` undefined and their text in `comment`.
 * HIERARCH cards (ESO convention, registered in the FITS convention registry) carry their keyword without the
 * `HIERARCH ` prefix, with its case kept, e.g. `ESO INS SLIT2 Y1FRML`.
 */
export interface Card {
  keyword: string;
  value?: CardValue;
  comment?: string;
}

export const CARD_LENGTH = 80;
/** Keywords whose cards are commentary text (FITS 4.0 §4.4.2.4). */
export const COMMENTARY_KEYWORDS = new Set(['COMMENT', 'HISTORY', '']);

const STANDARD_KEYWORD = /^[A-Z0-9_-]{0,8}$/; // FITS 4.0 §4.1.2.1
const INTEGER = /^[+-]?\d+$/; // FITS 4.0 §4.2.3
const REAL = /^[+-]?(\d+\.?\d*|\.\d+)([ED][+-]?\d+)?$/; // FITS 4.0 §4.2.4 (exponent letter E or D)
const LOOSE_REAL = /^[+-]?(\d+\.?\d*|\.\d+)([EDed][+-]?\d+)?$/;
const NUMBER_TEXT = String.raw`[+-]?(?:\d+\.?\d*|\.\d+)(?:[EDed][+-]?\d+)?`;
const COMPLEX = new RegExp(String.raw`^\(\s*(${NUMBER_TEXT})\s*,\s*(${NUMBER_TEXT})\s*\)$`); // FITS 4.0 §4.2.5-6

export function isCommentaryKeyword(keyword: string): boolean {
  return COMMENTARY_KEYWORDS.has(keyword.toUpperCase());
}

/** Keyword as stored and compared: HIERARCH prefix dropped, standard (≤8 char) keywords upper-cased. */
export function normalizeKeyword(keyword: string): string {
  const m = /^HIERARCH\s+(.*)$/i.exec(keyword);
  const k = (m ? m[1] : keyword).trim().replace(/\s+/g, ' ');
  return k.toUpperCase();
}

/** True when the keyword needs the ESO HIERARCH convention (longer than 8 chars or characters outside §4.1.2.1). */
export function needsHierarch(keyword: string): boolean {
  return /^HIERARCH\s/i.test(keyword) || !STANDARD_KEYWORD.test(keyword.toUpperCase());
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing

interface ParsedValue {
  value: CardValue;
  comment?: string;
  /** The raw string value before the CONTINUE '&' handling (strings only). */
  isString: boolean;
}

/** Parses a number in FITS free format: integer (bigint beyond 2^53) or real with E or D exponent. */
export function parseFitsNumber(text: string): number | bigint | undefined {
  if (INTEGER.test(text)) {
    const n = Number(text);
    if (Number.isSafeInteger(n)) return n;
    return BigInt(text);
  }
  if (LOOSE_REAL.test(text)) return Number(text.replace(/[Dd]/, 'e'));
  return undefined;
}

function parseComment(rest: string, diagnostics: FitsDiagnostic[]): string | undefined {
  const t = rest.trim();
  if (t === '') return undefined;
  if (t.startsWith('/')) {
    const c = t.slice(1).trim();
    return c === '' ? undefined : c;
  }
  diagnostics.push(
    diagnostic('FITS_BAD_VALUE', `text after the value is not a comment (no "/"): ${JSON.stringify(t)}`),
  );
  return t;
}

/** Parses the value/comment field (FITS 4.0 §4.1.2.3, bytes 11-80 of a value card). */
export function parseValueField(field: string, diagnostics: FitsDiagnostic[]): ParsedValue {
  let i = 0;
  while (i < field.length && field[i] === ' ') i++;
  if (i === field.length) return { value: null, isString: false }; // undefined value, §4.1.2.3
  if (field[i] === '/') {
    const c = field.slice(i + 1).trim();
    return c === '' ? { value: null, isString: false } : { value: null, comment: c, isString: false };
  }
  if (field[i] === "'") {
    // §4.2.1.1: a quote inside the string is written as two successive quotes; trailing blanks are not significant.
    let j = i + 1;
    let s = '';
    let closed = false;
    while (j < field.length) {
      const ch = field[j];
      if (ch === "'") {
        if (field[j + 1] === "'") {
          s += "'";
          j += 2;
          continue;
        }
        closed = true;
        j++;
        break;
      }
      s += ch;
      j++;
    }
    if (!closed) diagnostics.push(diagnostic('FITS_UNTERMINATED_STRING', 'string value has no closing quote'));
    const comment = parseComment(field.slice(j), diagnostics);
    const out: ParsedValue = { value: s.trimEnd(), isString: true };
    if (comment !== undefined) out.comment = comment;
    return out;
  }
  const slash = field.indexOf('/', i);
  const text = (slash < 0 ? field.slice(i) : field.slice(i, slash)).trim();
  const comment = slash < 0 ? undefined : field.slice(slash + 1).trim() || undefined;
  const withComment = (v: CardValue, isString = false): ParsedValue =>
    comment === undefined ? { value: v, isString } : { value: v, comment, isString };
  if (text === 'T') return withComment(true); // §4.2.2
  if (text === 'F') return withComment(false);
  if (INTEGER.test(text) || REAL.test(text)) return withComment(parseFitsNumber(text) as number | bigint);
  const cm = COMPLEX.exec(text);
  if (cm) return withComment({ re: Number(cm[1].replace(/[Dd]/, 'e')), im: Number(cm[2].replace(/[Dd]/, 'e')) });
  // Not standard, but readable: embedded blanks or a lower-case exponent, as in "+  2.1   e + 12".
  const compact = text.replace(/\s+/g, '');
  const loose = parseFitsNumber(compact);
  if (loose !== undefined) {
    diagnostics.push(diagnostic('FITS_NONSTANDARD_NUMBER', `number ${JSON.stringify(text)} read as ${loose}`));
    return withComment(loose);
  }
  diagnostics.push(
    diagnostic('FITS_UNQUOTED_STRING', `value ${JSON.stringify(text)} is not a FITS value; read as a string`),
  );
  return withComment(text, true);
}

/**
 * Parses one card image (up to 80 characters; shorter images are padded with blanks).
 * Never throws: problems become diagnostics and the card is read as well as it can be.
 */
export function parseCard(image: string): { card: Card; diagnostics: FitsDiagnostic[] } {
  const diagnostics: FitsDiagnostic[] = [];
  if (/[^\x20-\x7e]/.test(image)) {
    diagnostics.push(diagnostic('FITS_NON_ASCII_CARD', 'card holds characters outside printable ASCII'));
    image = image.replace(/[^\x20-\x7e]/g, ' ');
  }
  const img = image.length >= CARD_LENGTH ? image.slice(0, CARD_LENGTH) : image.padEnd(CARD_LENGTH);
  const kwField = img.slice(0, 8);
  const kwUpper = kwField.trimEnd().toUpperCase();

  // ESO HIERARCH convention: "HIERARCH word word ... = value / comment"; the value indicator may sit anywhere.
  if (kwUpper === 'HIERARCH') {
    const rest = img.slice(8);
    const eq = rest.indexOf('=');
    if (eq >= 0) {
      const keyword = rest.slice(0, eq).trim().replace(/\s+/g, ' ');
      const v = parseValueField(rest.slice(eq + 1), diagnostics);
      return { card: makeCard(keyword, v), diagnostics };
    }
    return { card: { keyword: 'HIERARCH', comment: rest.trimEnd() }, diagnostics };
  }

  let keyword = kwField.trim();
  if (kwField !== kwField.trimStart() && keyword !== '') {
    diagnostics.push(diagnostic('FITS_BAD_KEYWORD', `keyword ${JSON.stringify(kwField)} is not left-justified`));
  }
  // Commentary keywords: bytes 9-80 are text whatever they hold (§4.4.2.4).
  if (COMMENTARY_KEYWORDS.has(kwUpper)) {
    return { card: { keyword: kwUpper, comment: img.slice(8).trimEnd() }, diagnostics };
  }
  // CONTINUE: bytes 9-10 blank, string value from byte 11 (§4.2.1.2).
  if (kwUpper === 'CONTINUE') {
    const v = parseValueField(img.slice(8), diagnostics);
    return { card: makeCard('CONTINUE', v), diagnostics };
  }
  let valueField: string | undefined;
  if (img[8] === '=' && img[9] === ' ') {
    valueField = img.slice(10);
  } else if (kwField.includes('=')) {
    // "XYZ= 100": the value indicator is before byte 9. Not standard; read it as astropy does.
    const eq = img.indexOf('=');
    keyword = img.slice(0, eq).trim();
    valueField = img.slice(eq + 1);
    diagnostics.push(diagnostic('FITS_MISPLACED_VALUE_INDICATOR', `"=" in byte ${eq + 1} instead of byte 9`));
  } else if (img[8] === '=') {
    valueField = img.slice(9);
    diagnostics.push(diagnostic('FITS_MISPLACED_VALUE_INDICATOR', '"=" in byte 9 is not followed by a blank'));
  }
  if (keyword !== keyword.toUpperCase() || !STANDARD_KEYWORD.test(keyword.toUpperCase())) {
    diagnostics.push(
      diagnostic('FITS_BAD_KEYWORD', `keyword ${JSON.stringify(keyword)} has characters outside A-Z 0-9 - _`),
    );
  }
  keyword = keyword.toUpperCase();
  if (keyword === 'END') return { card: { keyword }, diagnostics };
  if (valueField === undefined) {
    // No value indicator: bytes 9-80 are commentary (§4.1.2.2).
    const text = img.slice(8).trimEnd();
    return { card: text === '' ? { keyword } : { keyword, comment: text }, diagnostics };
  }
  return { card: makeCard(keyword, parseValueField(valueField, diagnostics)), diagnostics };
}

function makeCard(keyword: string, v: ParsedValue): Card {
  const card: Card = { keyword, value: v.value };
  if (v.comment !== undefined) card.comment = v.comment;
  return card;
}

// ---------------------------------------------------------------------------------------------------------------
// Formatting (fixed format, FITS 4.0 §4.2: strings start in byte 11, other values end in byte 30)

function formatReal(v: number): string {
  if (!Number.isFinite(v)) throw new RangeError(`FITS cannot hold ${v} in a header (FITS 4.0 §4.2.4)`);
  const fix = (s: string): string => {
    const e = s.indexOf('e');
    if (e < 0) return s.includes('.') ? s : `${s}.0`;
    const mant = s.slice(0, e);
    const exp = Number(s.slice(e + 1));
    const sign = exp < 0 ? '-' : '+';
    return `${mant.includes('.') ? mant : `${mant}.0`}E${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  };
  let s = fix(String(v));
  for (let p = 16; s.length > 20 && p > 0; p--) s = fix(v.toExponential(p));
  return s;
}

/** Formats a value as it appears in bytes 11-30 (or beyond for long strings), without padding. */
export function formatValue(value: CardValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return `'${value.replace(/'/g, "''").padEnd(8)}'`; // §4.2.1.1: at least 8 chars
  if (typeof value === 'boolean') return value ? 'T' : 'F';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    return Number.isInteger(value) && Math.abs(value) < 1e15 ? String(value) : formatReal(value);
  }
  return `(${formatNumberInComplex(value.re)}, ${formatNumberInComplex(value.im)})`;
}

function formatNumberInComplex(v: number): string {
  return Number.isInteger(v) && Math.abs(v) < 1e15 ? String(v) : formatReal(v);
}

/** Splits text into pieces of at most `width` characters, breaking after blanks where it can (as astropy does). */
function wordsGroup(s: string, width: number): string[] {
  const blanks: number[] = [];
  for (let i = 0; i < s.length; i++) if (s[i] === ' ') blanks.push(i);
  blanks.push(s.length);
  const words: string[] = [];
  let xoffset = 0;
  for (;;) {
    let loc = blanks.findIndex((b) => b >= width + xoffset);
    if (loc < 0) loc = blanks.length;
    let offset = loc > 0 ? blanks[loc - 1] + 1 : -1;
    if (offset <= xoffset) offset = Math.min(xoffset + width, s.length);
    words.push(s.slice(xoffset, offset));
    if (offset >= s.length) break;
    xoffset = offset;
  }
  return words;
}

/** A long string as a value card followed by CONTINUE cards (FITS 4.0 §4.2.1.2, the '&' convention). */
function formatLongString(keyword: string, value: string, comment: string | undefined): string {
  const out: string[] = [];
  const words = wordsGroup(value.replace(/'/g, "''"), 67);
  words.forEach((word, i) => {
    const head = i === 0 ? `${keyword.padEnd(8)}= ` : 'CONTINUE  ';
    const last = !comment && i === words.length - 1;
    out.push(`${head}'${word}${last ? '' : '&'}'`.padEnd(CARD_LENGTH));
  });
  if (comment) {
    const parts = wordsGroup(comment, 64);
    parts.forEach((part, i) => {
      const head = i === parts.length - 1 ? "CONTINUE  '' / " : "CONTINUE  '&' / ";
      out.push(`${head}${part}`.padEnd(CARD_LENGTH));
    });
  }
  return out.join('');
}

/**
 * Formats a card into 80-character images, concatenated (no newlines): one image, or several for a long string
 * (CONTINUE) or long commentary text (split over several cards of the same keyword). Comments that do not fit are
 * truncated at byte 80. Throws RangeError for values FITS cannot hold (NaN, ±Infinity, a HIERARCH card too long).
 */
export function formatCard(card: Card): string {
  const raw = card.keyword ?? '';
  const texts = [raw, card.comment ?? '', typeof card.value === 'string' ? card.value : ''];
  if (texts.some((t) => /[^\x20-\x7e]/.test(t))) {
    throw new RangeError(`card ${JSON.stringify(raw)} holds characters outside printable ASCII (FITS 4.0 §4.1.1)`);
  }
  const hierarch = raw.trim() !== '' && needsHierarch(raw);
  const keyword = hierarch ? raw.replace(/^HIERARCH\s+/i, '').trim() : raw.trim().toUpperCase();
  if (card.value === undefined) {
    if (keyword === 'END') return 'END'.padEnd(CARD_LENGTH);
    // Commentary (§4.4.2.4) or a keyword without value indicator (§4.1.2.2): text in bytes 9-80.
    const text = card.comment ?? '';
    const name = hierarch ? `HIERARCH ${keyword} ` : keyword.padEnd(8);
    const width = CARD_LENGTH - name.length;
    if (text.length <= width) return `${name}${text}`.padEnd(CARD_LENGTH);
    const out: string[] = [];
    for (let i = 0; i < text.length; i += width) out.push(`${name}${text.slice(i, i + width)}`.padEnd(CARD_LENGTH));
    return out.join('');
  }
  let name = hierarch ? `HIERARCH ${keyword} ` : keyword.padEnd(8);
  const v = formatValue(card.value);
  const value = typeof card.value === 'string' ? v.padEnd(20) : v.padStart(20);
  const comment = card.comment ? ` / ${card.comment}` : '';
  let length = name.length + 2 + value.length;
  if (hierarch && length > CARD_LENGTH) {
    if (length === CARD_LENGTH + 1) {
      name = name.slice(0, -1); // "HIERARCH key= value" when the blank before "=" does not fit
      length--;
    } else {
      throw new RangeError(`HIERARCH keyword ${JSON.stringify(keyword)} with its value does not fit in 80 characters`);
    }
  }
  const image = `${name}= ${value}${comment}`;
  if (image.length <= CARD_LENGTH) return image.padEnd(CARD_LENGTH);
  if (!hierarch && typeof card.value === 'string' && v.length > CARD_LENGTH - 10) {
    return formatLongString(keyword, card.value, card.comment);
  }
  return image.slice(0, CARD_LENGTH);
}

/** Splits concatenated 80-character images (as returned by formatCard) into an array of images. */
export function splitCardImages(images: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < images.length; i += CARD_LENGTH) out.push(images.slice(i, i + CARD_LENGTH));
  return out;
}
