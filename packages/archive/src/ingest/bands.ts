// Optical filter bandpasses for images whose spectral coverage is a FILTER keyword rather than a WCS axis.
// SDSS ugriz: centre ± FWHM/2 of the system response (SDSS 2.5 m camera, 1.3 airmass; Fukugita et al. 1996, AJ 111,
// 1748; Doi et al. 2010, AJ 139, 1628), rounded to the nanometre. These are approximate half-maximum edges, which is
// what ObsCore em_min/em_max describe for a filter image (ObsCore 1.1 §4.17: the spectral coverage bounds).
export interface Bandpass {
  /** Vacuum wavelengths, metres. */
  min: number;
  max: number;
}

export const FILTER_BANDS: Record<string, Bandpass> = {
  u: { min: 327e-9, max: 386e-9 }, // centre 356.5 nm, FWHM 58 nm
  g: { min: 407e-9, max: 533e-9 }, // centre 470.0 nm, FWHM 126 nm
  r: { min: 562e-9, max: 695e-9 }, // centre 628 nm, FWHM 133 nm
  i: { min: 692e-9, max: 842e-9 }, // centre 767 nm, FWHM 150 nm
  z: { min: 830e-9, max: 1000e-9 }, // centre 915 nm, FWHM 170 nm (red edge set by the CCD cut-off)
};

/** The bandpass of a FILTER value ("r", "r'", "SDSS r", "sdss_r"), or undefined when it is not a known filter. */
export function filterBand(filter: string | undefined): Bandpass | undefined {
  if (!filter) return undefined;
  const m = /(?:^|[\s_-])([ugriz])'?$/i.exec(filter.trim()) ?? /^([ugriz])'?$/i.exec(filter.trim());
  return m ? FILTER_BANDS[m[1].toLowerCase()] : undefined;
}
