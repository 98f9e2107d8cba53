// Realistic radio-archive ADQL against the demo archive's real schema (packages/archive: ivoa.obscore with the radio
// extension columns, ivoa.obscore_radio; the demo's catalogues vlass.components (CIRADA VLASS QL columns) and
// racs.components (RACS-low, Hale et al. 2021 columns), see packages/demo/src/catalogs/*.columns.json). Every one
// must return the same rows on SQLite and PostgreSQL + pgSphere (demo-archive.integration.test.ts). An ORDER BY
// here always ends with a unique key, so the order is deterministic on both backends.

/** M82, ICRS (the demo sky model's M82). */
const M82 = '148.96845833, 69.67970278';

export const DEMO_QUERIES: readonly string[] = [
  // ObsCore by frequency (radio extension freq_min / freq_max, Hz) — the radio extension's advice.
  `SELECT obs_publisher_did, obs_collection, freq_min, freq_max FROM ivoa.obscore
   WHERE freq_min <= 1.4e9 AND freq_max >= 1.4e9 ORDER BY obs_publisher_did`,
  `SELECT obs_collection, COUNT(*) AS n, MIN(freq_min) AS lo, MAX(freq_max) AS hi FROM ivoa.obscore
   WHERE freq_max BETWEEN 1e9 AND 5e10 GROUP BY obs_collection`,
  // ... the same band through em_min / em_max (metres) and ivo_specconv.
  `SELECT obs_publisher_did FROM ivoa.obscore
   WHERE em_min <= ivo_specconv(3.0e9, 'Hz', 'm') AND em_max >= ivo_specconv(3.0e9, 'Hz', 'm')`,
  `SELECT obs_publisher_did, ivo_specconv(em_min, 'm', 'GHz') AS f_hi_ghz FROM ivoa.obscore
   WHERE dataproduct_type = 'image' AND obs_collection = 'VLASS' ORDER BY obs_publisher_did`,
  `SELECT obs_publisher_did FROM ivoa.obscore WHERE ivo_interval_overlaps(freq_min, freq_max, 84e9, 116e9) = 1`,
  // By collection and product type.
  `SELECT obs_collection, dataproduct_type, COUNT(*) AS n FROM ivoa.obscore
   GROUP BY obs_collection, dataproduct_type ORDER BY obs_collection, dataproduct_type`,
  `SELECT obs_id, target_name, s_resolution FROM ivoa.obscore
   WHERE obs_collection IN ('VLASS', 'RACS') AND dataproduct_type = 'image'`,
  `SELECT instrument_name, COUNT(*) AS n, AVG(t_exptime) AS mean_exptime FROM ivoa.obscore
   WHERE facility_name = 'ALMA' GROUP BY instrument_name HAVING COUNT(*) > 10`,
  // Cones on M82.
  `SELECT obs_publisher_did, obs_collection, DISTANCE(POINT(s_ra, s_dec), POINT(${M82})) AS dist
   FROM ivoa.obscore WHERE CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', ${M82}, 0.5)) = 1
   ORDER BY dist, obs_publisher_did`,
  `SELECT obs_publisher_did FROM ivoa.obscore WHERE INTERSECTS(s_region, CIRCLE(${M82}, 0.05)) = 1`,
  `SELECT obs_publisher_did FROM ivoa.obscore WHERE CONTAINS(POINT(${M82}), s_region) = 1`,
  `SELECT Component_name, RA, DEC, Total_flux FROM vlass.components
   WHERE 1 = CONTAINS(POINT(RA, DEC), CIRCLE(${M82}, 0.2))`,
  `SELECT COUNT(*) AS n, SUM(Total_flux) AS total_mjy FROM vlass.components
   WHERE DISTANCE(RA, DEC, 148.96845833, 69.67970278) < 0.3`,
  `SELECT target_name, obs_collection, s_fov FROM ivoa.obscore WHERE target_name = 'M82'`,
  // Resolution at a frequency.
  `SELECT obs_publisher_did, s_resolution,
     obscura_resolution_at(s_resolution, (freq_min + freq_max) / 2, 1.4e9) AS res_at_l_band
   FROM ivoa.obscore WHERE dataproduct_type = 'image' AND obs_collection <> 'optical'`,
  `SELECT obs_publisher_did FROM ivoa.obscore
   WHERE obs_collection = 'VLA' AND obscura_resolution_at(s_resolution, (freq_min + freq_max) / 2, 3e9) < 2`,
  // The radio extension table.
  `SELECT o.obs_publisher_did, r.instr_tel_number, r.instr_tel_diameter, r.s_largest_angular_scale
   FROM ivoa.obscore AS o JOIN ivoa.obscore_radio AS r ON r.obs_publisher_did = o.obs_publisher_did
   WHERE o.dataproduct_type = 'visibility' AND r.instr_tel_number > 40`,
  `SELECT facility_name, MAX(r.instr_tel_max_dist) AS longest_baseline FROM ivoa.obscore
   NATURAL JOIN ivoa.obscore_radio AS r GROUP BY facility_name`,
  // VLASS x RACS cross-match within 5 arcsec, with the spectral index between 887.5 MHz and 3 GHz.
  `SELECT v.Component_name, r.Gaussian_ID,
     LOG(v.Total_flux / r.Total_flux_Gaussian) / LOG(3.0e9 / 887.5e6) AS alpha
   FROM vlass.components AS v JOIN racs.components AS r
     ON DISTANCE(POINT(v.RA, v.DEC), POINT(r.RA, r.Dec)) < 5.0 / 3600`,
  `SELECT v.Component_name, r.Gaussian_ID, DISTANCE(v.RA, v.DEC, r.RA, r.Dec) * 3600 AS sep_arcsec
   FROM vlass.components AS v, racs.components AS r
   WHERE CONTAINS(POINT(r.RA, r.Dec), CIRCLE(v.RA, v.DEC, 5.0 / 3600)) = 1 ORDER BY v.Component_name, r.Gaussian_ID`,
  `SELECT COUNT(*) AS n, AVG(LOG(v.Total_flux / r.Total_flux_Gaussian) / LOG(3.0e9 / 887.5e6)) AS mean_alpha
   FROM vlass.components AS v JOIN racs.components AS r ON DISTANCE(v.RA, v.DEC, r.RA, r.Dec) < 5.0 / 3600
   WHERE v.S_Code = 'S' AND r.S_Code = 'S'`,
  // Catalogue queries.
  `SELECT TOP 5 Component_name, Total_flux FROM vlass.components ORDER BY Total_flux DESC, Component_name`,
  `SELECT Tile, COUNT(*) AS n, MAX(Peak_flux) AS brightest FROM vlass.components GROUP BY Tile ORDER BY Tile`,
  `SELECT Gaussian_ID, Total_flux_Gaussian FROM racs.components
   WHERE Total_flux_Gaussian > 10 * E_Total_flux_Gaussian AND Dec BETWEEN -4 AND 0`,
  `SELECT Source_ID, COUNT(*) AS n_gauss, SUM(Total_flux_Gaussian) AS s FROM racs.components
   GROUP BY Source_ID HAVING COUNT(*) > 1`,
  `SELECT Component_name, IN_UNIT(Total_flux, 'Jy') AS flux_jy, IN_UNIT(Maj, 'deg') AS maj_deg
   FROM vlass.components WHERE Total_flux > 100`,
  `SELECT Component_name FROM vlass.components WHERE Component_name LIKE 'VLASS1QLCIR J0754%'`,
  // Images overlapping a catalogue source (footprints).
  `SELECT o.obs_id, c.Gaussian_ID FROM ivoa.obscore AS o JOIN racs.components AS c
   ON CONTAINS(POINT(c.RA, c.Dec), o.s_region) = 1 WHERE o.obs_collection = 'VLASS'`,
  // Products released, by year, and by calibration level.
  `SELECT calib_level, COUNT(*) AS n FROM ivoa.obscore GROUP BY calib_level`,
  `SELECT obs_publisher_did FROM ivoa.obscore WHERE obs_release_date < '2019-01-01T00:00:00' AND obs_collection = 'VLASS'`,
  `WITH bright AS (SELECT RA, DEC, Total_flux FROM vlass.components WHERE Total_flux > 50)
   SELECT COUNT(*) AS n FROM bright AS b JOIN racs.components AS r ON DISTANCE(b.RA, b.DEC, r.RA, r.Dec) < 5.0 / 3600`,
  `SELECT obs_publisher_did, AREA(s_region) AS footprint_area FROM ivoa.obscore WHERE dataproduct_type = 'image'`,
];
