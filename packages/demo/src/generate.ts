// generateDemo: writes the whole synthetic archive for (seed, size). Every file is a pure function of (seed, size);
// files appear atomically (temporary name, then rename); manifest.json lists them with sizes and sha256.
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type Header, Wcs, writeFits } from '@obscura/fits';
import { angularDistance } from '@obscura/sky';
import { writeAllSkyCatalog, writeBulkVisibilities } from './bulk.ts';
import { describeTable } from './catalogs/columns.ts';
import { measure } from './catalogs/measure.ts';
import { racsComponentHeader, racsComponentRow, racsComponentsDescription } from './catalogs/racs-components.ts';
import { visibilitiesDescription, visibilityCsvRow, visibilityHeader, visibilityRow } from './catalogs/visibilities.ts';
import {
  type VlassRowInput,
  vlassComponentHeader,
  vlassComponentRow,
  vlassComponentsDescription,
} from './catalogs/vlass-components.ts';
import {
  type Beam,
  mjdOf,
  opticalHeader,
  type RadioImageSpec,
  racsHeader,
  vlassFileName,
  vlassQlHeader,
} from './images/headers.ts';
import { drawOpticalObjects, FILTERS, renderOpticalImage } from './images/optical-image.ts';
import { type PlacedTruth, renderRadioImage } from './images/radio-image.ts';
import { buildManifest, type ManifestEntry } from './manifest.ts';
import {
  type DemoPlan,
  type DemoSize,
  planDemo,
  QL_FULL_PIXELS,
  RACS_EMBARGO,
  VLASS_EPOCHS,
  type VlassField,
} from './plan.ts';
import { Random } from './random.ts';
import { cellComponents, cellsOverlapping } from './sky-cells.ts';
import { boxAround, fluxAt, landmarkComponents, M82, type SkyComponent } from './sky-model.ts';
import {
  TRUTH_IMAGE_SOURCE_COLUMNS,
  TRUTH_SOURCE_COLUMNS,
  type TruthImage,
  type TruthImageSource,
  truthImageSourceRow,
  truthSourceRow,
} from './truth.ts';
import { jName } from './vlass-tiling.ts';
import { writeFileAtomic } from './write-atomic.ts';

export interface GenerateOptions {
  out: string;
  size?: DemoSize;
  seed?: number;
  /** Progress messages (one line each). */
  onProgress?: (message: string) => void;
}

export interface GenerateSummary {
  out: string;
  size: DemoSize;
  seed: number;
  files: number;
  bytes: number;
  seconds: number;
  images: number;
  vlassComponents: number;
  racsComponents: number;
  visibilityRows: number;
  skyComponents: number;
}

export const GENERATOR_VERSION = 2; // 2: one RACS image is proprietary (DATE-RLS in the future)
const VLASS_FREQ = 3.0e9;
const VLASS_BANDWIDTH = 2.071773682575e9; // CDELT3 of the real QL headers
const VLASS_RMS = 120e-6;
const RACS_FREQ = 887.5e6;
const RACS_BANDWIDTH = 288e6;
const RACS_RMS = 250e-6;
const DETECTION_SIGMA = 5;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** ISO date-time with microseconds, as CASA writes DATE-OBS ('2018-02-07T22:38:34.124999'). */
function isoMicro(ms: number): string {
  const d = new Date(Math.round(ms));
  return `${d.toISOString().slice(0, 19)}.${pad(d.getUTCMilliseconds(), 3)}000`;
}

function dateBetween(rng: Random, start: string, end: string): number {
  const a = Date.parse(`${start}T00:00:00Z`);
  const b = Date.parse(`${end}T00:00:00Z`);
  return a + rng.uniform() * (b - a);
}

export async function generateDemo(options: GenerateOptions): Promise<GenerateSummary> {
  const t0 = process.hrtime.bigint();
  const size = options.size ?? 'small';
  const seed = options.seed ?? 20240611;
  const out = options.out;
  const log = options.onProgress ?? (() => {});
  const plan = planDemo(size, seed);
  await mkdir(out, { recursive: true }); // fail early on an unwritable --out
  const root = new Random(seed);
  const written: string[] = [];
  const truthImages: TruthImage[] = [];
  const truthImageSources: TruthImageSource[] = [];
  const skyComponents = new Map<string, SkyComponent>();
  const landmarks = landmarkComponents();

  /** Sky-model components around a position: the random ones of the overlapping cells plus the landmarks. */
  const componentsAround = (ra: number, dec: number, halfDeg: number): SkyComponent[] => {
    const box = boxAround(ra, dec, halfDeg);
    const comps = cellsOverlapping(box).flatMap((c) => cellComponents(root, c));
    const near = landmarks.filter((l) => angularDistance(l.ra, l.dec, ra, dec) < halfDeg * 1.5);
    for (const c of [...comps, ...near]) skyComponents.set(c.id, c);
    return [...comps, ...near];
  };

  const writeImage = async (rel: string, header: Header, data: Float32Array, axes: number[]) => {
    await mkdir(dirname(join(out, rel)), { recursive: true });
    await writeFits(join(out, rel), [{ header, data, axes }]);
    written.push(rel);
  };

  // ---- VLASS Quick Look images, two epochs per field, and the CIRADA-like catalogue from the epoch-1 images ----
  const vlassRows: VlassRowInput[] = [];
  for (const field of plan.vlassFields) {
    log(`vlass: ${field.subtile.tile} ${field.subtile.subtile} (${plan.vlassPixels}x${plan.vlassPixels})`);
    const window = vlassWindow(field, plan);
    const halfDeg = ((plan.vlassPixels / 3600) * Math.SQRT2) / 2 + 0.05;
    const comps = componentsAround(window.centre.ra, window.centre.dec, halfDeg);
    for (const [epochIndex, epoch] of field.epochs.entries()) {
      const rng = root.fork(`vlass:${field.subtile.subtile}:${epoch}`);
      const info = VLASS_EPOCHS[epoch];
      const startMs = dateBetween(rng, info.start, info.end);
      const bmin = rng.range(2.1, 2.4);
      const elong = 1 / Math.max(0.55, Math.cos(((field.subtile.dec - 34) * Math.PI) / 180));
      const beam: Beam = { major: bmin * elong * rng.range(1.0, 1.08), minor: bmin, pa: rng.range(-80, 80) };
      const spec: RadioImageSpec = {
        width: plan.vlassPixels,
        height: plan.vlassPixels,
        crpix1: window.crpix1,
        crpix2: window.crpix2,
        crval1: field.subtile.ra,
        crval2: field.subtile.dec,
        pixelArcsec: 1,
        projection: 'SIN',
        freqHz: VLASS_FREQ,
        bandwidthHz: VLASS_BANDWIDTH * rng.range(0.9999, 1.0001),
        beam,
        radesys: info.radesys,
        dateObs: isoMicro(startMs),
        dateEnd: isoMicro(startMs + rng.range(20, 35) * 60000),
        date: isoMicro(startMs + rng.range(30, 90) * 86400000),
        telescope: 'EVLA',
        instrument: 'EVLA',
        object: field.subtile.subtile,
        origin: `obscura demo (modelled on ${info.casa})`,
        obsRa: field.subtile.ra,
        obsDec: field.subtile.dec,
        seed,
      };
      const naming = { epoch, tile: field.subtile.tile, subtile: field.subtile.subtile, version: 'v1' };
      const header = vlassQlHeader(spec, naming, false);
      const wcs = Wcs.fromHeader(header);
      const img = renderRadioImage({
        wcs,
        width: spec.width,
        height: spec.height,
        beam,
        pixelArcsec: 1,
        freqHz: VLASS_FREQ,
        rms: VLASS_RMS * rng.range(0.9, 1.1),
        centreX: spec.crpix1 - 1,
        centreY: spec.crpix2 - 1,
        edgeRadius: QL_FULL_PIXELS / 2,
        edgeRise: 0.25,
        components: comps,
        noiseRng: rng.fork('noise'),
      });
      const rel = `images/vlass/${epoch}/${vlassFileName(naming, false)}`;
      const relRms = `images/vlass/${epoch}/${vlassFileName(naming, true)}`;
      const axes = [spec.width, spec.height, 1, 1];
      await writeImage(rel, header, img.image, axes);
      await writeImage(relRms, vlassQlHeader(spec, naming, true), img.rmsMap, axes);
      const names = new Map<string, string>();
      if (epochIndex === 0) {
        vlassRows.push(...measureVlass(rng.fork('measure'), img.placed, beam, field, spec, wcs, names));
      }
      recordRadioTruth(rel, relRms, 'vlass', epoch, spec, wcs, img.placed, names, VLASS_RMS);
    }
  }

  // ---- RACS-low-like images and catalogue ----
  const racsLines: string[] = [];
  for (const field of plan.vlassFields.filter((f) => f.racs)) {
    const rng = root.fork(`racs:${field.subtile.subtile}`);
    const ra = field.subtile.ra;
    const dec = field.subtile.dec;
    const fieldName = `${jName(ra, dec, 0).slice(1, 5)}${dec < 0 ? '-' : '+'}${pad(Math.round(Math.abs(dec)))}A`;
    log(`racs: RACS_${fieldName} (${plan.racsPixels}x${plan.racsPixels})`);
    const halfDeg = ((plan.racsPixels * 2.5) / 3600) * Math.SQRT2 * 0.5 + 0.05;
    const comps = componentsAround(ra, dec, halfDeg);
    const startMs = dateBetween(rng, '2019-04-21', '2020-06-21');
    const beam: Beam = { major: rng.range(14.5, 16.5), minor: rng.range(12.5, 14), pa: rng.range(-60, 60) };
    const sbid = 8500 + rng.int(5000);
    const spec: RadioImageSpec = {
      width: plan.racsPixels,
      height: plan.racsPixels,
      crpix1: plan.racsPixels / 2 + 1,
      crpix2: plan.racsPixels / 2 + 1,
      crval1: ra,
      crval2: dec,
      pixelArcsec: 2.5,
      projection: 'TAN',
      freqHz: RACS_FREQ,
      bandwidthHz: RACS_BANDWIDTH,
      beam,
      radesys: 'ICRS',
      dateObs: isoMicro(startMs),
      dateEnd: isoMicro(startMs + 15 * 60000),
      date: isoMicro(startMs + 400 * 86400000),
      telescope: 'ASKAP',
      instrument: 'ASKAP',
      object: `RACS_${fieldName}`,
      origin: 'obscura demo (modelled on ASKAPsoft RACS-low DR1)',
      obsRa: ra,
      obsDec: dec,
      seed,
    };
    const embargo = field.key === plan.embargoedRacsField ? RACS_EMBARGO : undefined;
    const header = racsHeader(spec, sbid, `RACS_${fieldName}`, embargo);
    const wcs = Wcs.fromHeader(header);
    const img = renderRadioImage({
      wcs,
      width: spec.width,
      height: spec.height,
      beam,
      pixelArcsec: 2.5,
      freqHz: RACS_FREQ,
      rms: RACS_RMS,
      centreX: spec.crpix1 - 1,
      centreY: spec.crpix2 - 1,
      edgeRadius: 3000,
      edgeRise: 0.2,
      components: comps,
      noiseRng: rng.fork('noise'),
    });
    const rel = `images/racs/RACS-DR1_${fieldName}.fits`;
    await writeImage(rel, header, img.image, [spec.width, spec.height, 1, 1]);
    const names = new Map<string, string>();
    racsLines.push(...measureRacs(rng.fork('measure'), img.placed, beam, spec, sbid, fieldName, names));
    recordRadioTruth(rel, undefined, 'racs', undefined, spec, wcs, img.placed, names, RACS_RMS, embargo);
  }

  // ---- Optical u/g/r/i/z around M82 ----
  {
    const rng = root.fork('optical');
    const { ra, dec } = plan.opticalCentre;
    const half = (plan.opticalPixels * 0.186) / 3600 / 2;
    const objects = drawOpticalObjects(rng.fork('objects'), ra, dec, half * 1.1);
    const night = Date.parse('2021-03-14T03:10:00Z');
    for (const [k, filter] of FILTERS.entries()) {
      log(`optical: ${filter}`);
      const frng = rng.fork(`filter:${filter}`);
      const spec = {
        width: plan.opticalPixels,
        height: plan.opticalPixels,
        crpix1: plan.opticalPixels / 2 + 0.5,
        crpix2: plan.opticalPixels / 2 + 0.5,
        crval1: ra,
        crval2: dec,
        pixelArcsec: 0.186,
        rotation: 0.3,
        filter,
        exptime: [120, 60, 60, 60, 90][k],
        dateObs: new Date(night + k * 4 * 60000).toISOString().slice(0, 19),
        magzero: 27.5,
        gain: 1.5,
        seeing: frng.range(0.8, 1.1),
        airmass: Number((1.35 + k * 0.01).toFixed(3)),
        object: 'M82',
        origin: 'obscura demo',
        seed,
      };
      const header = opticalHeader(spec);
      const wcs = Wcs.fromHeader(header);
      const image = renderOpticalImage({ ...spec, wcs, objects, noiseRng: frng.fork('noise') });
      const rel = `images/optical/demo-opt_M82_${filter}.fits`;
      await writeImage(rel, header, image, [spec.width, spec.height]);
      const [cra, cdec] = wcs.pixelToWorld((spec.width - 1) / 2, (spec.height - 1) / 2);
      truthImages.push({
        path: rel,
        survey: 'optical',
        kind: 'image',
        filter,
        width: spec.width,
        height: spec.height,
        centre: { ra: cra, dec: cdec },
        bunit: 'adu',
        projection: 'TAN',
        containsM82: contains(wcs, spec.width, spec.height, M82.ra, M82.dec),
        components: objects.length,
      });
    }
    const optLines = [
      'object_id,kind,ra,dec,mag_u,mag_g,mag_r,mag_i,mag_z,size_arcsec,axis_ratio,pa_deg',
      ...objects.map((o) =>
        [
          o.id,
          o.kind,
          o.ra.toFixed(8),
          o.dec.toFixed(8),
          ...FILTERS.map((f) => (o.r + o.colour[f]).toFixed(3)),
          o.size.toFixed(3),
          o.axisRatio.toFixed(3),
          o.pa.toFixed(2),
        ].join(','),
      ),
    ];
    await writeText('truth/optical-objects.csv', `${optLines.join('\n')}\n`);
  }

  // ---- Catalogues ----
  log(`catalogs: ${vlassRows.length} VLASS components, ${racsLines.length} RACS components`);
  nearestNeighbours(vlassRows);
  await writeText(
    'catalogs/vlass_components.csv',
    `${[vlassComponentHeader(), ...vlassRows.map(vlassComponentRow)].join('\n')}\n`,
  );
  await writeText(
    'catalogs/vlass_components.columns.json',
    describeTable(vlassComponentsDescription('vlass_components')),
  );
  await writeText('catalogs/racs_components.csv', `${[racsComponentHeader(), ...racsLines].join('\n')}\n`);
  await writeText('catalogs/racs_components.columns.json', describeTable(racsComponentsDescription('racs_components')));

  // ---- Visibility metadata (ObsCore rows, no files) ----
  const visRng = root.fork('visibilities');
  const visLines = [visibilityHeader()];
  for (let i = 0; i < plan.visibilityRows.vla; i++) visLines.push(visibilityCsvRow(visibilityRow(visRng, 'VLA', i)));
  for (let i = 0; i < plan.visibilityRows.alma; i++) visLines.push(visibilityCsvRow(visibilityRow(visRng, 'ALMA', i)));
  await writeText('obscore/visibilities.csv', `${visLines.join('\n')}\n`);
  await writeText('obscore/visibilities.columns.json', describeTable(visibilitiesDescription('visibilities')));

  // ---- medium/large extras ----
  if (plan.allSkyCatalog) {
    log('catalogs: all-sky VLASS-like component catalogue (~3.4 million rows, streamed)');
    await writeAllSkyCatalog(root, join(out, 'catalogs/vlass_components_allsky.csv'), log);
    written.push('catalogs/vlass_components_allsky.csv');
    await writeText(
      'catalogs/vlass_components_allsky.columns.json',
      describeTable(vlassComponentsDescription('vlass_components_allsky')),
    );
  }
  if (plan.bulkObscoreRows > 0) {
    log(`obscore: ${plan.bulkObscoreRows} bulk visibility rows (streamed)`);
    await writeBulkVisibilities(root, join(out, 'obscore/visibilities_bulk.csv'), plan.bulkObscoreRows);
    written.push('obscore/visibilities_bulk.csv');
    await writeText(
      'obscore/visibilities_bulk.columns.json',
      describeTable(visibilitiesDescription('visibilities_bulk')),
    );
  }

  // ---- Truth ----
  log('truth');
  const sorted = [...skyComponents.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  await writeText(
    'truth/sources.csv',
    `${[TRUTH_SOURCE_COLUMNS.join(','), ...sorted.map(truthSourceRow)].join('\n')}\n`,
  );
  await writeText(
    'truth/image_sources.csv',
    `${[TRUTH_IMAGE_SOURCE_COLUMNS.join(','), ...truthImageSources.map(truthImageSourceRow)].join('\n')}\n`,
  );
  await writeText('truth/images.json', `${JSON.stringify(truthImages, null, 2)}\n`);

  // ---- Manifest ----
  const manifestFiles = written.filter((f) => f !== 'manifest.json');
  const entries: ManifestEntry[] = await buildManifest(out, manifestFiles);
  const bytes = entries.reduce((s, e) => s + e.bytes, 0);
  await writeFileAtomic(
    join(out, 'manifest.json'),
    `${JSON.stringify({ generator: 'obscura demo', version: GENERATOR_VERSION, size, seed, files: entries }, null, 2)}\n`,
  );
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return {
    out,
    size,
    seed,
    files: entries.length + 1,
    bytes,
    seconds,
    images: truthImages.length,
    vlassComponents: vlassRows.length,
    racsComponents: racsLines.length,
    visibilityRows: visLines.length - 1,
    skyComponents: skyComponents.size,
  };

  async function writeText(rel: string, text: string) {
    await writeFileAtomic(join(out, rel), text);
    written.push(rel);
  }

  function recordRadioTruth(
    rel: string,
    relRms: string | undefined,
    survey: 'vlass' | 'racs',
    epoch: string | undefined,
    spec: RadioImageSpec,
    wcs: Wcs,
    placed: PlacedTruth[],
    names: Map<string, string>,
    rms: number,
    embargo?: { releaseDate: string; proposalId: string },
  ) {
    const [cra, cdec] = wcs.pixelToWorld((spec.width - 1) / 2, (spec.height - 1) / 2);
    const entry: TruthImage = {
      path: rel,
      survey,
      kind: 'image',
      frequencyHz: spec.freqHz,
      beam: spec.beam,
      rmsJyPerBeam: rms,
      width: spec.width,
      height: spec.height,
      centre: { ra: cra, dec: cdec },
      bunit: 'Jy/beam',
      projection: spec.projection,
      containsM82: contains(wcs, spec.width, spec.height, M82.ra, M82.dec),
      components: placed.length,
    };
    if (epoch) entry.epoch = epoch;
    if (embargo) entry.embargo = { ...embargo };
    if (relRms) entry.rmsPath = relRms;
    truthImages.push(entry);
    if (relRms) {
      truthImages.push({ ...entry, path: relRms, kind: 'rms', rmsPath: undefined, components: 0 });
    }
    for (const p of placed) {
      truthImageSources.push({
        image: rel,
        componentId: p.component.id,
        x: p.x,
        y: p.y,
        flux: p.flux,
        peak: p.peak,
        rms: p.rms,
        catalogName: names.get(p.component.id) ?? '',
      });
    }
  }
}

function contains(wcs: Wcs, width: number, height: number, ra: number, dec: number): boolean {
  const [x, y] = wcs.worldToPixel(ra, dec);
  return x >= -0.5 && x < width - 0.5 && y >= -0.5 && y < height - 0.5;
}

/** The reduced window of a QL tile (or the whole tile in large): CRPIX so that the window holds windowCentre. */
function vlassWindow(field: VlassField, plan: DemoPlan) {
  const full = QL_FULL_PIXELS;
  const crpixFull = 1861; // as in the real 3722-pixel QL headers
  const w = plan.vlassPixels;
  if (w >= full)
    return { crpix1: crpixFull, crpix2: crpixFull, centre: { ra: field.subtile.ra, dec: field.subtile.dec } };
  const probe = Wcs.fromParameters({
    ctype: ['RA---SIN', 'DEC--SIN'],
    crval: [field.subtile.ra, field.subtile.dec],
    crpix: [crpixFull, crpixFull],
    cdelt: [-1 / 3600, 1 / 3600],
  });
  const [xc, yc] = probe.worldToPixel(field.windowCentre.ra, field.windowCentre.dec);
  const x0 = Math.max(0, Math.min(full - w, Math.round(xc - w / 2)));
  const y0 = Math.max(0, Math.min(full - w, Math.round(yc - w / 2)));
  const [ra, dec] = probe.pixelToWorld(x0 + (w - 1) / 2, y0 + (w - 1) / 2);
  return { crpix1: crpixFull - x0, crpix2: crpixFull - y0, centre: { ra, dec } };
}

function measureVlass(
  rng: Random,
  placed: PlacedTruth[],
  beam: Beam,
  field: VlassField,
  spec: RadioImageSpec,
  wcs: Wcs,
  names: Map<string, string>,
): VlassRowInput[] {
  const rows: VlassRowInput[] = [];
  const edge = 5;
  const bySource = new Map<string, number>();
  const measured = placed
    .filter((p) => p.x >= edge && p.y >= edge && p.x < spec.width - edge && p.y < spec.height - edge)
    .map((p) => ({ p, m: measure(rng, { ...p.component, flux: p.flux, peak: p.peak }, beam, p.rms, p.noise) }))
    .filter(({ m }) => m.peak >= DETECTION_SIGMA * m.rms);
  for (const { p } of measured) bySource.set(p.component.sourceId, (bySource.get(p.component.sourceId) ?? 0) + 1);
  const islands = new Map<string, number>();
  for (const { p, m } of measured) {
    const [x, y] = wcs.worldToPixel(m.ra, m.dec);
    const src = p.component.sourceId;
    if (!islands.has(src)) islands.set(src, islands.size + 1);
    const row: VlassRowInput = {
      componentId: 0,
      islandId: islands.get(src)!,
      m,
      x,
      y,
      multi: (bySource.get(src) ?? 1) > 1,
      tile: field.subtile.tile,
      subtile: field.subtile.subtile,
      imageRa: field.subtile.ra,
      imageDec: field.subtile.dec,
      sourceName: p.component.name ?? `VLASS1QLCIR ${jName(m.ra, m.dec, 2)}`,
      nnDist: 0,
      beam,
    };
    names.set(p.component.id, `VLASS1QLCIR ${jName(m.ra, m.dec, 2)}`);
    rows.push(row);
  }
  return rows;
}

function nearestNeighbours(rows: VlassRowInput[]): void {
  rows.forEach((r, i) => {
    r.componentId = i + 1;
    let best = Number.POSITIVE_INFINITY;
    for (const o of rows) {
      if (o === r || Math.abs(o.m.dec - r.m.dec) > best / 3600) continue;
      best = Math.min(best, angularDistance(r.m.ra, r.m.dec, o.m.ra, o.m.dec) * 3600);
    }
    r.nnDist = Number.isFinite(best) ? best : -99;
  });
}

function measureRacs(
  rng: Random,
  placed: PlacedTruth[],
  beam: Beam,
  spec: RadioImageSpec,
  sbid: number,
  fieldName: string,
  names: Map<string, string>,
): string[] {
  const edge = 5;
  const measured = placed
    .filter((p) => p.x >= edge && p.y >= edge && p.x < spec.width - edge && p.y < spec.height - edge)
    .map((p) => ({ p, m: measure(rng, { ...p.component, flux: p.flux, peak: p.peak }, beam, p.rms, p.noise) }))
    .filter(({ m }) => m.peak >= DETECTION_SIGMA * m.rms);
  const perSource = new Map<string, { n: number; total: number }>();
  for (const { p, m } of measured) {
    const s = perSource.get(p.component.sourceId) ?? { n: 0, total: 0 };
    s.n++;
    s.total += m.total;
    perSource.set(p.component.sourceId, s);
  }
  const sourceIds = new Map<string, string>();
  return measured.map(({ p, m }, i) => {
    const src = p.component.sourceId;
    if (!sourceIds.has(src)) sourceIds.set(src, `RACS_${fieldName}_${String(sourceIds.size + 1).padStart(5, '0')}`);
    const s = perSource.get(src)!;
    const gid = `${sourceIds.get(src)}_${String(i + 1).padStart(5, '0')}`;
    names.set(p.component.id, gid);
    return racsComponentRow({
      gaussianId: gid,
      sourceId: sourceIds.get(src)!,
      tile: `RACS_${fieldName}`,
      sbid,
      obsStartMjd: mjdOf(spec.dateObs),
      nGaus: s.n,
      sourceTotal: s.total,
      separationDeg: angularDistance(m.ra, m.dec, spec.crval1, spec.crval2),
      m,
    });
  });
}

/** Removes a previously generated archive directory (used by the CLI's --force). */
export async function removeArchive(out: string): Promise<void> {
  await rm(out, { recursive: true, force: true });
}

export { fluxAt };
