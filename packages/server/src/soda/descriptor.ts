// The SODA {sync} and {async} service descriptors of one product, for DataLink #cutout rows (SODA 1.0 §4.2 "SODA
// Service Descriptor from DataLink"; DataLink 1.1 §4: one descriptor per service, each referenced by its own row):
// standardID ivo://ivoa.net/std/SODA#sync-1.0 or #async-1.0 (§2.5), the accessURL, and the input
// PARAMs with the three-factor semantics of §3.5 Table 2 (name, UCD, unit) and the valid ranges of this product in
// VALUES (§4.2: MIN/MAX for BAND and TIME intervals, MAX = covering circle / polygon for CIRCLE and POLYGON, OPTIONs
// for POL). ID refers to the links table's ID column, so the descriptor works from whichever row uses it.
import { parseRegion } from '@obscura/archive';
import { type DescriptorParam, ID_FIELD_REF, type ServiceDescriptor } from '../datalink/links-votable.ts';
import type { Product } from '../datalink/products.ts';

export const SODA_SYNC_STANDARD_ID = 'ivo://ivoa.net/std/SODA#sync-1.0';
export const SODA_SYNC_PATH = '/soda/sync';
export const SODA_ASYNC_STANDARD_ID = 'ivo://ivoa.net/std/SODA#async-1.0';
export const SODA_ASYNC_PATH = '/soda/async';

function fmt(v: number): string {
  return String(Number(v.toPrecision(12)));
}

/** The product's footprint as DALI polygon text (s_region is STC-S or DALI; archive's one region reader). */
export function footprintPolygon(sRegion: string | null): string | undefined {
  const polygon = sRegion ? parseRegion(sRegion) : null;
  return polygon ? polygon.vertices.map(([ra, dec]) => `${fmt(ra)} ${fmt(dec)}`).join(' ') : undefined;
}

/** Stokes names of an ObsCore pol_states value ("/I/Q/U/V/"). */
export function polStates(polStates: string | null): string[] {
  return (polStates ?? '').split('/').filter((s) => s.trim() !== '');
}

/** The input parameters of both descriptors, with this product's valid ranges. */
function inputParams(product: Product): DescriptorParam[] {
  const params: DescriptorParam[] = [
    {
      name: 'ID',
      datatype: 'char',
      ucd: 'meta.ref.url;meta.curation',
      ref: ID_FIELD_REF,
      description: 'The publisher DID of the dataset of interest',
    },
  ];
  const circle: DescriptorParam = {
    name: 'CIRCLE',
    datatype: 'double',
    arraysize: '3',
    unit: 'deg',
    ucd: 'pos.outline;obs',
    xtype: 'circle',
    description: 'A circle (ra dec radius, ICRS degrees) that the cutout should cover',
  };
  if (product.sRa !== null && product.sDec !== null && product.sFov !== null) {
    circle.max = `${fmt(product.sRa)} ${fmt(product.sDec)} ${fmt(product.sFov / 2)}`;
  }
  const polygon: DescriptorParam = {
    name: 'POLYGON',
    datatype: 'double',
    arraysize: '*',
    unit: 'deg',
    ucd: 'pos.outline;obs',
    xtype: 'polygon',
    description: 'A polygon (ra dec pairs, ICRS degrees) that the cutout should cover',
  };
  const footprint = footprintPolygon(product.sRegion);
  if (footprint) polygon.max = footprint;
  params.push(
    {
      name: 'POS',
      datatype: 'char',
      ucd: 'pos.outline;obs',
      description: 'Region to cut out: CIRCLE ra dec radius, RANGE ra1 ra2 dec1 dec2, or POLYGON ra dec ... (degrees)',
    },
    circle,
    polygon,
  );
  const band: DescriptorParam = {
    name: 'BAND',
    datatype: 'double',
    arraysize: '2',
    unit: 'm',
    ucd: 'em.wl;stat.interval',
    xtype: 'interval',
    description: 'Wavelength interval to extract (metres, barycentric)',
  };
  if (product.emMin !== null && product.emMax !== null) {
    band.min = fmt(product.emMin);
    band.max = fmt(product.emMax);
  }
  const time: DescriptorParam = {
    name: 'TIME',
    datatype: 'double',
    arraysize: '2',
    unit: 'd',
    ucd: 'time.interval;obs.exposure',
    xtype: 'interval',
    description: 'Time interval to extract (MJD, UTC)',
  };
  if (product.tMin !== null && product.tMax !== null) {
    time.min = fmt(product.tMin);
    time.max = fmt(product.tMax);
  }
  const pol: DescriptorParam = {
    name: 'POL',
    datatype: 'char',
    ucd: 'meta.code;phys.polarization',
    description: 'Polarization states to extract (repeatable)',
  };
  const states = polStates(product.polStates);
  if (states.length > 0) pol.options = states;
  params.push(band, time, pol);
  return params;
}

export function sodaDescriptor(product: Product, xmlId: string, baseUrl: string): ServiceDescriptor {
  const accessUrl = `${baseUrl}${SODA_SYNC_PATH}`;
  const example =
    product.sRa !== null && product.sDec !== null
      ? `${accessUrl}?ID=${encodeURIComponent(product.obs_publisher_did)}&CIRCLE=${encodeURIComponent(
          `${fmt(product.sRa)} ${fmt(product.sDec)} ${fmt(Math.min(0.01, (product.sFov ?? 0.02) / 4))}`,
        )}`
      : undefined;
  const d: ServiceDescriptor = {
    xmlId,
    name: xmlId,
    description: `SODA sync cutouts of ${product.obs_publisher_did} by sky region, band, time and polarization`,
    standardId: SODA_SYNC_STANDARD_ID,
    accessUrl,
    contentType: 'application/fits',
    inputParams: inputParams(product),
  };
  if (example) d.exampleUrl = example;
  return d;
}

/**
 * The {async} descriptor (SODA 1.0 §2.2): the same parameters, posted to the UWS job list /soda/async; ID and the
 * filters may repeat there (one cutout per combination, soda/async.ts).
 */
export function sodaAsyncDescriptor(product: Product, xmlId: string, baseUrl: string): ServiceDescriptor {
  return {
    xmlId,
    name: xmlId,
    description:
      `SODA async cutouts (UWS jobs) of ${product.obs_publisher_did}: POST the parameters with PHASE=RUN; ` +
      'ID, CIRCLE, POLYGON, POS, BAND and TIME may repeat (one cutout per combination)',
    standardId: SODA_ASYNC_STANDARD_ID,
    accessUrl: `${baseUrl}${SODA_ASYNC_PATH}`,
    contentType: 'application/fits',
    inputParams: inputParams(product),
  };
}
