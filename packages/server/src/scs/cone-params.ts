// The Simple Cone Search request (SCS 1.03 §2): RA, DEC, SR in decimal degrees (ICRS), all required; VERB optional
// (1, 2 or 3; absent means 2). Parameter names are case-insensitive (DALI 1.1 §3.1, through DaliParams). MAXREC is
// the DALI 1.1 §3.2.2 limit, accepted as an extension; the service never returns more than its MaxRecords (SCS 1.03
// §3). Every problem found is reported at once, each saying what to send instead.
import type { DaliParams } from '../dali-params.ts';
import { HttpError } from '../errors.ts';

export type Verbosity = 1 | 2 | 3;

export interface ConeRequest {
  ra: number;
  dec: number;
  /** Search radius in degrees (0 is allowed: SCS 1.03 §2 item 6, "a zero value of Search Radius should not return an error"). */
  sr: number;
  verb: Verbosity;
  /** Rows to return at most (min of MAXREC and the service's MaxRecords). */
  limit: number;
}

export interface ConeLimits {
  /** SCS 1.03 §3 MaxSR: the largest radius accepted (180 = no restriction). */
  maxSR: number;
  /** SCS 1.03 §3 MaxRecords. */
  maxRecords: number;
}

/** A decimal number as SCS 1.03 §2 asks for ("decimal degrees"): no hex, no empty string, finite. */
function decimal(text: string): number | undefined {
  const t = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  const v = Number(t);
  return Number.isFinite(v) ? v : undefined;
}

/** Parses and checks a cone search request; throws one SCS_BAD_PARAMETER error listing every problem. */
export function parseConeRequest(params: DaliParams, limits: ConeLimits): ConeRequest {
  const problems: string[] = [];
  const number = (name: string, lo: number, hi: number, what: string): number => {
    const all = params.getAll(name);
    if (all.length === 0 || all[0].trim() === '') {
      problems.push(`missing parameter ${name}: give ${what}`);
      return Number.NaN;
    }
    if (all.length > 1) {
      problems.push(`parameter ${name} given ${all.length} times; give it once`);
      return Number.NaN;
    }
    const v = decimal(all[0]);
    if (v === undefined) {
      problems.push(`${name}=${JSON.stringify(all[0])} is not a decimal number: give ${what}`);
      return Number.NaN;
    }
    if (v < lo || v > hi) {
      problems.push(`${name}=${all[0]} is out of range: give ${what}`);
      return Number.NaN;
    }
    return v;
  };
  // SCS 1.03 §2 item 6: missing, unparsable or out-of-range RA, DEC, SR are errors (the spec's example: DEC=91.0).
  const ra = number('RA', 0, 360, 'the ICRS right ascension of the cone centre in decimal degrees, 0 to 360');
  const dec = number('DEC', -90, 90, 'the ICRS declination of the cone centre in decimal degrees, -90 to 90');
  const sr = number('SR', 0, Number.POSITIVE_INFINITY, 'the cone radius in decimal degrees, 0 or more');
  if (sr > limits.maxSR) {
    // SCS 1.03 §2 item 6: "may also make an error return if the search radius is larger than the MaxSR".
    problems.push(`SR=${sr} is larger than this service's maximum search radius of ${limits.maxSR} degrees`);
  }

  let verb: Verbosity = 2; // SCS 1.03 §2 item 5: "When the VERB parameter is not provided, ... as if VERB=2"
  const verbText = params.getAll('VERB');
  if (verbText.length > 1) problems.push(`parameter VERB given ${verbText.length} times; give it once`);
  else if (verbText.length === 1 && verbText[0].trim() !== '') {
    const v = decimal(verbText[0]);
    if (v === undefined || !Number.isInteger(v)) {
      problems.push(`VERB=${JSON.stringify(verbText[0])} is not an integer: give 1 (fewest columns), 2 or 3 (all)`);
    } else verb = Math.min(3, Math.max(1, v)) as Verbosity;
  }

  let limit = limits.maxRecords;
  const maxrecText = params.getAll('MAXREC');
  if (maxrecText.length > 1) problems.push(`parameter MAXREC given ${maxrecText.length} times; give it once`);
  else if (maxrecText.length === 1 && maxrecText[0].trim() !== '') {
    const v = decimal(maxrecText[0]);
    if (v === undefined || !Number.isInteger(v) || v < 0) {
      problems.push(`MAXREC=${JSON.stringify(maxrecText[0])} is not a non-negative integer`);
    } else limit = Math.min(v, limits.maxRecords);
  }

  if (problems.length > 0) throw new HttpError('SCS_BAD_PARAMETER', problems.join('; '));
  return { ra, dec, sr, verb, limit };
}
