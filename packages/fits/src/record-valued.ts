// Record-valued keyword cards (the proposed "distortion paper" convention used by astropy, e.g. DP1 = 'NAXIS: 2'):
// not part of FITS 4.0; offered as an interpretation on top of an ordinary string card.
import type { Card } from './card.ts';

export interface RecordValuedCard {
  /** Keyword and field specifier joined with ".", e.g. "DP1.NAXIS". */
  keyword: string;
  rawKeyword: string;
  fieldSpecifier: string;
  value: number;
  comment?: string;
}

const RVKC = /^\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*:\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[EeDd][+-]?\d+)?)\s*$/;

/** Reads a string card as a record-valued card when its value is "field: number"; otherwise undefined. */
export function parseRecordValuedCard(card: Card): RecordValuedCard | undefined {
  if (typeof card.value !== 'string' || card.keyword === '') return undefined;
  const m = RVKC.exec(card.value);
  if (!m) return undefined;
  const out: RecordValuedCard = {
    keyword: `${card.keyword}.${m[1]}`,
    rawKeyword: card.keyword,
    fieldSpecifier: m[1],
    value: Number(m[2].replace(/[Dd]/, 'e')),
  };
  if (card.comment !== undefined) out.comment = card.comment;
  return out;
}
