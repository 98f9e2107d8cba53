// Observation times from a FITS header as MJD (ObsCore t_min/t_max are MJD, ObsCore 1.1 §4.14). FITS 4.0 §9.2.2:
// MJD-OBS / MJD-END are the start and end as MJD; DATE-OBS / DATE-END the same as ISO 8601 (UTC when TIMESYS is
// UTC or absent); EXPTIME (or EXPOSURE, XPOSURE) is the exposure in seconds.
import type { HeaderLike } from '@obscura/fits';

const MJD_UNIX_EPOCH = 40587; // 1970-01-01T00:00:00 UTC

/** MJD of an ISO 8601 date or date-time (UTC); undefined when it does not parse. */
export function mjdFromIso(text: string): number | undefined {
  const t = text.trim();
  const m = /^(\d{4})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d)(?::(\d\d(?:\.\d*)?))?)?/.exec(t);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), 0);
  if (!Number.isFinite(ms)) return undefined;
  // Seconds kept apart from the Date so that microseconds (CASA writes '05:52:07.725001') are not rounded away.
  return ms / 86400000 + MJD_UNIX_EPOCH + Number(s) / 86400;
}

function num(h: HeaderLike, k: string): number | undefined {
  const v = h.get(k);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function str(h: HeaderLike, k: string): string | undefined {
  const v = h.get(k);
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

export interface TimeCoverage {
  tMin?: number;
  tMax?: number;
  exptime?: number;
}

/**
 * Start from MJD-OBS or DATE-OBS; end from MJD-END or DATE-END, else start + exposure. The exposure is EXPTIME
 * (or EXPOSURE / XPOSURE), else the elapsed time end − start. What the header does not say stays undefined.
 */
export function timeCoverage(h: HeaderLike): TimeCoverage {
  const dateObs = str(h, 'DATE-OBS');
  const dateEnd = str(h, 'DATE-END');
  const tMin = num(h, 'MJD-OBS') ?? (dateObs ? mjdFromIso(dateObs) : undefined);
  let tMax = num(h, 'MJD-END') ?? (dateEnd ? mjdFromIso(dateEnd) : undefined);
  let exptime = num(h, 'EXPTIME') ?? num(h, 'EXPOSURE') ?? num(h, 'XPOSURE');
  if (tMax === undefined && tMin !== undefined && exptime !== undefined) tMax = tMin + exptime / 86400;
  if (exptime === undefined && tMin !== undefined && tMax !== undefined) exptime = (tMax - tMin) * 86400;
  return { tMin, tMax, exptime };
}
