// XML text and attribute escaping for everything the writers emit (XML 1.0 §2.4 character data, §3.3.3 attribute
// value normalisation). Characters XML 1.0 cannot carry at all (C0 controls except TAB/LF/CR, lone surrogates,
// U+FFFE/U+FFFF; XML 1.0 §2.2 Char) are replaced by U+FFFD so the document stays well-formed.

// Built from strings: the character classes name control characters on purpose.
const FORBIDDEN = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF';
const LONE_SURROGATE = '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const NEEDS_TEXT = new RegExp(`[&<>${FORBIDDEN}\\uD800-\\uDFFF]`);
const C0 = '\\u0000-\\u001F';
const NEEDS_ATTR = new RegExp(`[&<>"${C0}\\uD800-\\uDFFF\\uFFFE\\uFFFF]`);
const TEXT_ALL = new RegExp(`[&<>${FORBIDDEN}]|${LONE_SURROGATE}`, 'g');
const ATTR_ALL = new RegExp(`[&<>"${C0}\\uFFFE\\uFFFF]|${LONE_SURROGATE}`, 'g');

function replaceChar(c: string): string {
  switch (c) {
    case '&':
      return '&amp;';
    case '<':
      return '&lt;';
    case '>':
      return '&gt;';
    case '"':
      return '&quot;';
    // In attributes, whitespace other than space would be normalised to a space by the parser (XML 1.0 §3.3.3).
    case '\t':
      return '&#9;';
    case '\n':
      return '&#10;';
    case '\r':
      return '&#13;';
    default:
      return '\uFFFD';
  }
}

/** Escapes element content. Fast path: returns the string itself when nothing needs escaping. */
export function escapeText(s: string): string {
  if (!NEEDS_TEXT.test(s)) return s;
  return s.replace(TEXT_ALL, replaceChar);
}

/** Escapes an attribute value for use between double quotes. */
export function escapeAttr(s: string): string {
  if (!NEEDS_ATTR.test(s)) return s;
  return s.replace(ATTR_ALL, replaceChar);
}

/** ` name="value"` for each defined attribute, in the given order. */
export function attrs(pairs: [string, string | number | bigint | undefined | null][]): string {
  let s = '';
  for (const [k, v] of pairs) if (v !== undefined && v !== null) s += ` ${k}="${escapeAttr(String(v))}"`;
  return s;
}
