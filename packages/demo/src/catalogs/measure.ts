// "Measuring" a component as a source finder would (PyBDSF for VLASS QL/CIRADA and RACS): the peak is the true peak
// plus the image noise at the source pixel, so the catalogue agrees with the image; sizes and positions scatter with
// the errors of Condon (1997, PASP 109, 166) for a Gaussian fit: σ(θ)/θ ≈ sqrt(2)/SNR, σ(x) ≈ θ/(2·SNR·sqrt(2 ln 2)).

import { shapeOf } from '../images/gaussian.ts';
import type { Beam } from '../images/headers.ts';
import type { Random } from '../random.ts';

export interface MeasuredComponent {
  ra: number;
  dec: number;
  /** 1-σ position errors, arcsec. */
  eRa: number;
  eDec: number;
  /** Jy/beam and Jy. */
  peak: number;
  ePeak: number;
  total: number;
  eTotal: number;
  /** Fitted (convolved) FWHM and PA; errors; deconvolved sizes (0 when unresolved). */
  major: number;
  eMajor: number;
  minor: number;
  eMinor: number;
  pa: number;
  ePa: number;
  dcMajor: number;
  dcMinor: number;
  dcPa: number;
  snr: number;
  rms: number;
}

export interface TrueComponentInImage {
  ra: number;
  dec: number;
  /** Total flux at the image frequency, Jy, and its beam-convolved peak, Jy/beam. */
  flux: number;
  peak: number;
  major: number;
  minor: number;
  pa: number;
}

export function measure(
  rng: Random,
  c: TrueComponentInImage,
  beam: Beam,
  rms: number,
  noiseAtSource: number,
): MeasuredComponent {
  const peak = c.peak + noiseAtSource;
  const snr = peak / rms;
  const fit = shapeOf(c.major, c.minor, c.pa, [beam.major, beam.minor, beam.pa]);
  const rel = Math.SQRT2 / Math.max(snr, 1);
  const major = fit.major * (1 + rng.normal(0, rel * 0.7));
  const minor = Math.min(major, fit.minor * (1 + rng.normal(0, rel * 0.7)));
  const ePosMaj = fit.major / (2 * Math.max(snr, 1) * Math.sqrt(2 * Math.LN2));
  const ePosMin = fit.minor / (2 * Math.max(snr, 1) * Math.sqrt(2 * Math.LN2));
  const eRa = Math.sqrt(
    (ePosMaj * Math.sin((fit.pa * Math.PI) / 180)) ** 2 + (ePosMin * Math.cos((fit.pa * Math.PI) / 180)) ** 2,
  );
  const eDec = Math.sqrt(
    (ePosMaj * Math.cos((fit.pa * Math.PI) / 180)) ** 2 + (ePosMin * Math.sin((fit.pa * Math.PI) / 180)) ** 2,
  );
  const dRa = rng.normal(0, eRa) / 3600 / Math.cos((c.dec * Math.PI) / 180);
  const dDec = rng.normal(0, eDec) / 3600;
  const total = (peak * (major * minor)) / (beam.major * beam.minor);
  const dc = deconvolve(major, minor, fit.pa, beam);
  return {
    ra: c.ra + dRa,
    dec: c.dec + dDec,
    eRa,
    eDec,
    peak,
    ePeak: rms,
    total,
    eTotal: Math.abs(total) * Math.sqrt((rms / peak) ** 2 + rel ** 2),
    major,
    eMajor: major * rel,
    minor,
    eMinor: minor * rel,
    pa: fit.pa,
    ePa: Math.min(90, (rel * 180) / Math.PI / Math.max(0.05, (major - minor) / major)),
    dcMajor: dc.major,
    dcMinor: dc.minor,
    dcPa: dc.pa,
    snr,
    rms,
  };
}

/** Deconvolved size for circular-ish beams: quadrature subtraction, 0 when the fit is not larger than the beam. */
function deconvolve(major: number, minor: number, pa: number, beam: Beam) {
  const m = major * major - beam.major * beam.major;
  const n = minor * minor - beam.minor * beam.minor;
  return { major: m > 0 ? Math.sqrt(m) : 0, minor: n > 0 ? Math.sqrt(n) : 0, pa: m > 0 ? pa : 0 };
}
