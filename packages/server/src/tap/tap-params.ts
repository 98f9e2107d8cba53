// The parameters of a TAP query (TAP 1.1 §2.3), read from DALI parameters (names case-insensitive, DALI 1.1 §3):
// LANG (required, §2.3.2: ADQL, or a version ADQL-2.0 / ADQL-2.1 as declared in the capabilities), QUERY (§2.3.3),
// RESPONSEFORMAT (§2.3.5; FORMAT is the TAP 1.0 name), MAXREC (§2.3.6), UPLOAD (§2.3.8). REQUEST=doQuery, required
// in TAP 1.0 and gone in 1.1 (§2.3.1), is tolerated; any other REQUEST value is an error.
import { type ResolvedFormat, resolveFormat, VotableError } from '@obscura/votable';
import type { DaliParams } from '../dali-params.ts';
import { HttpError } from '../errors.ts';

/** LANG values accepted: the language name alone, or name-version as TAPRegExt declares the versions. */
export const ACCEPTED_LANGS = ['ADQL', 'ADQL-2.0', 'ADQL-2.1'];

export interface TapLimits {
  maxrecDefault: number;
  maxrecHard: number;
}

export interface TapQueryParams {
  lang: string;
  query: string;
  format: ResolvedFormat;
  /** MAXREC after the hard limit. */
  maxrec: number;
  /** UPLOAD values (each `name,uri[;name,uri]`). */
  upload: string[];
}

/** Checks REQUEST and LANG (TAP 1.1 §2.3.1-2.3.2). */
export function checkRequestAndLang(params: DaliParams): string {
  const request = params.get('REQUEST');
  if (request !== undefined && request.toLowerCase() !== 'doquery') {
    throw new HttpError(
      'TAP_BAD_PARAMETER',
      `REQUEST=${request} is not supported: TAP 1.1 needs no REQUEST; send LANG=ADQL and QUERY (REQUEST=doQuery is accepted)`,
    );
  }
  const lang = params.get('LANG');
  if (lang === undefined || lang.trim() === '') {
    throw new HttpError('TAP_UNKNOWN_LANG', 'missing parameter LANG: send LANG=ADQL (TAP 1.1 §2.3.2)');
  }
  if (!ACCEPTED_LANGS.some((l) => l.toLowerCase() === lang.trim().toLowerCase())) {
    throw new HttpError(
      'TAP_UNKNOWN_LANG',
      `LANG=${lang} is not supported; this service accepts ${ACCEPTED_LANGS.join(', ')}`,
    );
  }
  return lang.trim().toUpperCase();
}

/**
 * RESPONSEFORMAT (or FORMAT) to a writer choice; FITS is not streamed by this service. Without one the result is
 * VOTable TABLEDATA (DALI 1.1 §3.3.4 leaves the serialization to the service): every VOTable reader handles it, while
 * STILTS 3.4.7's votlint (inside taplint) misreads xtype="polygon" arrays (a computed POLYGON in the select list) in
 * BINARY/BINARY2.
 * Ask for RESPONSEFORMAT=votable (BINARY2) for speed.
 */
export function responseFormat(params: DaliParams): ResolvedFormat {
  const raw = params.get('RESPONSEFORMAT') ?? params.get('FORMAT');
  if (raw === undefined || raw.trim() === '') return resolveFormat('votable/td');
  let format: ResolvedFormat;
  try {
    format = resolveFormat(raw);
  } catch (e) {
    if (e instanceof VotableError) throw new HttpError('TAP_UNKNOWN_FORMAT', e.message);
    throw e;
  }
  if (format.kind === 'fits') {
    throw new HttpError(
      'TAP_UNKNOWN_FORMAT',
      `RESPONSEFORMAT=${raw} (FITS) is not offered; use votable (default), votable/td, csv, tsv or json`,
    );
  }
  return format;
}

/** MAXREC (TAP 1.1 §2.3.6): a non-negative integer, capped at the hard limit; default from the configuration. */
export function maxrecOf(params: DaliParams, limits: TapLimits): number {
  const raw = params.get('MAXREC');
  if (raw === undefined || raw.trim() === '') return Math.min(limits.maxrecDefault, limits.maxrecHard);
  if (!/^\s*\+?\d+\s*$/.test(raw)) {
    throw new HttpError('TAP_BAD_PARAMETER', `MAXREC must be a non-negative integer, got "${raw}"`);
  }
  return Math.min(Number(raw), limits.maxrecHard);
}

/** Every TAP query parameter; throws HttpError with a message naming the parameter. */
export function tapQueryParams(params: DaliParams, limits: TapLimits): TapQueryParams {
  const lang = checkRequestAndLang(params);
  const query = params.get('QUERY');
  if (query === undefined || query.trim() === '') {
    throw new HttpError('TAP_BAD_PARAMETER', 'missing parameter QUERY: send the ADQL query text (TAP 1.1 §2.3.3)');
  }
  return {
    lang,
    query,
    format: responseFormat(params),
    maxrec: maxrecOf(params, limits),
    upload: params.getAll('UPLOAD'),
  };
}
