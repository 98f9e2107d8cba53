// The smallest header interface the WCS code needs, so it works with `Header` from ../header.ts (whose `get`
// returns string | number | bigint | boolean | null | {re, im}) and with plain maps built in tests.

export interface HeaderLike {
  get(keyword: string): unknown;
}

/** A numeric keyword value, or undefined when the card is absent or not a number (bigints are converted). */
export function headerNumber(header: HeaderLike, keyword: string): number | undefined {
  const v = header.get(keyword);
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v.trim()))) return Number(v.trim());
  return undefined;
}

/** A string keyword value with trailing blanks removed (FITS 4.0 §4.2.1.1: trailing spaces are not significant). */
export function headerString(header: HeaderLike, keyword: string): string | undefined {
  const v = header.get(keyword);
  return typeof v === 'string' ? v.replace(/ +$/, '') : undefined;
}

/** A HeaderLike over a plain record or Map (keywords upper-case), for building headers in code and tests. */
export function headerFromRecord(cards: Record<string, unknown> | Map<string, unknown>): HeaderLike {
  const map = cards instanceof Map ? cards : new Map(Object.entries(cards));
  return { get: (k: string) => map.get(k.toUpperCase()) };
}
