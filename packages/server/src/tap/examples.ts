// /tap/examples (DALI 1.1 §2.3, TAP 1.1 §2.4 "examples"): XHTML with RDFa Lite, vocabulary
// http://www.ivoa.net/rdf/examples#; each example is an element typeof="example" with an id, resource="#id", a
// property="name" and a property="query" holding ADQL that runs on this archive.
import { escapeText } from '@obscura/votable';

export interface TapExample {
  id: string;
  name: string;
  description: string;
  query: string;
  /** Tables the query uses (property="table", TAP 1.1 §2.4). */
  tables: string[];
}

// Geometries carry the 'ICRS' argument ADQL 2.0 requires (optional in 2.1), so 2.0 validators accept them too.
// M82: RA 09h55m52.4s, Dec +69°40'47" (ICRS, SIMBAD).
export const TAP_EXAMPLES: readonly TapExample[] = [
  {
    id: 'images',
    name: 'Ten images',
    description: 'The first ten image products of the archive, every ObsCore column.',
    query: "SELECT TOP 10 * FROM ivoa.obscore WHERE dataproduct_type='image'",
    tables: ['ivoa.obscore'],
  },
  {
    id: 'cone-m82',
    name: 'Products covering M82',
    description:
      'A cone search: products whose position lies within 1 degree of M82 (RA 148.9685, Dec +69.6797, ICRS), nearest first.',
    query:
      'SELECT obs_publisher_did, obs_collection, dataproduct_type, s_ra, s_dec, access_url,\n' +
      "       DISTANCE(POINT('ICRS', s_ra, s_dec), POINT('ICRS', 148.9685, 69.6797)) AS dist\n" +
      'FROM ivoa.obscore\n' +
      "WHERE 1 = CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', 148.9685, 69.6797, 1.0))\n" +
      'ORDER BY dist',
    tables: ['ivoa.obscore'],
  },
  {
    id: 'frequency-band',
    name: 'Observations overlapping the S band (2-4 GHz)',
    description:
      'A frequency-band search in Hz: products whose frequency coverage [freq_min, freq_max] overlaps 2-4 GHz.',
    query:
      'SELECT obs_publisher_did, obs_collection, dataproduct_type, freq_min, freq_max\n' +
      'FROM ivoa.obscore\n' +
      'WHERE freq_min <= 4.0E9 AND freq_max >= 2.0E9',
    tables: ['ivoa.obscore'],
  },
  {
    id: 'resolution-at-frequency',
    name: 'Images sharper than 10 arcsec at 1.4 GHz',
    description:
      "The UDF obscura_resolution_at scales each image's resolution (s_resolution, arcsec) from its central frequency " +
      'to 1.4 GHz, as for a diffraction-limited instrument; keep the images that would resolve 10 arcsec there.',
    query:
      'SELECT obs_publisher_did, obs_collection, s_resolution,\n' +
      '       obscura_resolution_at(s_resolution, (freq_min + freq_max) / 2, 1.4E9) AS resolution_at_1_4ghz\n' +
      'FROM ivoa.obscore\n' +
      "WHERE dataproduct_type = 'image'\n" +
      '  AND obscura_resolution_at(s_resolution, (freq_min + freq_max) / 2, 1.4E9) < 10',
    tables: ['ivoa.obscore'],
  },
  {
    id: 'spectral-index',
    name: 'Spectral indices of VLASS components with a RACS counterpart',
    description:
      'Cross-matches the VLASS (3 GHz) and RACS-low (887.5 MHz) component catalogues within 5 arcsec in a ' +
      '2-degree field and computes the two-point spectral index alpha = log(S_3GHz / S_888MHz) / log(3.0E9 / 887.5E6).',
    query:
      'SELECT v.Component_name, v.RA, v.DEC, v.Total_flux AS flux_3ghz, r.Total_flux_Gaussian AS flux_888mhz,\n' +
      '       LOG10(v.Total_flux / r.Total_flux_Gaussian) / LOG10(3.0E9 / 887.5E6) AS spectral_index\n' +
      'FROM vlass.components AS v\n' +
      'JOIN racs.components AS r\n' +
      "  ON 1 = CONTAINS(POINT('ICRS', r.RA, r.Dec), CIRCLE('ICRS', v.RA, v.DEC, 5.0 / 3600))\n" +
      "WHERE 1 = CONTAINS(POINT('ICRS', v.RA, v.DEC), CIRCLE('ICRS', 150.0, 2.0, 2.0))\n" +
      '  AND v.Total_flux > 0 AND r.Total_flux_Gaussian > 0',
    tables: ['vlass.components', 'racs.components'],
  },
  {
    id: 'spectral-index-view',
    name: 'The ready-made VLASS x RACS spectral-index view',
    description:
      'catalogs.vlass_racs_spectral_index pairs the VLASS and RACS components within 5 arcsec (an index join) with ' +
      'alpha = ln(S_3GHz / S_887.5MHz) / ln(3 GHz / 887.5 MHz) and its propagated error; here the bright pairs ' +
      'within 4 degrees of M82.',
    query:
      'SELECT vlass_id, racs_id, separation, flux_3ghz, flux_887mhz, alpha, alpha_error\n' +
      'FROM catalogs.vlass_racs_spectral_index\n' +
      "WHERE 1 = CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 148.9685, 69.6797, 4.0))\n" +
      '  AND flux_3ghz > 10 * flux_3ghz_error',
    tables: ['catalogs.vlass_racs_spectral_index'],
  },
];

/** The examples document. */
export function examplesXhtml(examples: readonly TapExample[] = TAP_EXAMPLES): string {
  let s = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n';
  s += '<html xmlns="http://www.w3.org/1999/xhtml" lang="en">\n<head>\n';
  s += '  <meta http-equiv="Content-Type" content="application/xhtml+xml; charset=utf-8"/>\n';
  s += '  <title>TAP examples</title>\n</head>\n';
  s += '<body vocab="http://www.ivoa.net/rdf/examples#">\n  <h1>Example queries</h1>\n';
  for (const e of examples) {
    s += `  <div typeof="example" id="${e.id}" resource="#${e.id}">\n`;
    s += `    <h2 property="name">${escapeText(e.name)}</h2>\n`;
    s += `    <p>${escapeText(e.description)}</p>\n`;
    s += `    <pre property="query">${escapeText(e.query)}</pre>\n`;
    s += `    <p>Tables: ${e.tables.map((t) => `<span property="table">${escapeText(t)}</span>`).join(', ')}</p>\n`;
    s += '  </div>\n';
  }
  return `${s}</body>\n</html>\n`;
}
