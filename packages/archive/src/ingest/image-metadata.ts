// An image's ObsCore 1.1 row (and its ObsCore radio extension row) computed from its FITS header and WCS alone, so
// that it can be tested on real headers without data. Each column says where its value comes from.
import { convertSpectral, type HeaderLike, type SpectralType, Wcs } from '@obscura/fits';
import type { Row } from '../database.ts';
import { filterBand } from './bands.ts';
import { imageFootprint, stcsPolygon } from './footprint.ts';
import { DATALINK_FORMAT, datalinkUrl, obsIdOf, publisherDid } from './identifiers.ts';
import { primaryBeamDeg, radioFacility, SPEED_OF_LIGHT } from './instruments.ts';
import { polStates } from './stokes.ts';
import { timeCoverage } from './times.ts';

export interface ImageIdentity {
  collection: string;
  authority: string;
  /** Server root URL the DataLink access_url is built on. */
  baseUrl: string;
  /** File name (the last part of obs_publisher_did). */
  fileName: string;
  /** File size in bytes (access_estsize). */
  sizeBytes: number;
  /** ObsCore calib_level (default 2: calibrated science image, ObsCore 1.1 §4.2). */
  calibLevel?: number;
  /** obs_release_date override (ISO 8601); else DATE-RLS / RELEASE, else DATE, else DATE-OBS. */
  releaseDate?: string;
}

export interface ImageMetadata {
  obscore: Row;
  /** ivoa.obscore_radio row, for radio images (restoring beam or a known radio array). */
  radio: Row | null;
  warnings: string[];
}

const ARCSEC_PER_DEG = 3600;

function num(h: HeaderLike, k: string): number | undefined {
  const v = h.get(k);
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'bigint') return Number(v);
  return undefined;
}

function str(h: HeaderLike, k: string): string | undefined {
  const v = h.get(k);
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** ISO 8601 timestamp without zone (DALI 1.1 §3.3.3), from a FITS date value. */
function isoTimestamp(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const m = /^(\d{4}-\d\d-\d\d)(?:T(\d\d:\d\d(?::\d\d(?:\.\d+)?)?))?/.exec(text.trim());
  if (!m) return undefined;
  return m[2] ? `${m[1]}T${m[2].length === 5 ? `${m[2]}:00` : m[2]}` : `${m[1]}T00:00:00`;
}

interface SpectralCoverage {
  freqMin: number;
  freqMax: number;
  /** Reference frequency (CRVAL of the axis in Hz, or the band centre). */
  freqRef: number;
  channels: number;
  /** Channel width in Hz. */
  channelWidth: number;
}

/**
 * Frequency coverage of a spectral WCS axis: the world values at the outer channel edges (pixel −0.5 and n − 0.5),
 * so a single-channel MFS image covers CRVAL ± CDELT/2 (VLASS QL: 3 GHz ± 1.036 GHz → 1.964–4.036 GHz). Non-FREQ
 * axes (WAVE, VRAD, …) are converted to frequency with FITS-WCS Paper III §3 (rest frequency where needed).
 */
function spectralCoverage(wcs: Wcs, warnings: string[]): SpectralCoverage | undefined {
  const s = wcs.spectralAxis;
  if (s < 0 || !wcs.spectral) return undefined;
  const axis = wcs.axes[s];
  const n = Math.max(1, axis.size);
  const type = axis.coordinateType as SpectralType;
  const toHz = (v: number): number => {
    if (type === 'FREQ') return v;
    return convertSpectral(v, type, 'FREQ', {
      restFrequency: wcs.description.restFrequency,
      restWavelength: wcs.description.restWavelength,
    });
  };
  const a = toHz(wcs.spectralPixelToWorld(-0.5));
  const b = toHz(wcs.spectralPixelToWorld(n - 0.5));
  const ref = toHz(wcs.spectralPixelToWorld(wcs.crpix[s] - 1));
  if (!Number.isFinite(a) || !Number.isFinite(b) || a <= 0 || b <= 0) {
    warnings.push(`spectral axis ${axis.ctype} gives no usable frequency range`);
    return undefined;
  }
  return {
    freqMin: Math.min(a, b),
    freqMax: Math.max(a, b),
    freqRef: Number.isFinite(ref) && ref > 0 ? ref : (a + b) / 2,
    channels: n,
    // A linear FREQ axis: the pixel spacing itself (CDELT × PC), exactly; other types: the mean over the axis.
    channelWidth: type === 'FREQ' ? Math.abs(wcs.matrix[s * wcs.naxis + s]) : Math.abs(b - a) / n,
  };
}

/** STOKES codes of every plane along the Stokes axis (Paper I §5.4). */
function stokesCodes(wcs: Wcs): number[] {
  const s = wcs.stokesAxis;
  if (s < 0) return [];
  const n = Math.max(1, wcs.axes[s].size);
  const out: number[] = [];
  const delta = wcs.matrix[s * wcs.naxis + s];
  for (let p = 0; p < n; p++) out.push(wcs.crval[s] + delta * (p + 1 - wcs.crpix[s]));
  return out;
}

/** o_ucd from the pixel unit (ObsCore 1.1 §4.18, UCD1+ words). */
function observableUcd(bunit: string | undefined): string | undefined {
  if (!bunit) return undefined;
  const u = bunit.toLowerCase().replace(/\s/g, '');
  if (u.startsWith('jy') || u === 'mjy/beam' || u === 'k') return 'phot.flux.density';
  if (u === 'adu' || u === 'count' || u === 'counts' || u === 'ct' || u === 'dn' || u === 'electrons') {
    return 'phot.count';
  }
  return undefined;
}

/** Computes the rows for one image. Throws when the header has no usable celestial WCS. */
export function imageMetadata(header: HeaderLike, id: ImageIdentity): ImageMetadata {
  const warnings: string[] = [];
  const wcs = Wcs.fromHeader(header);
  for (const d of wcs.diagnostics) if (d.severity === 'warning') warnings.push(`WCS: ${d.message}`);
  const cel = wcs.celestial();
  if (!cel) throw new Error('the image has no celestial WCS axes (RA/Dec), so it has no footprint');
  if (wcs.frame && wcs.frame.system !== 'equatorial') {
    throw new Error(`the image's celestial frame is ${wcs.frame.system}; only equatorial (ICRS/FK5) is supported`);
  }
  if (wcs.frame && !wcs.frame.icrsCompatible) {
    warnings.push(`RADESYS ${wcs.frame.radesys ?? '?'} is not ICRS-compatible; positions are used as they are`);
  }
  const [width, height] = wcs.celestialImageSize;
  if (!(width > 0 && height > 0)) throw new Error('NAXIS1/NAXIS2 are missing or zero');

  // Position (ObsCore 1.1 §4.10-4.13): the centre pixel, the outline of the outer pixel edges, and s_fov as the
  // diameter of the smallest circle enclosing that outline.
  const [sRa, sDec] = cel.pixelToWorld((width - 1) / 2, (height - 1) / 2);
  const footprint = imageFootprint(cel, width, height);
  if (!footprint) warnings.push('part of the image outline is off the sky: no s_region polygon');
  const pixelScaleArcsec = cel.pixelScale().mean * ARCSEC_PER_DEG;

  // Resolution (ObsCore 1.1 §4.11): the restoring beam major axis FWHM (BMAJ, degrees) for radio images; for
  // optical images the seeing FWHM (SEEING / PSF_FWHM, arcsec), else twice the pixel scale (Nyquist).
  const bmaj = num(header, 'BMAJ');
  const bmin = num(header, 'BMIN');
  const bpa = num(header, 'BPA');
  const seeing = num(header, 'SEEING') ?? num(header, 'PSF_FWHM') ?? num(header, 'FWHM');
  // Real VLASS rms headers carry BMAJ = 'INF' (corpus VLASS1.1…T06t24…rms.subim): a beam that is not a number
  // leaves the resolution unknown rather than guessing.
  const badBeam = header.get('BMAJ') !== undefined && bmaj === undefined;
  if (badBeam) warnings.push(`BMAJ = ${JSON.stringify(header.get('BMAJ'))} is not a beam size: no s_resolution`);
  const sResolution = badBeam
    ? undefined
    : bmaj !== undefined
      ? bmaj * ARCSEC_PER_DEG
      : seeing !== undefined
        ? seeing
        : 2 * pixelScaleArcsec;

  // Spectral coverage (ObsCore 1.1 §4.15-4.17): the WCS spectral axis, else the FILTER bandpass.
  const spec = spectralCoverage(wcs, warnings);
  let emMin: number | undefined;
  let emMax: number | undefined;
  let emResPower: number | undefined;
  let emXel: number | undefined;
  if (spec) {
    emMin = SPEED_OF_LIGHT / spec.freqMax;
    emMax = SPEED_OF_LIGHT / spec.freqMin;
    emResPower = (spec.freqMin + spec.freqMax) / 2 / spec.channelWidth;
    emXel = spec.channels;
  } else {
    const filter = str(header, 'FILTER');
    const band = filterBand(filter);
    if (band) {
      emMin = band.min;
      emMax = band.max;
      emResPower = (band.min + band.max) / 2 / (band.max - band.min);
      emXel = 1;
    } else if (filter) warnings.push(`FILTER '${filter}' is not a known band: no spectral coverage`);
    else warnings.push('no spectral axis and no FILTER keyword: no spectral coverage');
  }
  const freqMin = spec?.freqMin ?? (emMax ? SPEED_OF_LIGHT / emMax : undefined);
  const freqMax = spec?.freqMax ?? (emMin ? SPEED_OF_LIGHT / emMin : undefined);

  const time = timeCoverage(header);
  if (time.tMin === undefined) warnings.push('no DATE-OBS or MJD-OBS: no time coverage');
  const pol = polStates(stokesCodes(wcs));
  const telescop = str(header, 'TELESCOP');
  const facility = radioFacility(telescop);
  const bunit = str(header, 'BUNIT');

  const obsId = obsIdOf(id.fileName);
  const did = publisherDid(id.authority, id.collection, obsId, id.fileName);
  const cube = (spec?.channels ?? 1) > 1;
  const target =
    str(header, 'OBJECT') ??
    (str(header, 'FILNAM05') && str(header, 'FILNAM01')?.startsWith('VLASS')
      ? str(header, 'FILNAM05')
      : str(header, 'FIELD'));
  const facilityName = facility?.name ?? telescop;
  const bandText =
    spec && freqMin && freqMax
      ? `${(freqMin / 1e9).toFixed(3)}-${(freqMax / 1e9).toFixed(3)} GHz`
      : (str(header, 'FILTER') ?? '');

  const obscore: Row = {
    dataproduct_type: cube ? 'cube' : 'image',
    calib_level: id.calibLevel ?? 2,
    obs_collection: id.collection,
    obs_id: obsId,
    obs_publisher_did: did,
    access_url: datalinkUrl(id.baseUrl, did),
    access_format: DATALINK_FORMAT,
    access_estsize: Math.ceil(id.sizeBytes / 1000), // kbyte = 1000 bytes (VOUnits 1.0 §2.4)
    target_name: target,
    s_ra: sRa,
    s_dec: sDec,
    s_fov: footprint ? 2 * footprint.circle.radius : undefined,
    s_region: footprint ? stcsPolygon(footprint.vertices) : undefined,
    s_resolution: sResolution,
    s_xel1: width,
    s_xel2: height,
    t_min: time.tMin,
    t_max: time.tMax,
    t_exptime: time.exptime,
    t_resolution: time.exptime,
    t_xel: time.tMin !== undefined ? 1 : undefined,
    em_min: emMin,
    em_max: emMax,
    em_res_power: emResPower,
    em_xel: emXel,
    o_ucd: observableUcd(bunit),
    pol_states: pol?.states,
    pol_xel: pol?.count,
    facility_name: facilityName,
    instrument_name: str(header, 'INSTRUME'),
    obs_title: `${facilityName ?? id.collection} ${cube ? 'cube' : 'image'} of ${target ?? obsId} ${bandText}`
      .trim()
      .slice(0, 200),
    obs_creation_date: isoTimestamp(str(header, 'DATE')),
    obs_release_date:
      isoTimestamp(id.releaseDate) ??
      isoTimestamp(str(header, 'DATE-RLS') ?? str(header, 'RELEASE')) ??
      isoTimestamp(str(header, 'DATE')) ??
      isoTimestamp(str(header, 'DATE-OBS')),
    s_ucd: 'pos.eq',
    s_unit: 'deg',
    s_pixel_scale: pixelScaleArcsec,
    em_ucd: spec ? 'em.freq' : emMin !== undefined ? 'em.wl' : undefined,
    em_unit: 'm',
    o_unit: bunit,
    proposal_id: str(header, 'PROPOSAL') ?? str(header, 'PROJECT') ?? str(header, 'PROPID'),
    freq_min: freqMin,
    freq_max: freqMax,
    beam_major: bmaj !== undefined ? bmaj * ARCSEC_PER_DEG : undefined,
    beam_minor: bmin !== undefined ? bmin * ARCSEC_PER_DEG : undefined,
    beam_pa: bpa,
    rms_noise: num(header, 'RMS') ?? num(header, 'NOISE') ?? num(header, 'RMS_NOISE'),
  };
  for (const k of Object.keys(obscore)) if (obscore[k] === undefined) delete obscore[k];

  let radio: Row | null = null;
  if (bmaj !== undefined || facility) {
    // ObsCore radio extension (Endorsed Note 1.0 §2): resolution ∝ 1/ν for a fixed array, so the restoring beam at
    // the reference frequency scales to the band edges; the primary beam (field of view) ∝ 1/ν for the dish size.
    radio = { obs_publisher_did: did };
    if (spec && sResolution !== undefined && bmaj !== undefined) {
      radio.s_resolution_min = sResolution * (spec.freqRef / spec.freqMax);
      radio.s_resolution_max = sResolution * (spec.freqRef / spec.freqMin);
    }
    if (spec && facility) {
      radio.s_fov_min = primaryBeamDeg(spec.freqMax, facility.dishDiameter);
      radio.s_fov_max = primaryBeamDeg(spec.freqMin, facility.dishDiameter);
    }
    if (spec) radio.f_resolution = spec.channelWidth / 1000; // kHz
    if (facility) {
      radio.instr_tel_number = facility.antennas;
      radio.instr_tel_diameter = facility.dishDiameter;
    }
  }
  return { obscore, radio, warnings };
}
