// A RACS-low-like Gaussian-component catalogue at 887.5 MHz in the column format of Hale et al. (2021, PASA 38, e058)
// as listed in ../shared/corpus/vlass/PROVENANCE.md (RA/Dec deg, E_RA/E_Dec arcsec, fluxes mJy, peak mJy/beam,
// sizes arcsec, Noise mJy/beam). Galactic coordinates are left out (no frame transformation in the demo).
import { csvField, fixed, sig } from '../write-atomic.ts';
import { type ColumnRow, columnsFromRows, type TableDescription } from './columns.ts';
import type { MeasuredComponent } from './measure.ts';

const COLUMNS: ColumnRow[] = [
  ['Gaussian_ID', '', 'meta.id;meta.main', 'char', 'Gaussian component identifier'],
  ['Source_ID', '', 'meta.id', 'char', 'Source the component belongs to'],
  ['Tile_ID', '', 'meta.id', 'char', 'RACS tile'],
  ['SBID', '', 'meta.id', 'int', 'ASKAP scheduling block'],
  ['Obs_Start_Time', 'd', 'time.start;obs', 'double', 'Observation start, MJD'],
  ['N_Gaus', '', 'meta.number', 'int', 'Number of Gaussians in the source'],
  ['RA', 'deg', 'pos.eq.ra;meta.main', 'double', 'Right ascension (ICRS)'],
  ['Dec', 'deg', 'pos.eq.dec;meta.main', 'double', 'Declination (ICRS)'],
  ['E_RA', 'arcsec', 'stat.error;pos.eq.ra', 'double', 'Error in RA'],
  ['E_Dec', 'arcsec', 'stat.error;pos.eq.dec', 'double', 'Error in Dec'],
  ['Total_flux_Gaussian', 'mJy', 'phot.flux.density;em.radio.750-1500MHz', 'double', 'Integrated flux density'],
  ['E_Total_flux_Gaussian', 'mJy', 'stat.error', 'double', 'Error in Total_flux_Gaussian'],
  ['Total_flux_Source', 'mJy', 'phot.flux.density', 'double', 'Integrated flux density of the source'],
  ['E_Total_flux_Source', 'mJy', 'stat.error', 'double', 'Error in Total_flux_Source'],
  ['Peak_flux', 'mJy/beam', 'phot.flux.density;stat.max', 'double', 'Peak brightness'],
  ['E_Peak_flux', 'mJy/beam', 'stat.error', 'double', 'Error in Peak_flux'],
  ['Maj', 'arcsec', 'phys.angSize.smajAxis', 'double', 'Fitted FWHM major axis'],
  ['E_Maj', 'arcsec', 'stat.error', 'double', 'Error in Maj'],
  ['Min', 'arcsec', 'phys.angSize.sminAxis', 'double', 'Fitted FWHM minor axis'],
  ['E_Min', 'arcsec', 'stat.error', 'double', 'Error in Min'],
  ['PA', 'deg', 'pos.posAng', 'double', 'Position angle, E of N'],
  ['E_PA', 'deg', 'stat.error', 'double', 'Error in PA'],
  ['DC_Maj', 'arcsec', 'phys.angSize.smajAxis', 'double', 'Deconvolved major axis'],
  ['E_DC_Maj', 'arcsec', 'stat.error', 'double', 'Error in DC_Maj'],
  ['DC_Min', 'arcsec', 'phys.angSize.sminAxis', 'double', 'Deconvolved minor axis'],
  ['E_DC_Min', 'arcsec', 'stat.error', 'double', 'Error in DC_Min'],
  ['DC_PA', 'deg', 'pos.posAng', 'double', 'Deconvolved PA'],
  ['E_DC_PA', 'deg', 'stat.error', 'double', 'Error in DC_PA'],
  ['S_Code', '', 'meta.code', 'char', 'S single, M multiple-Gaussian source'],
  ['Separation_Tile_Centre', 'deg', 'pos.angDistance', 'double', 'Distance from the tile centre'],
  ['Noise', 'mJy/beam', 'stat.stdev;phot.flux.density', 'double', 'Local rms noise'],
];

export const RACS_COMPONENT_COLUMNS = COLUMNS.map((c) => c[0]);

export function racsComponentsDescription(table: string): TableDescription {
  return {
    table,
    description:
      'Synthetic RACS-low-like Gaussian component catalogue at 887.5 MHz (Hale et al. 2021 columns), measured from ' +
      'the demo sky model with the noise of the demo RACS images; 5σ peak limit.',
    ra: 'RA',
    dec: 'Dec',
    columns: columnsFromRows(COLUMNS),
  };
}

export interface RacsRowInput {
  gaussianId: string;
  sourceId: string;
  tile: string;
  sbid: number;
  obsStartMjd: number;
  nGaus: number;
  sourceTotal: number;
  separationDeg: number;
  m: MeasuredComponent;
}

export function racsComponentHeader(): string {
  return RACS_COMPONENT_COLUMNS.join(',');
}

export function racsComponentRow(r: RacsRowInput): string {
  const { m } = r;
  const mJy = (v: number) => sig(v * 1e3, 7);
  const as = (v: number) => sig(v, 6);
  return [
    csvField(r.gaussianId),
    csvField(r.sourceId),
    r.tile,
    r.sbid,
    fixed(r.obsStartMjd, 6),
    r.nGaus,
    fixed(m.ra, 7),
    fixed(m.dec, 7),
    sig(m.eRa, 5),
    sig(m.eDec, 5),
    mJy(m.total),
    mJy(m.eTotal),
    mJy(r.sourceTotal),
    mJy(m.eTotal),
    mJy(m.peak),
    mJy(m.ePeak),
    as(m.major),
    as(m.eMajor),
    as(m.minor),
    as(m.eMinor),
    fixed(m.pa, 3),
    fixed(m.ePa, 3),
    as(m.dcMajor),
    as(m.eMajor),
    as(m.dcMinor),
    as(m.eMinor),
    fixed(m.dcPa, 3),
    fixed(m.ePa, 3),
    r.nGaus > 1 ? 'M' : 'S',
    fixed(r.separationDeg, 5),
    mJy(m.rms),
  ].join(',');
}
