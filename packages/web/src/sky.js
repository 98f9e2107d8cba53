// The sky page (/sky): Aladin Lite 3 showing the server's own HiPS (/hips/list, HiPS 1.0 §5.2), the catalogues as
// overlays (each catalogue's Simple Cone Search, /scs/<table>, a VOTable Aladin reads), and the image footprints
// (ObsCore s_region, DALI 1.1 §3.3.7 polygons, through /tap/sync as JSON) as polygons. A plain ES module: no build.
//
// Nothing is fetched from outside this server: Aladin Lite's default survey (CDS DSS2), its default HiPS list and
// its usage logger are all replaced or disabled below (`survey`, `hipsList`, `log: false`), and target names are
// resolved from a small local list before Aladin's own resolver (CDS Sesame) would be asked.
import A from '/vendor/aladin-lite/aladin.js';

/** Names the demo archive covers, resolved without a network (J2000 / ICRS degrees, from SIMBAD). */
const KNOWN_TARGETS = {
  M82: [148.96846, 69.6797],
  M81: [148.88822, 69.06529],
  NGC3034: [148.96846, 69.6797],
  NGC3031: [148.88822, 69.06529],
};
const DEFAULT_TARGET = 'M82';
const COLOURS = ['#ffcc00', '#00e5ff', '#ff6ec7', '#7CFC00', '#ff8c00', '#b39ddb'];

const $ = (id) => document.getElementById(id);
const status = (text, isError = false) => {
  $('status').textContent = text;
  $('status').classList.toggle('error', isError);
};

/** The page's state, for people (devtools) and for the browser test. */
const sky = {
  aladin: null,
  surveys: [],
  catalogues: [],
  footprints: 0,
  errors: [],
  ready: false,
};
window.obscuraSky = sky;

/** "ra dec" in degrees (or sexagesimal, left to Aladin), or a known name; null when it is neither. */
export function parseTarget(text) {
  const t = text.trim();
  const known = KNOWN_TARGETS[t.toUpperCase().replace(/\s+/g, '')];
  if (known) return { ra: known[0], dec: known[1] };
  const m = t.match(/^([+-]?\d+(?:\.\d*)?)[\s,]+([+-]?\d+(?:\.\d*)?)$/);
  if (m) {
    const ra = Number(m[1]);
    const dec = Number(m[2]);
    if (ra >= 0 && ra <= 360 && dec >= -90 && dec <= 90) return { ra, dec };
  }
  return null;
}

/** The records of a HiPS list (HiPS 1.0 §5.2: `key = value` lines, records separated by blank lines). */
export function parseHipsList(text) {
  const records = [];
  for (const block of text.split(/\r?\n\s*\r?\n/)) {
    const rec = {};
    for (const line of block.split(/\r?\n/)) {
      if (/^\s*#/.test(line)) continue;
      const eq = line.indexOf('=');
      if (eq > 0) rec[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
    }
    if (rec.hips_service_url) records.push(rec);
  }
  return records;
}

/** Vertices [[ra, dec], …] of an s_region: DALI polygon numbers, or STC-S `Polygon [frame] ra dec …`. */
export function regionVertices(sRegion) {
  if (typeof sRegion !== 'string') return null;
  const words = sRegion.trim().split(/\s+/);
  if (/^[a-z]/i.test(words[0] ?? '') && words[0].toLowerCase() !== 'polygon') return null;
  const nums = words.filter((w) => !/^[a-z]/i.test(w)).map(Number);
  if (nums.length < 6 || nums.length % 2 !== 0 || nums.some((n) => !Number.isFinite(n))) return null;
  const out = [];
  for (let k = 0; k < nums.length; k += 2) out.push([nums[k], nums[k + 1]]);
  return out;
}

function hipsLayer(rec) {
  // The PNG tiles carry the stretch and cuts chosen at build time (properties: hips_pixel_cut, obscura_stretch).
  const formats = (rec.hips_tile_format ?? 'png').split(/\s+/);
  return A.imageHiPS(rec.hips_service_url, {
    name: rec.obs_title ?? rec.creator_did,
    imageFormat: formats.includes('png') ? 'png' : formats[0],
  });
}

async function getText(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status} ${(await r.text()).slice(0, 200)}`);
  return r.text();
}

async function loadCatalogues(aladin, ra, dec, radius) {
  let info;
  try {
    info = JSON.parse(await getText('/?format=json'));
  } catch (e) {
    sky.errors.push(String(e));
    return;
  }
  const scsUp = info.services?.some((s) => s.name === 'scs' && s.status === 'available');
  if (!scsUp) return;
  const loads = (info.catalogues ?? []).map(
    (c, k) =>
      new Promise((done) => {
        const cat = A.catalogFromURL(
          `${c.scs}?RA=${ra}&DEC=${dec}&SR=${radius}&VERB=1`,
          { name: c.table, sourceSize: 12, shape: 'circle', color: COLOURS[k % COLOURS.length], onClick: 'showTable' },
          (loaded) => {
            sky.catalogues.push({ table: c.table, sources: loaded?.getSources?.().length ?? 0 });
            if (!$('show-catalogues').checked) cat.hide();
            done();
          },
          (e) => {
            sky.errors.push(`${c.table}: ${e}`);
            done();
          },
          false, // never the CDS JSONP proxy: the catalogue comes from this server
        );
        aladin.addCatalog(cat);
        overlays.catalogues.push(cat);
      }),
  );
  await Promise.all(loads);
}

async function loadFootprints(aladin, ra, dec, radius) {
  const adql =
    'SELECT obs_id, obs_collection, dataproduct_type, s_region FROM ivoa.obscore ' +
    `WHERE s_region IS NOT NULL AND CONTAINS(POINT('ICRS', s_ra, s_dec), CIRCLE('ICRS', ${ra}, ${dec}, ${radius})) = 1`;
  const q = new URLSearchParams({ REQUEST: 'doQuery', LANG: 'ADQL', QUERY: adql, RESPONSEFORMAT: 'json' });
  let table;
  try {
    table = JSON.parse(await getText(`/tap/sync?${q}`));
  } catch (e) {
    sky.errors.push(String(e));
    return;
  }
  const col = Object.fromEntries(table.metadata.map((m, k) => [m.name, k]));
  const byCollection = new Map();
  for (const row of table.data) {
    const vertices = regionVertices(row[col.s_region]);
    if (!vertices) continue;
    const name = row[col.obs_collection] ?? '(none)';
    if (!byCollection.has(name)) {
      const overlay = A.graphicOverlay({
        name: `${name} footprints`,
        color: COLOURS[(byCollection.size + 2) % COLOURS.length],
        lineWidth: 2,
      });
      aladin.addOverlay(overlay);
      overlays.footprints.push(overlay);
      byCollection.set(name, overlay);
    }
    byCollection.get(name).add(A.polygon(vertices, { name: row[col.obs_id] }));
    sky.footprints++;
  }
}

const overlays = { catalogues: [], footprints: [] };

async function main() {
  const params = new URLSearchParams(location.search);
  const targetText = params.get('target') ?? DEFAULT_TARGET;
  $('target').value = targetText;
  const target = parseTarget(targetText);
  const fov = Number(params.get('fov')) > 0 ? Number(params.get('fov')) : 0.5;

  status('loading the HiPS list…');
  sky.surveys = parseHipsList(await getText('/hips/list'));
  if (sky.surveys.length === 0) {
    status('No HiPS on this server yet: build one with `obscura hips build --collection VLASS`.', true);
    return;
  }
  // The first VLASS HiPS by default, else the first listed; `?survey=<id>` picks another.
  const wanted = params.get('survey');
  const first =
    sky.surveys.find((r) => wanted && r.hips_service_url.endsWith(`/hips/${wanted}`)) ??
    sky.surveys.find((r) => /vlass/i.test(`${r.obs_collection ?? ''} ${r.hips_service_url}`)) ??
    sky.surveys[0];
  for (const rec of sky.surveys) {
    const opt = document.createElement('option');
    opt.value = rec.hips_service_url;
    opt.textContent = rec.obs_title ?? rec.hips_service_url;
    opt.selected = rec === first;
    $('survey').append(opt);
  }

  await A.init;
  const start = target ?? { ra: Number(first.hips_initial_ra) || 0, dec: Number(first.hips_initial_dec) || 0 };
  const aladin = A.aladin('#aladin', {
    survey: hipsLayer(first),
    hipsList: sky.surveys.map((r) => ({ id: r.hips_service_url, url: r.hips_service_url, name: r.obs_title })),
    target: `${start.ra} ${start.dec}`,
    fov,
    projection: 'SIN',
    cooFrame: 'ICRS',
    log: false, // no usage report to CDS
    samp: false,
    showSimbadPointerControl: false,
    showShareControl: false,
    showContextMenu: false,
    showCooGridControl: false,
    showSettingsControl: false,
    showLayersControl: true,
    showReticle: true,
  });
  sky.aladin = aladin;
  if (!target) status(`'${targetText}' is not a known name or "ra dec": showing the survey's initial position`, true);

  $('survey').addEventListener('change', () => {
    const rec = sky.surveys.find((r) => r.hips_service_url === $('survey').value);
    if (rec) aladin.setBaseImageLayer(hipsLayer(rec));
  });
  $('goto').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const t = parseTarget($('target').value);
    if (t) aladin.gotoRaDec(t.ra, t.dec);
    else status(`'${$('target').value}' is not a known name or "ra dec"`, true);
  });
  $('show-catalogues').addEventListener('change', (ev) => {
    for (const c of overlays.catalogues) ev.target.checked ? c.show() : c.hide();
  });
  $('show-footprints').addEventListener('change', (ev) => {
    for (const o of overlays.footprints) ev.target.checked ? o.show() : o.hide();
  });

  // Overlays for the field around the target (radius: the field of view, at least 0.5°, at most 3°).
  const radius = Math.min(3, Math.max(0.5, fov));
  status('loading catalogues and footprints…');
  await Promise.all([
    loadCatalogues(aladin, start.ra, start.dec, radius),
    loadFootprints(aladin, start.ra, start.dec, radius),
  ]);
  sky.ready = true;
  status(
    `${first.obs_title ?? 'HiPS'} · ${sky.footprints} footprints` +
      (sky.errors.length ? ` · ${sky.errors.length} overlay errors (see console)` : ''),
    sky.errors.length > 0,
  );
  for (const e of sky.errors) console.warn(e);
}

main().catch((e) => {
  sky.errors.push(String(e));
  status(String(e), true);
  console.error(e);
});
