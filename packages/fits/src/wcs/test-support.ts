// Test helpers shared by the WCS tests: reading corpus headers and comparing sky positions.
import { readFileSync } from 'node:fs';
import { corpusPath } from '@obscura/testkit';
import type { Header } from '../header.ts';
import { parseHeaderText } from '../header.ts';

/** Raw text of a header in the shared corpus, e.g. `corpusHeaderText('astropy/data/maps/1904-66_TAN.hdr')`. */
export function corpusHeaderText(relative: string): string {
  return readFileSync(corpusPath('wcs', relative), 'latin1');
}

/** Parses a corpus `.hdr` file (raw 2880-byte blocks) or a one-card-per-line `.header` file. */
export function corpusHeader(relative: string): Header {
  let text = corpusHeaderText(relative);
  // Some .hdr files are raw blocks with one stray newline at the end: treat them as runs of 80-byte cards.
  if (text.indexOf('\n') > 80) text = text.replaceAll('\n', '');
  return parseHeaderText(text).header;
}

/** Angular separation in degrees (haversine; accurate at small separations). */
export function separationDeg(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const r = Math.PI / 180;
  const s1 = Math.sin(((lat2 - lat1) * r) / 2);
  const s2 = Math.sin(((lon2 - lon1) * r) / 2);
  const a = s1 * s1 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * s2 * s2;
  return (2 * Math.asin(Math.min(1, Math.sqrt(a)))) / r;
}

/** 80-character header card images for simple keyword/value pairs (numbers and strings), ending with END. */
export function cardsToHeaderText(cards: [string, string | number][]): string {
  const card = (k: string, v: string | number) => {
    const value = typeof v === 'string' ? `'${v.padEnd(8)}'`.padEnd(20) : String(v).padStart(20);
    return `${k.padEnd(8)}= ${value}`.padEnd(80);
  };
  return [...cards.map(([k, v]) => card(k, v)), 'END'.padEnd(80)].join('');
}
