// Truth files: what the sky model put where, so tests (and users) can check what ingestion, queries, cutouts and
// cross-matches return. Written as CSV (one row per component, one per component-in-image) and JSON (images).

import { fluxAt, type SkyComponent } from './sky-model.ts';
import { csvField, fixed, sig } from './write-atomic.ts';

export const TRUTH_SOURCE_COLUMNS = [
  'component_id',
  'source_id',
  'name',
  'kind',
  'spectral_class',
  'ra',
  'dec',
  'flux_3GHz_Jy',
  'alpha',
  'flux_1400MHz_Jy',
  'flux_887p5MHz_Jy',
  'major_arcsec',
  'minor_arcsec',
  'pa_deg',
];

export function truthSourceRow(c: SkyComponent): string {
  return [
    csvField(c.id),
    csvField(c.sourceId),
    csvField(c.name ?? ''),
    c.kind,
    c.spectralClass,
    fixed(c.ra, 9),
    fixed(c.dec, 9),
    sig(c.flux, 8),
    fixed(c.alpha, 5),
    sig(fluxAt(c, 1.4e9), 8),
    sig(fluxAt(c, 887.5e6), 8),
    fixed(c.major, 4),
    fixed(c.minor, 4),
    fixed(c.pa, 3),
  ].join(',');
}

export const TRUTH_IMAGE_SOURCE_COLUMNS = [
  'image',
  'component_id',
  'x',
  'y',
  'flux_Jy',
  'peak_Jy_per_beam',
  'rms_Jy_per_beam',
  'catalog_component_name',
];

export interface TruthImageSource {
  image: string;
  componentId: string;
  /** 0-based pixel position (FITS pixel = value + 1). */
  x: number;
  y: number;
  flux: number;
  peak: number;
  rms: number;
  catalogName: string;
}

export function truthImageSourceRow(t: TruthImageSource): string {
  return [
    csvField(t.image),
    csvField(t.componentId),
    fixed(t.x, 4),
    fixed(t.y, 4),
    sig(t.flux, 8),
    sig(t.peak, 8),
    sig(t.rms, 6),
    csvField(t.catalogName),
  ].join(',');
}

/** One entry of truth/images.json. */
export interface TruthImage {
  path: string;
  survey: 'vlass' | 'racs' | 'optical';
  kind: 'image' | 'rms';
  epoch?: string;
  filter?: string;
  frequencyHz?: number;
  beam?: { major: number; minor: number; pa: number };
  rmsJyPerBeam?: number;
  width: number;
  height: number;
  /** World position of the image centre pixel, degrees. */
  centre: { ra: number; dec: number };
  bunit: string;
  projection: string;
  /** Present for the image with the companion `.rms` file. */
  rmsPath?: string;
  containsM82?: boolean;
  components: number;
  /** Proprietary images only: the future obs_release_date (DATE-RLS) and the proposal (PROJECT) it belongs to. */
  embargo?: { releaseDate: string; proposalId: string };
}
