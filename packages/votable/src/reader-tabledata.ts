// The TABLEDATA fast path of the reader (reader.ts): once a TABLE's FIELDs are known, plain rows of the form
// <TR><TD>…</TD><TD/>…</TR> (VOTable 1.5 §5.1) are scanned here directly instead of character by character through
// saxes, and each cell goes through the same TextParser as on the saxes path, so both give the same values. Anything
// unusual stops the scan at the start of its row and hands the rest to saxes: attributes or prefixes on TR/TD,
// comments, CDATA, processing instructions, entities other than the five predefined ones (XML 1.0 §4.6), a carriage
// return or a character XML forbids (§2.2), a '>' in text (']]>' is an error there, §2.4), a value that does not
// parse, a row with the wrong number of cells (those need the diagnostics saxes positions).
import { BAD, type TextParser } from './text-parse.ts';

export interface ScanResult {
  /** Characters consumed (always the end of a whole row, or 0). */
  consumed: number;
  /** What stopped the scan: the input ran out mid-row ('more'), or the rest must go through saxes ('saxes'). */
  stop: 'more' | 'saxes';
  /** Newlines in the consumed text, and the index of the last one (-1: none), for the XML parser's position. */
  newlines: number;
  lastNewline: number;
}

const LT = 60;
const AMP = 38;
const NL = 10;
const TAB = 9;
const SPACE = 32;
const GT = 62;

/** 1: `tok` is at `p`; 0: it is not; -1: the text ends before that can be told. */
function at(s: string, p: number, tok: string): 1 | 0 | -1 {
  const n = Math.min(tok.length, s.length - p);
  for (let i = 0; i < n; i++) if (s.charCodeAt(p + i) !== tok.charCodeAt(i)) return 0;
  return n === tok.length ? 1 : -1;
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Text with the five predefined entity references replaced; undefined when it holds any other reference. */
function decodeEntities(t: string): string | undefined {
  let out = '';
  let from = 0;
  for (let i = t.indexOf('&'); i >= 0; i = t.indexOf('&', from)) {
    const semi = t.indexOf(';', i);
    const ch = semi < 0 ? undefined : PREDEFINED[t.slice(i + 1, semi)];
    if (ch === undefined) return undefined;
    out += t.slice(from, i) + ch;
    from = semi + 1;
  }
  return out + t.slice(from);
}

/**
 * Scans whole rows of `s` from index 0, pushing each parsed row; stops at the first row it cannot take (or at
 * </TABLEDATA>), or where the text ends mid-row.
 */
export function scanTableData(s: string, parsers: TextParser[], push: (row: unknown[]) => void): ScanResult {
  const nf = parsers.length;
  const len = s.length;
  let consumed = 0;
  let newlines = 0;
  let lastNewline = -1;
  let p = 0;
  const result = (stop: 'more' | 'saxes'): ScanResult => ({ consumed, stop, newlines, lastNewline });
  for (;;) {
    // One row: its newlines are committed only once it is taken.
    let nl = 0;
    let lastNl = -1;
    while (p < len) {
      const c = s.charCodeAt(p);
      if (c === SPACE || c === TAB) p++;
      else if (c === NL) {
        nl++;
        lastNl = p++;
      } else break;
    }
    if (p >= len) return result('more');
    const tr = at(s, p, '<TR>');
    if (tr !== 1) return result(tr === -1 || at(s, p, '</TABLEDATA>') === -1 ? 'more' : 'saxes');
    p += 4;
    const row: unknown[] = new Array(nf).fill(null);
    let col = 0;
    for (;;) {
      while (p < len) {
        const c = s.charCodeAt(p);
        if (c === SPACE || c === TAB) p++;
        else if (c === NL) {
          nl++;
          lastNl = p++;
        } else break;
      }
      if (p >= len) return result('more');
      let text: string;
      const td = at(s, p, '<TD>');
      if (td === 1) {
        p += 4;
        let j = p;
        let amp = false;
        for (;;) {
          if (j >= len) return result('more');
          const c = s.charCodeAt(j);
          if (c === LT) break;
          if (c === AMP) amp = true;
          else if (c < SPACE) {
            if (c === NL) {
              nl++;
              lastNl = j;
            } else if (c !== TAB) return result('saxes'); // CR (normalised by XML) or a forbidden character
          } else if (c === GT || (c >= 0xd800 && (c <= 0xdfff || c >= 0xfffe))) return result('saxes');
          j++;
        }
        const end = at(s, j, '</TD>');
        if (end !== 1) return result(end === -1 ? 'more' : 'saxes');
        text = s.slice(p, j);
        if (amp) {
          const decoded = decodeEntities(text);
          if (decoded === undefined) return result('saxes');
          text = decoded;
        }
        p = j + 5;
      } else if (td === -1) return result('more');
      else {
        const empty = at(s, p, '<TD/>');
        if (empty === 1) {
          text = '';
          p += 5;
        } else if (empty === -1) return result('more');
        else {
          const close = at(s, p, '</TR>');
          if (close === 1) {
            p += 5;
            break;
          }
          return result(close === -1 ? 'more' : 'saxes');
        }
      }
      if (col >= nf) return result('saxes'); // too many cells: the saxes path reports it
      const v = parsers[col](text);
      if (v === BAD) return result('saxes');
      row[col++] = v;
    }
    if (col !== nf) return result('saxes');
    push(row);
    consumed = p;
    if (nl > 0) {
      newlines += nl;
      lastNewline = lastNl;
    }
  }
}
