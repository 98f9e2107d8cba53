// A VLASS-like component catalogue in the CIRADA Epoch 1 Quick Look format (Gordon et al. 2021, ApJS 255, 30):
// the 70 column names and units of ../shared/corpus/vlass/cirada_vlass1ql_component_columns.csv, in that order.
// Fluxes mJy and mJy/beam, sizes arcsec, angles deg, positions deg, pixel positions 0-based as PyBDSF writes them.

import { jName } from '../vlass-tiling.ts';
import { csvField, fixed, sig } from '../write-atomic.ts';
import { type ColumnRow, columnsFromRows, type TableDescription } from './columns.ts';
import type { MeasuredComponent } from './measure.ts';

const COLUMNS: ColumnRow[] = [
  ['Component_name', '', 'meta.id;meta.main', 'char', 'IAU name of the component (VLASS1QLCIR Jhhmmss.ss+ddmmss.s)'],
  ['Component_id', '', 'meta.id', 'long', 'Component number'],
  ['Isl_id', '', 'meta.id', 'long', 'Island number within the tile'],
  ['RA', 'deg', 'pos.eq.ra;meta.main', 'double', 'Right ascension (ICRS)'],
  ['DEC', 'deg', 'pos.eq.dec;meta.main', 'double', 'Declination (ICRS)'],
  ['E_RA', 'deg', 'stat.error;pos.eq.ra', 'double', 'Error in RA'],
  ['E_DEC', 'deg', 'stat.error;pos.eq.dec', 'double', 'Error in Dec'],
  ['Total_flux', 'mJy', 'phot.flux.density;em.radio.2-4GHz', 'double', 'Integrated flux density'],
  ['E_Total_flux', 'mJy', 'stat.error;phot.flux.density', 'double', 'Error in Total_flux'],
  ['Peak_flux', 'mJy/beam', 'phot.flux.density;stat.max', 'double', 'Peak brightness'],
  ['E_Peak_flux', 'mJy/beam', 'stat.error;phot.flux.density', 'double', 'Error in Peak_flux'],
  ['Maj', 'arcsec', 'phys.angSize.smajAxis', 'double', 'FWHM major axis of the fitted Gaussian'],
  ['E_Maj', 'arcsec', 'stat.error', 'double', 'Error in Maj'],
  ['Min', 'arcsec', 'phys.angSize.sminAxis', 'double', 'FWHM minor axis of the fitted Gaussian'],
  ['E_Min', 'arcsec', 'stat.error', 'double', 'Error in Min'],
  ['PA', 'deg', 'pos.posAng', 'double', 'Position angle of the major axis, E of N'],
  ['E_PA', 'deg', 'stat.error', 'double', 'Error in PA'],
  ['Isl_Total_flux', 'mJy', 'phot.flux.density', 'double', 'Total flux density of the island'],
  ['E_Isl_Total_flux', 'mJy', 'stat.error', 'double', 'Error in Isl_Total_flux'],
  ['Isl_rms', 'mJy/beam', 'stat.stdev;phot.flux.density', 'double', 'Mean background rms in the island'],
  ['Isl_mean', 'mJy/beam', 'stat.mean;phot.flux.density', 'double', 'Mean background in the island'],
  ['Resid_Isl_rms', 'mJy/beam', 'stat.stdev', 'double', 'Residual rms in the island'],
  ['Resid_Isl_mean', 'mJy/beam', 'stat.mean', 'double', 'Residual mean in the island'],
  ['RA_max', 'deg', 'pos.eq.ra', 'double', 'RA of the brightest pixel'],
  ['DEC_max', 'deg', 'pos.eq.dec', 'double', 'Dec of the brightest pixel'],
  ['E_RA_max', 'deg', 'stat.error', 'double', 'Error in RA_max'],
  ['E_DEC_max', 'deg', 'stat.error', 'double', 'Error in DEC_max'],
  ['S_Code', '', 'meta.code', 'char', 'S: single-Gaussian island, M: one of several Gaussians, E: emission'],
  ['Xposn', 'pixel', 'pos.cartesian.x', 'double', 'x pixel position in the QL image (0-based)'],
  ['E_Xposn', 'pixel', 'stat.error', 'double', 'Error in Xposn'],
  ['Yposn', 'pixel', 'pos.cartesian.y', 'double', 'y pixel position in the QL image (0-based)'],
  ['E_Yposn', 'pixel', 'stat.error', 'double', 'Error in Yposn'],
  ['Xposn_max', 'pixel', 'pos.cartesian.x', 'double', 'x of the brightest pixel'],
  ['E_Xposn_max', 'pixel', 'stat.error', 'double', 'Error in Xposn_max'],
  ['Yposn_max', 'pixel', 'pos.cartesian.y', 'double', 'y of the brightest pixel'],
  ['E_Yposn_max', 'pixel', 'stat.error', 'double', 'Error in Yposn_max'],
  ['Maj_img_plane', 'arcsec', 'phys.angSize.smajAxis', 'double', 'Maj in the image plane'],
  ['E_Maj_img_plane', 'arcsec', 'stat.error', 'double', 'Error in Maj_img_plane'],
  ['Min_img_plane', 'arcsec', 'phys.angSize.sminAxis', 'double', 'Min in the image plane'],
  ['E_Min_img_plane', 'arcsec', 'stat.error', 'double', 'Error in Min_img_plane'],
  ['PA_img_plane', 'deg', 'pos.posAng', 'double', 'PA in the image plane'],
  ['E_PA_img_plane', 'deg', 'stat.error', 'double', 'Error in PA_img_plane'],
  ['DC_Maj', 'arcsec', 'phys.angSize.smajAxis', 'double', 'Deconvolved major axis'],
  ['E_DC_Maj', 'arcsec', 'stat.error', 'double', 'Error in DC_Maj'],
  ['DC_Min', 'arcsec', 'phys.angSize.sminAxis', 'double', 'Deconvolved minor axis'],
  ['E_DC_Min', 'arcsec', 'stat.error', 'double', 'Error in DC_Min'],
  ['DC_PA', 'deg', 'pos.posAng', 'double', 'Deconvolved PA'],
  ['E_DC_PA', 'deg', 'stat.error', 'double', 'Error in DC_PA'],
  ['DC_Maj_img_plane', 'arcsec', 'phys.angSize.smajAxis', 'double', 'Deconvolved major axis, image plane'],
  ['E_DC_Maj_img_plane', 'arcsec', 'stat.error', 'double', 'Error in DC_Maj_img_plane'],
  ['DC_Min_img_plane', 'arcsec', 'phys.angSize.sminAxis', 'double', 'Deconvolved minor axis, image plane'],
  ['E_DC_Min_img_plane', 'arcsec', 'stat.error', 'double', 'Error in DC_Min_img_plane'],
  ['DC_PA_img_plane', 'deg', 'pos.posAng', 'double', 'Deconvolved PA, image plane'],
  ['E_DC_PA_img_plane', 'deg', 'stat.error', 'double', 'Error in DC_PA_img_plane'],
  ['Tile', '', 'meta.id', 'char', 'VLASS tile (T<band>t<index>)'],
  ['Subtile', '', 'meta.id', 'char', 'QL image (subtile) J-name'],
  ['QL_image_RA', 'deg', 'pos.eq.ra', 'double', 'RA of the QL image centre'],
  ['QL_image_DEC', 'deg', 'pos.eq.dec', 'double', 'Dec of the QL image centre'],
  ['NVSS_distance', 'arcsec', 'pos.angDistance', 'double', 'Distance to the nearest NVSS source (empty: not computed)'],
  ['FIRST_distance', 'arcsec', 'pos.angDistance', 'double', 'Distance to the nearest FIRST source (empty)'],
  ['Peak_to_ring', '', 'arith.ratio', 'double', 'Peak flux over the maximum in a ring around it'],
  ['Duplicate_flag', '', 'meta.code', 'int', '0: unique'],
  ['Quality_flag', '', 'meta.code.qual', 'int', '0: no flag'],
  ['Source_name', '', 'meta.id', 'char', 'Name of the source the component belongs to'],
  ['Source_type', '', 'src.class', 'char', 'Source type'],
  ['QL_cutout', '', 'meta.ref.url', 'char', 'Cutout URL (empty in the demo)'],
  ['NN_dist', 'arcsec', 'pos.angDistance', 'double', 'Distance to the nearest neighbouring component'],
  ['BMAJ', 'arcsec', 'instr.beam;phys.angSize.smajAxis', 'double', 'Restoring beam major axis of the QL image'],
  ['BMIN', 'arcsec', 'instr.beam;phys.angSize.sminAxis', 'double', 'Restoring beam minor axis'],
  ['BPA', 'deg', 'instr.beam;pos.posAng', 'double', 'Restoring beam position angle'],
];

export const VLASS_COMPONENT_COLUMNS = COLUMNS.map((c) => c[0]);

export function vlassComponentsDescription(table: string): TableDescription {
  return {
    table,
    description:
      'Synthetic VLASS-like Epoch 1 Quick Look component catalogue (CIRADA column names and units), measured from ' +
      'the demo sky model with the noise of the demo QL images; 5σ peak limit.',
    ra: 'RA',
    dec: 'DEC',
    columns: columnsFromRows(COLUMNS),
  };
}

export interface VlassRowInput {
  componentId: number;
  islandId: number;
  m: MeasuredComponent;
  /** 0-based pixel position of the measured component in the QL image. */
  x: number;
  y: number;
  multi: boolean;
  tile: string;
  subtile: string;
  imageRa: number;
  imageDec: number;
  sourceName: string;
  nnDist: number;
  beam: { major: number; minor: number; pa: number };
}

export function vlassComponentHeader(): string {
  return VLASS_COMPONENT_COLUMNS.join(',');
}

/** One CSV row; values in CIRADA units (mJy, mJy/beam, arcsec, deg). */
export function vlassComponentRow(r: VlassRowInput): string {
  const { m } = r;
  const mJy = (v: number) => sig(v * 1e3, 7);
  const as = (v: number) => sig(v, 6);
  const ePixX = m.eRa; // 1"/pixel
  const ePixY = m.eDec;
  const values: Array<string | number> = [
    csvField(`VLASS1QLCIR ${jName(m.ra, m.dec, 2)}`),
    r.componentId,
    r.islandId,
    fixed(m.ra, 8),
    fixed(m.dec, 8),
    sig(m.eRa / 3600, 5),
    sig(m.eDec / 3600, 5),
    mJy(m.total),
    mJy(m.eTotal),
    mJy(m.peak),
    mJy(m.ePeak),
    as(m.major),
    as(m.eMajor),
    as(m.minor),
    as(m.eMinor),
    fixed(m.pa, 3),
    fixed(m.ePa, 3),
    mJy(m.total),
    mJy(m.eTotal),
    mJy(m.rms),
    mJy(0),
    mJy(m.rms),
    mJy(0),
    fixed(m.ra, 8),
    fixed(m.dec, 8),
    sig(m.eRa / 3600, 5),
    sig(m.eDec / 3600, 5),
    r.multi ? 'M' : 'S',
    fixed(r.x, 4),
    sig(ePixX, 5),
    fixed(r.y, 4),
    sig(ePixY, 5),
    fixed(Math.round(r.x), 1),
    sig(ePixX, 5),
    fixed(Math.round(r.y), 1),
    sig(ePixY, 5),
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
    as(m.dcMajor),
    as(m.eMajor),
    as(m.dcMinor),
    as(m.eMinor),
    fixed(m.dcPa, 3),
    fixed(m.ePa, 3),
    r.tile,
    r.subtile,
    fixed(r.imageRa, 6),
    fixed(r.imageDec, 6),
    '',
    '',
    fixed(1 + Math.max(0, m.snr) / 10, 4),
    0,
    0,
    csvField(r.sourceName),
    r.multi ? 'M' : 'S',
    '',
    fixed(r.nnDist, 3),
    as(r.beam.major),
    as(r.beam.minor),
    fixed(r.beam.pa, 3),
  ];
  return values.join(',');
}
