// A FITS header: an ordered list of cards (FITS 4.0 §4.3-4.4), parsed from 2880-byte blocks and written back.
import { type Card, type CardValue, formatCard, isCommentaryKeyword, normalizeKeyword, parseCard } from './card.ts';
import { diagnostic, type FitsDiagnostic } from './diagnostics.ts';

export const BLOCK_SIZE = 2880; // FITS 4.0 §3.1
export const CARD_SIZE = 80;

/** Rounds a byte count up to whole 2880-byte blocks (FITS 4.0 §3.1). */
export function padToBlock(n: number): number {
  return Math.ceil(n / BLOCK_SIZE) * BLOCK_SIZE;
}

/**
 * An ordered list of cards, without the END card. Keyword look-ups are case-insensitive and, for HIERARCH cards,
 * ignore the `HIERARCH ` prefix. Keywords other than commentary ones appear once in a conforming header
 * (FITS 4.0 §4.1.2.1); where a file repeats one, `get` returns the FIRST occurrence (as CFITSIO does).
 * Long strings continued over CONTINUE cards are held as one card with the whole string (§4.2.1.2).
 */
export class Header {
  readonly cards: Card[];

  constructor(cards: Card[] = []) {
    this.cards = [...cards];
  }

  private indexOf(keyword: string): number {
    const k = normalizeKeyword(keyword);
    return this.cards.findIndex((c) => normalizeKeyword(c.keyword) === k);
  }

  /** The card of a keyword (first occurrence), or undefined. */
  card(keyword: string): Card | undefined {
    const i = this.indexOf(keyword);
    return i < 0 ? undefined : this.cards[i];
  }

  /** Value of the first card with this keyword; undefined when absent or commentary. */
  get(keyword: string): CardValue | undefined {
    return this.card(keyword)?.value;
  }

  /** Numeric value (a bigint is converted to number); `fallback` when absent or not a number. */
  getNumber(keyword: string, fallback?: number): number | undefined {
    const v = this.get(keyword);
    if (typeof v === 'number') return v;
    if (typeof v === 'bigint') return Number(v);
    return fallback;
  }

  /** Integer value kept exact (bigint beyond 2^53); `fallback` when absent or not an integer. */
  getInteger(keyword: string, fallback?: number): number | bigint | undefined {
    const v = this.get(keyword);
    if (typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v))) return v;
    return fallback;
  }

  getString(keyword: string, fallback?: string): string | undefined {
    const v = this.get(keyword);
    return typeof v === 'string' ? v : fallback;
  }

  getBoolean(keyword: string, fallback?: boolean): boolean | undefined {
    const v = this.get(keyword);
    return typeof v === 'boolean' ? v : fallback;
  }

  getComment(keyword: string): string | undefined {
    return this.card(keyword)?.comment;
  }

  has(keyword: string): boolean {
    return this.indexOf(keyword) >= 0;
  }

  /** Texts of all commentary cards with this keyword (COMMENT, HISTORY or '' for blank), in order. */
  commentary(keyword: 'COMMENT' | 'HISTORY' | ''): string[] {
    return this.cards.filter((c) => c.keyword === keyword && c.value === undefined).map((c) => c.comment ?? '');
  }

  /** Sets the value (and comment, when given) of the first card with this keyword, or appends a new card. */
  set(keyword: string, value: CardValue, comment?: string): this {
    const i = this.indexOf(keyword);
    if (i >= 0 && !isCommentaryKeyword(keyword)) {
      const card: Card = { ...this.cards[i], value };
      if (comment !== undefined) card.comment = comment;
      this.cards[i] = card;
    } else {
      const card: Card = { keyword, value };
      if (comment !== undefined) card.comment = comment;
      this.cards.push(card);
    }
    return this;
  }

  /** Appends a card as it is (commentary cards, or a repeated keyword on purpose). */
  add(card: Card): this {
    this.cards.push({ ...card });
    return this;
  }

  /** Inserts a card before position `index` of `cards`. */
  insert(index: number, card: Card): this {
    this.cards.splice(index, 0, { ...card });
    return this;
  }

  /** Removes every card with this keyword. */
  delete(keyword: string): this {
    const k = normalizeKeyword(keyword);
    for (let i = this.cards.length - 1; i >= 0; i--) {
      if (normalizeKeyword(this.cards[i].keyword) === k) this.cards.splice(i, 1);
    }
    return this;
  }

  clone(): Header {
    return new Header(this.cards.map((c) => ({ ...c })));
  }

  /** The header as 80-character card images, END included, without padding. */
  toString(): string {
    return this.cards.map(formatCard).join('') + 'END'.padEnd(CARD_SIZE);
  }

  /** The header as bytes: cards, END, padded with blanks to whole 2880-byte blocks (FITS 4.0 §3.3.1, §4.4.1). */
  toBytes(): Uint8Array {
    const text = this.toString();
    const bytes = new Uint8Array(padToBlock(text.length)).fill(0x20);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return bytes;
  }
}

/** Merges CONTINUE cards into the string card before them (FITS 4.0 §4.2.1.2); used while parsing. */
class CardCollector {
  readonly cards: Card[] = [];
  private continuable = false;

  push(card: Card, diagnostics: FitsDiagnostic[], offset?: number): void {
    if (card.keyword === 'CONTINUE') {
      const prev = this.cards[this.cards.length - 1];
      if (this.continuable && prev && typeof prev.value === 'string' && typeof card.value === 'string') {
        prev.value = prev.value.slice(0, -1) + card.value;
        if (card.comment) prev.comment = prev.comment ? `${prev.comment} ${card.comment}` : card.comment;
        this.continuable = card.value.endsWith('&');
        return;
      }
      diagnostics.push(
        diagnostic('FITS_BAD_CONTINUE', 'CONTINUE card does not follow a string value ending in "&"', offset),
      );
      this.cards.push({ keyword: 'CONTINUE', comment: formatCard(card).slice(8).trimEnd() });
      this.continuable = false;
      return;
    }
    this.continuable = typeof card.value === 'string' && card.value.endsWith('&');
    this.cards.push(card);
  }
}

const LATIN1 = new TextDecoder('latin1');

function latin1(bytes: Uint8Array, start: number, end: number): string {
  return LATIN1.decode(bytes.subarray(start, end));
}

/**
 * Parses header cards from `offset` up to and including END. `endOffset` is the byte after the header's last
 * 2880-byte block (where the data unit starts, FITS 4.0 §3.3.1); it may lie beyond `bytes.length` when the input
 * holds only the cards (as `.hdr` files do). A missing END is an error diagnostic; the cards read are returned.
 */
export function parseHeader(
  bytes: Uint8Array,
  offset = 0,
): { header: Header; endOffset: number; diagnostics: FitsDiagnostic[]; complete: boolean } {
  const diagnostics: FitsDiagnostic[] = [];
  const collector = new CardCollector();
  let pos = offset;
  let complete = false;
  while (pos + CARD_SIZE <= bytes.length) {
    const image = latin1(bytes, pos, pos + CARD_SIZE);
    const at = pos;
    pos += CARD_SIZE;
    if (image.startsWith('END') && image.slice(3, 8).trim() === '') {
      if (image.slice(8).trim() !== '') {
        diagnostics.push(diagnostic('FITS_END_NOT_BLANK', 'bytes 9-80 of the END card are not blank', at));
      }
      complete = true;
      break;
    }
    const { card, diagnostics: d } = parseCard(image);
    for (const x of d) diagnostics.push({ ...x, offset: at });
    collector.push(card, diagnostics, at);
  }
  if (!complete) diagnostics.push(diagnostic('FITS_NO_END', 'header has no END card', pos));
  const endOffset = offset + padToBlock(pos - offset);
  return { header: new Header(collector.cards), endOffset, diagnostics, complete };
}

/**
 * Parses a header kept as text: either 80-character cards one per line (as `fitsheader` prints, lines starting
 * with "#" and empty lines skipped), or cards run together without newlines (`.hdr` files). Stops at END.
 */
export function parseHeaderText(text: string): { header: Header; diagnostics: FitsDiagnostic[] } {
  const lines = text.includes('\n')
    ? text.split(/\r?\n/).filter((l) => l !== '' && !l.startsWith('#'))
    : (text.match(/.{1,80}/gs) ?? []);
  const diagnostics: FitsDiagnostic[] = [];
  const collector = new CardCollector();
  for (const [n, line] of lines.entries()) {
    if (/^END\s*$/.test(line.slice(0, 80))) break;
    const { card, diagnostics: d } = parseCard(line.length > CARD_SIZE ? line.slice(0, CARD_SIZE) : line);
    for (const x of d) diagnostics.push({ ...x, message: `card ${n + 1}: ${x.message}` });
    collector.push(card, diagnostics);
  }
  return { header: new Header(collector.cards), diagnostics };
}
