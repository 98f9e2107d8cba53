// VLA and ALMA visibility metadata as ObsCore 1.1 rows (dataproduct_type 'visibility', calib_level 1, no file) with
// NRAO's freq_min/freq_max (../shared/corpus/astroquery/astroquery/nrao/tests/data/nrao-empty.txt) and the columns of
// the IVOA ObsCore radio extension (../shared/corpus/obscore-radio/obs_radio_columns.csv).
// Band edges and resolutions: VLA Observational Status Summary (bands L 1-2, S 2-4, C 4-8, X 8-12, Ku 12-18,
// K 18-26.5, Ka 26.5-40, Q 40-50 GHz; synthesized beam at band centre per configuration, maximum baselines
// A 36.4, B 11.1, C 3.4, D 1.03 km, shortest 0.68/0.21/0.035/0.035 km; primary beam FWHM ≈ 42'/ν[GHz]).
// ALMA Technical Handbook (bands 3..10 edges; 12-m array configurations C43-1..10 with maximum baselines
// 0.16..16.2 km, θ_res ≈ 76"/(L_max[km]·ν[GHz]); primary beam FWHM ≈ 19"·300/ν[GHz]; shortest baseline 15 m).
import type { Random } from '../random.ts';
import { csvField, fixed, sig } from '../write-atomic.ts';
import { type ColumnRow, columnsFromRows, type TableDescription } from './columns.ts';

const C = 299792458;

export const VLA_BANDS = {
  L: [1, 2],
  S: [2, 4],
  C: [4, 8],
  X: [8, 12],
  Ku: [12, 18],
  K: [18, 26.5],
  Ka: [26.5, 40],
  Q: [40, 50],
} as const satisfies Record<string, readonly [number, number]>;

/** Synthesized beam FWHM (arcsec) at the band centre per configuration (VLA OSS resolution table). */
export const VLA_RESOLUTION: Record<'A' | 'B' | 'C' | 'D', Record<keyof typeof VLA_BANDS, number>> = {
  A: { L: 1.3, S: 0.65, C: 0.33, X: 0.2, Ku: 0.13, K: 0.089, Ka: 0.066, Q: 0.043 },
  B: { L: 4.3, S: 2.1, C: 1.0, X: 0.6, Ku: 0.42, K: 0.28, Ka: 0.19, Q: 0.14 },
  C: { L: 14, S: 7.0, C: 3.5, X: 2.1, Ku: 1.4, K: 0.95, Ka: 0.63, Q: 0.47 },
  D: { L: 46, S: 23, C: 12, X: 7.2, Ku: 4.6, K: 3.1, Ka: 2.1, Q: 1.5 },
};
const VLA_BASELINES_KM = { A: [0.68, 36.4], B: [0.21, 11.1], C: [0.035, 3.4], D: [0.035, 1.03] } as const;

export const ALMA_BANDS: Record<number, readonly [number, number]> = {
  3: [84, 116],
  4: [125, 163],
  5: [163, 211],
  6: [211, 275],
  7: [275, 373],
  8: [385, 500],
  9: [602, 720],
  10: [787, 950],
};
const ALMA_MAX_BASELINE_KM = [0.16, 0.31, 0.5, 0.78, 1.4, 2.5, 3.6, 8.5, 13.9, 16.2];

interface Target {
  name: string;
  ra: number;
  dec: number;
}

// Well-known targets (ICRS, SIMBAD) plus the demo image fields.
const TARGETS: Target[] = [
  { name: 'M82', ra: 148.9684583, dec: 69.6797028 },
  { name: 'M81', ra: 148.8882208, dec: 69.0653028 },
  { name: 'M87', ra: 187.7059308, dec: 12.3911233 },
  { name: '3C286', ra: 202.7845329, dec: 30.509155 },
  { name: '3C147', ra: 85.650575, dec: 49.8520092 },
  { name: 'Cyg A', ra: 299.8681525, dec: 40.7339156 },
  { name: 'Cas A', ra: 350.85, dec: 58.815 },
  { name: 'Sgr A*', ra: 266.4168371, dec: -29.0078106 },
  { name: 'Orion KL', ra: 83.8099, dec: -5.3724 },
  { name: 'TW Hya', ra: 165.4665854, dec: -34.7047335 },
  { name: 'HL Tau', ra: 67.9102, dec: 18.2321 },
  { name: 'NGC 253', ra: 11.888, dec: -25.2882 },
  { name: 'Arp 220', ra: 233.7379, dec: 23.5032 },
  { name: 'J0754-0330', ra: 118.5, dec: -3.5 },
  { name: 'J0638+1130', ra: 99.5, dec: 11.5 },
];

export interface VisibilityRow {
  [column: string]: string | number;
}

const COLUMNS: ColumnRow[] = [
  ['dataproduct_type', '', 'meta.code.class', 'char', 'Data product type: visibility'],
  ['calib_level', '', 'meta.code;obs.calib', 'int', 'Calibration level (1: raw instrumental data)'],
  ['obs_collection', '', 'meta.id', 'char', 'Collection'],
  ['obs_id', '', 'meta.id', 'char', 'Observation (execution block) identifier'],
  ['obs_publisher_did', '', 'meta.ref.ivoid', 'char', 'Publisher dataset identifier'],
  ['access_url', '', 'meta.ref.url', 'char', 'Empty: visibilities are metadata only in the demo'],
  ['access_format', '', 'meta.code.mime', 'char', 'Format of the data (if it were served)'],
  ['access_estsize', 'kbyte', 'phys.size;meta.file', 'long', 'Estimated size of the measurement set'],
  ['target_name', '', 'meta.id;src', 'char', 'Target'],
  ['s_ra', 'deg', 'pos.eq.ra', 'double', 'Phase centre RA (ICRS)'],
  ['s_dec', 'deg', 'pos.eq.dec', 'double', 'Phase centre Dec (ICRS)'],
  ['s_fov', 'deg', 'phys.angSize;instr.fov', 'double', 'Primary beam FWHM at the band centre'],
  ['s_region', '', 'pos.outline;obs.field', 'char', 'Primary-beam circle (DALI/STC-S)'],
  ['s_resolution', 'arcsec', 'pos.angResolution', 'double', 'Synthesized beam at the band centre'],
  ['t_min', 'd', 'time.start;obs.exposure', 'double', 'Start, MJD'],
  ['t_max', 'd', 'time.end;obs.exposure', 'double', 'End, MJD'],
  ['t_exptime', 's', 'time.duration;obs.exposure', 'double', 'On-source time'],
  ['t_resolution', 's', 'time.resolution', 'double', 'Integration time'],
  ['em_min', 'm', 'em.wl;stat.min', 'double', 'Shortest wavelength'],
  ['em_max', 'm', 'em.wl;stat.max', 'double', 'Longest wavelength'],
  ['em_res_power', '', 'spect.resolution', 'double', 'Spectral resolving power ν/Δν'],
  ['o_ucd', '', 'meta.ucd', 'char', 'Observable'],
  ['pol_states', '', 'meta.code;phys.polarization', 'char', 'Polarization products'],
  ['facility_name', '', 'meta.id;instr.tel', 'char', 'Facility'],
  ['instrument_name', '', 'meta.id;instr', 'char', 'Instrument / receiver band'],
  ['proposal_id', '', 'meta.id', 'char', 'Proposal (project) code'],
  ['obs_release_date', '', 'time.release', 'char', 'Public release date (ISO 8601); future = proprietary'],
  ['data_rights', '', 'meta.code', 'char', 'public or proprietary at generation time reference'],
  ['freq_min', 'Hz', 'em.freq;stat.min', 'double', 'Lowest frequency'],
  ['freq_max', 'Hz', 'em.freq;stat.max', 'double', 'Highest frequency'],
  ['configuration', '', 'instr.setup', 'char', 'Array configuration'],
  ['band', '', 'instr.bandpass', 'char', 'Receiver band'],
  ['s_resolution_min', 'arcsec', 'pos.angResolution;stat.min', 'double', 'Resolution at freq_max'],
  ['s_resolution_max', 'arcsec', 'pos.angResolution;stat.max', 'double', 'Resolution at freq_min'],
  ['s_fov_min', 'deg', 'phys.angSize;instr.fov;stat.min', 'double', 'Primary beam at freq_max'],
  ['s_fov_max', 'deg', 'phys.angSize;instr.fov;stat.max', 'double', 'Primary beam at freq_min'],
  ['s_maximum_angular_scale', 'arcsec', 'phys.angSize;stat.max', 'double', 'Largest angular scale (shortest baseline)'],
  ['f_resolution', 'kHz', 'em.freq;stat.max', 'double', 'Channel width'],
  ['t_exp_min', 's', 'time.duration;obs.exposure;stat.min', 'double', 'Shortest integration'],
  ['t_exp_max', 's', 'time.duration;obs.exposure;stat.max', 'double', 'Longest integration'],
  ['t_exp_mean', 's', 'time.duration;obs.exposure;stat.mean', 'double', 'Mean integration'],
  ['uv_distance_min', 'm', 'stat.fourier;pos;stat.min', 'double', 'Shortest projected baseline'],
  ['uv_distance_max', 'm', 'stat.fourier;pos;stat.max', 'double', 'Longest projected baseline'],
  ['instrument_ant_number', '', 'meta.number;instr.param', 'int', 'Antennas in the array'],
  ['instrument_ant_min_dist', 'm', 'instr.baseline;stat.min', 'double', 'Shortest antenna separation'],
  ['instrument_ant_max_dist', 'm', 'instr.baseline;stat.max', 'double', 'Longest antenna separation'],
  ['instrument_ant_diameter', 'm', 'instr.param', 'double', 'Antenna diameter'],
];

export const VISIBILITY_COLUMNS = COLUMNS.map((c) => c[0]);

export function visibilitiesDescription(table: string): TableDescription {
  return {
    table,
    description:
      'Synthetic VLA and ALMA visibility metadata (ObsCore 1.1 + freq_min/freq_max + ObsCore radio extension ' +
      'columns). No files: access_url is empty here (ingest points it at the DataLink service). Rows with ' +
      'obs_release_date in the future are proprietary.',
    ra: 's_ra',
    dec: 's_dec',
    columns: columnsFromRows(COLUMNS),
  };
}

const MJD_2012 = 55927; // 2012-01-01
const MJD_2026_10 = 61314; // 2026-10-31
/** Generation reference date for data_rights (deterministic; not the clock). */
export const RIGHTS_REFERENCE = '2026-11-01';

function isoOfMjd(mjd: number): string {
  return new Date((mjd - 40587) * 86400000).toISOString().slice(0, 19);
}

/** One visibility row; `target` from the list or a random sky position (bulk rows). */
export function visibilityRow(rng: Random, facility: 'VLA' | 'ALMA', n: number, randomSky = false): VisibilityRow {
  let target: Target;
  if (randomSky) {
    const decMin = facility === 'VLA' ? -40 : -90;
    const decMax = facility === 'VLA' ? 90 : 47;
    const s = rng.range(Math.sin((decMin * Math.PI) / 180), Math.sin((decMax * Math.PI) / 180));
    const dec = (Math.asin(s) * 180) / Math.PI;
    const ra = rng.range(0, 360);
    target = { name: `FIELD_${Math.floor(ra * 10)}${dec < 0 ? 'm' : 'p'}${Math.floor(Math.abs(dec) * 10)}`, ra, dec };
  } else {
    const visible = TARGETS.filter((t) => (facility === 'VLA' ? t.dec > -40 : t.dec < 47));
    target = rng.pick(visible);
  }
  const tMin = MJD_2012 + rng.uniform() * (MJD_2026_10 - MJD_2012);
  const duration = rng.range(0.5, 6) / 24;
  const tMax = tMin + duration;
  const year = new Date((tMin - 40587) * 86400000).getUTCFullYear();
  let fMin: number;
  let fMax: number;
  let resCentre: number;
  let band: string;
  let config: string;
  let lMin: number;
  let lMax: number;
  let pb: (ghz: number) => number;
  let proposal: string;
  let obsId: string;
  if (facility === 'VLA') {
    const b = rng.pick(Object.keys(VLA_BANDS) as Array<keyof typeof VLA_BANDS>);
    const cfg = rng.pick(['A', 'B', 'C', 'D'] as const);
    [fMin, fMax] = VLA_BANDS[b];
    resCentre = VLA_RESOLUTION[cfg][b];
    band = b;
    config = cfg;
    [lMin, lMax] = VLA_BASELINES_KM[cfg].map((km) => km * 1000);
    pb = (ghz) => 42 / 60 / ghz;
    proposal = `${year % 100}${rng.pick(['A', 'B'])}-${String(100 + rng.int(400))}`;
    obsId = `${proposal}.sb${3e7 + Math.floor(rng.uniform() * 1e7)}.eb${3e7 + Math.floor(rng.uniform() * 1e7)}.${fixed(tMin, 5)}`;
  } else {
    const b = 3 + rng.int(8);
    const k = rng.int(10);
    [fMin, fMax] = ALMA_BANDS[b];
    const centre = (fMin + fMax) / 2;
    resCentre = 76 / (ALMA_MAX_BASELINE_KM[k] * centre);
    band = String(b);
    config = `C43-${k + 1}`;
    lMin = 15;
    lMax = ALMA_MAX_BASELINE_KM[k] * 1000;
    pb = (ghz) => (19 * (300 / ghz)) / 3600;
    proposal = `${Math.max(2011, year - 1)}.1.${String(rng.int(1600)).padStart(5, '0')}.${rng.pick(['S', 'S', 'S', 'L', 'T'])}`;
    obsId = `uid://A002/X${(0x9000000 + rng.int(0x6ffffff)).toString(16)}/X${rng.int(0xfffff).toString(16)}`;
  }
  // ALMA and VLA sample 4 GHz / 2 GHz or less of the band: a random sub-band.
  const width = Math.min(fMax - fMin, facility === 'ALMA' ? 7.5 : (fMax - fMin) * rng.range(0.5, 1));
  const lo = fMin + rng.uniform() * (fMax - fMin - width);
  const hi = lo + width;
  const centre = (lo + hi) / 2;
  const bandCentre = (fMin + fMax) / 2;
  const res = resCentre * (bandCentre / centre);
  const fov = pb(centre);
  // Proprietary period 12 months (VLA, ALMA cycles); large programmes started in 2026 keep 24 months.
  const longPeriod = tMin > 61041 && rng.uniform() < 0.5; // after 2026-02-01
  const releaseMjd = tMax + (longPeriod ? 730 : 365);
  const release = isoOfMjd(releaseMjd);
  const channelKHz =
    facility === 'VLA' ? rng.pick([125, 250, 500, 1000, 2000]) : rng.pick([61, 122, 244, 488, 1953, 15625]);
  const tInt = facility === 'VLA' ? rng.pick([1, 2, 3, 5]) : rng.pick([2.016, 6.048]);
  const exptime = duration * 86400 * rng.range(0.4, 0.8);
  const nAnt = facility === 'VLA' ? 27 - rng.int(3) : 43 + rng.int(8);
  const las = ((0.6 * (C / (hi * 1e9))) / lMin) * 206264.806;
  const collection = facility;
  const row: VisibilityRow = {
    dataproduct_type: 'visibility',
    calib_level: 1,
    obs_collection: collection,
    obs_id: obsId,
    obs_publisher_did: `ivo://obscura.demo/${collection}?${obsId}`,
    access_url: '',
    access_format: 'application/x-ms',
    access_estsize: Math.round(exptime * nAnt * nAnt * 0.02 * (1 + rng.uniform())) * 1000,
    target_name: target.name,
    s_ra: fixed(target.ra, 7),
    s_dec: fixed(target.dec, 7),
    s_fov: sig(fov, 6),
    s_region: `CIRCLE ICRS ${fixed(target.ra, 7)} ${fixed(target.dec, 7)} ${sig(fov / 2, 6)}`,
    s_resolution: sig(res, 5),
    t_min: fixed(tMin, 6),
    t_max: fixed(tMax, 6),
    t_exptime: fixed(exptime, 1),
    t_resolution: tInt,
    em_min: sig(C / (hi * 1e9), 8),
    em_max: sig(C / (lo * 1e9), 8),
    em_res_power: sig((centre * 1e6) / channelKHz, 6),
    o_ucd: 'phot.flux.density;phys.polarization',
    pol_states: facility === 'VLA' ? '/RR/LL/RL/LR/' : '/XX/YY/',
    facility_name: facility,
    instrument_name: facility === 'VLA' ? `VLA ${band}-band` : `ALMA Band ${band}`,
    proposal_id: proposal,
    obs_release_date: release,
    data_rights: release.slice(0, 10) > RIGHTS_REFERENCE ? 'proprietary' : 'public',
    freq_min: sig(lo * 1e9, 10),
    freq_max: sig(hi * 1e9, 10),
    configuration: config,
    band,
    s_resolution_min: sig(res * (centre / hi), 5),
    s_resolution_max: sig(res * (centre / lo), 5),
    s_fov_min: sig(pb(hi), 6),
    s_fov_max: sig(pb(lo), 6),
    s_maximum_angular_scale: sig(las, 5),
    f_resolution: channelKHz,
    t_exp_min: tInt,
    t_exp_max: tInt,
    t_exp_mean: tInt,
    uv_distance_min: sig(lMin * rng.range(0.9, 1.2), 5),
    uv_distance_max: sig(lMax * rng.range(0.8, 1), 6),
    instrument_ant_number: nAnt,
    instrument_ant_min_dist: lMin,
    instrument_ant_max_dist: lMax,
    instrument_ant_diameter: facility === 'VLA' ? 25 : 12,
  };
  void n;
  return row;
}

export function visibilityHeader(): string {
  return VISIBILITY_COLUMNS.join(',');
}

export function visibilityCsvRow(row: VisibilityRow): string {
  return VISIBILITY_COLUMNS.map((c) => csvField(row[c] as string | number)).join(',');
}
