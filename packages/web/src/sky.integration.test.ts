// The sky page in a real browser: Debian Chromium (scripts/install-system-deps.sh) driven by playwright-core opens
// /sky?target=M82 on a real server (random loopback port) holding the small demo archive, ingested, with the VLASS
// collection's HiPS built by @obscura/hips. Aladin Lite must draw our tiles (the screenshot of the central region,
// overlays hidden, has real structure: a spread of grey levels, not the flat background) and the page must ask
// nothing of any host but this server (no CDS survey, HiPS list, logger or name resolver).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import {
  COLLECTIONS_TABLE,
  type Database,
  FILES_TABLE,
  ingestCatalogue,
  ingestImages,
  OBSCORE_TABLE,
  openDatabase,
} from '@obscura/archive';
import { DEFAULT_SEED, GENERATOR_VERSION, generateDemo } from '@obscura/demo';
import { buildHips } from '@obscura/hips';
import { loadConfig, startServer } from '@obscura/server';
import { withTempDir } from '@obscura/testkit';
import { decode } from 'fast-png';
import { chromium } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
// The machine has no network: every flag that would make Chromium call home is off. WebGL 2 (Aladin Lite's
// renderer) runs on SwiftShader, Chromium's CPU implementation, since there is no GPU.
const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

/** The small demo files, generated once per generator version and seed (as the server's tests cache them). */
async function demoFiles(): Promise<string> {
  const dir = join(tmpdir(), `obscura-test-demo-small-${GENERATOR_VERSION}-${DEFAULT_SEED}`);
  if (existsSync(join(dir, 'manifest.json'))) return dir;
  const staging = `${dir}.${process.pid}.${Date.now()}`;
  mkdirSync(staging, { recursive: true });
  await generateDemo({ out: staging, size: 'small', seed: DEFAULT_SEED });
  try {
    renameSync(staging, dir);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another process finished first
  }
  return dir;
}

/** The image files of a collection, as `obscura hips build` finds them (#this files under the root path). */
async function collectionImages(db: Database, dataDir: string, collection: string): Promise<string[]> {
  const d = db.dialect;
  const rows = await db.all<{ path: string; root_path: string | null }>(
    `SELECT f.path AS path, c.root_path AS root_path FROM ${d.table(FILES_TABLE)} f ` +
      `JOIN ${d.table(OBSCORE_TABLE)} o ON o.obs_publisher_did = f.obs_publisher_did ` +
      `LEFT JOIN ${d.table(COLLECTIONS_TABLE)} c ON c.name = o.obs_collection ` +
      `WHERE o.obs_collection = ${d.param(1)} AND o.dataproduct_type = 'image' AND f.semantics = '#this' ORDER BY f.path`,
    [collection],
  );
  return rows.map((r) => resolve(dataDir, r.root_path ?? collection, r.path));
}

/** Mean and standard deviation of the grey level, distinct grey levels, and the share of non-background pixels. */
export function pixelStats(png: Uint8Array, background: [number, number, number]) {
  const img = decode(png);
  const ch = img.channels;
  const x0 = Math.floor(img.width / 4);
  const y0 = Math.floor(img.height / 4);
  const w = Math.floor(img.width / 2);
  const h = Math.floor(img.height / 2);
  let n = 0;
  let sum = 0;
  let sum2 = 0;
  let differ = 0;
  const levels = new Map<number, number>();
  for (let y = y0; y < y0 + h; y++) {
    for (let x = x0; x < x0 + w; x++) {
      const k = (y * img.width + x) * ch;
      const r = img.data[k];
      const g = img.data[k + 1];
      const b = img.data[k + 2];
      const grey = Math.round((r + g + b) / 3);
      n++;
      sum += grey;
      sum2 += grey * grey;
      levels.set(grey, (levels.get(grey) ?? 0) + 1);
      if (Math.abs(r - background[0]) + Math.abs(g - background[1]) + Math.abs(b - background[2]) > 6) differ++;
    }
  }
  const mean = sum / n;
  // Levels held by at least 0.1 % of the pixels (anti-aliased edges alone do not count).
  const distinct = [...levels.values()].filter((c) => c >= n / 1000).length;
  return {
    width: img.width,
    height: img.height,
    mean,
    std: Math.sqrt(Math.max(0, sum2 / n - mean * mean)),
    distinct,
    nonBackground: differ / n,
  };
}

test('Aladin Lite in headless Chromium shows our VLASS HiPS at M82, with no request leaving loopback', {
  skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} missing: run scripts/install-system-deps.sh`,
}, async () => {
  const demoDir = await demoFiles();
  await withTempDir(async (root) => {
    const dataDir = join(root, 'data');
    mkdirSync(dataDir);
    const dbUrl = `sqlite:${join(root, 'archive.sqlite')}`;
    const db = await openDatabase(dbUrl);
    let images: string[];
    try {
      for (const [collection, dir] of [
        ['VLASS', 'images/vlass'],
        ['optical', 'images/optical'],
      ]) {
        await ingestImages(db, [join(demoDir, dir)], { collection, root: demoDir, authority: 'obscura.test' });
      }
      await ingestCatalogue(db, join(demoDir, 'catalogs/vlass_components.csv'), { table: 'vlass.components' });
      images = await collectionImages(db, dataDir, 'VLASS');
    } finally {
      await db.close();
    }
    assert.ok(images.length >= 2, `VLASS images: ${images.join(', ')}`);
    const hips = await buildHips({
      images,
      out: join(dataDir, 'hips', 'VLASS'),
      creatorDid: 'ivo://obscura.test/P/VLASS',
      obsTitle: 'VLASS Quick Look (demo)',
      obsCollection: 'VLASS',
      obsRegime: 'Radio',
      workers: 2,
    });
    assert.ok(hips.tiles > 0);

    const config = loadConfig({
      cwd: root,
      env: {},
      overrides: { db: dbUrl, dataDir, port: 0, host: '127.0.0.1', authority: 'obscura.test', logLevel: 'silent' },
    });
    const server = await startServer(config, { handleSignals: false });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
      const origin = new URL(server.url).origin;
      const outside: string[] = [];
      const tiles: string[] = [];
      const consoleErrors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') consoleErrors.push(m.text());
      });
      // Anything not for this server is recorded and refused (it would fail anyway: there is no network).
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith(`${origin}/`) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
        outside.push(url);
        return route.abort();
      });
      const failed: string[] = [];
      page.on('response', (r) => {
        if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
      });
      page.on('requestfinished', (r) => {
        if (/\/hips\/VLASS\/Norder\d+\/(Dir\d+\/Npix\d+|Allsky)\.png$/.test(r.url())) tiles.push(r.url());
      });
      await page.goto(`${server.url}/sky?target=M82`);
      // Browser-side expressions are strings: this file is type-checked without the DOM library.
      await page.waitForFunction('window.obscuraSky?.ready === true', null, { timeout: 120_000 });
      const state = (await page.evaluate(`(() => {
        const s = window.obscuraSky;
        return { surveys: s.surveys.length, footprints: s.footprints, catalogues: s.catalogues, errors: s.errors,
                 raDec: s.aladin.getRaDec() };
      })()`)) as {
        surveys: number;
        footprints: number;
        catalogues: Array<{ table: string; sources: number }>;
        errors: string[];
        raDec: [number, number];
      };
      // Centred on M82 (148.9685, +69.6797).
      assert.ok(
        Math.abs(state.raDec[0] - 148.9685) < 0.01 && Math.abs(state.raDec[1] - 69.6797) < 0.01,
        `${state.raDec}`,
      );
      assert.equal(state.surveys, 1);
      assert.ok(state.footprints >= 2, `footprints ${state.footprints}`);
      assert.deepEqual(state.errors, []);
      // The VLASS component catalogue, through /scs/vlass.components, has sources around M82.
      const cats = state.catalogues;
      assert.ok(
        cats.some((c) => c.table === 'vlass.components' && c.sources > 0),
        JSON.stringify(cats),
      );

      // Overlays and reticle hidden: what remains is the HiPS (and Aladin's grey background where there is none).
      const toggleOverlays = `for (const id of ['show-catalogues', 'show-footprints']) document.getElementById(id).click()`;
      await page.evaluate(`window.obscuraSky.aladin.showReticle(false); ${toggleOverlays}`);
      // Wait until Aladin has drawn tiles: poll the canvas until it is no longer flat background.
      const aladinDiv = page.locator('#aladin');
      let shot = await aladinDiv.screenshot();
      let stats = pixelStats(shot, [60, 60, 60]);
      for (let k = 0; k < 120 && !(tiles.length >= 4 && stats.std > 8 && stats.distinct >= 16); k++) {
        await page.waitForTimeout(500);
        shot = await aladinDiv.screenshot();
        stats = pixelStats(shot, [60, 60, 60]);
      }
      const shotDir = process.env.OBSCURA_SCREENSHOT_DIR ?? join(tmpdir(), 'obscura-sky-screenshots');
      mkdirSync(shotDir, { recursive: true });
      writeFileSync(join(shotDir, 'sky-m82-tiles.png'), shot);
      await page.evaluate(`window.obscuraSky.aladin.showReticle(true); ${toggleOverlays}`);
      await page.waitForTimeout(300);
      writeFileSync(join(shotDir, 'sky-m82-overlays.png'), await page.screenshot());
      console.log(
        `sky page: ${JSON.stringify(stats)}, ${tiles.length} PNG tiles loaded, failed ${JSON.stringify(failed)}, catalogues ${JSON.stringify(state.catalogues)}, ` +
          `screenshots in ${shotDir}`,
      );

      assert.ok(tiles.length >= 4, `PNG tiles loaded: ${tiles.length}`);
      assert.ok(stats.std > 8, `grey std ${stats.std}`);
      assert.ok(stats.distinct >= 16, `distinct grey levels ${stats.distinct}`);
      assert.ok(stats.nonBackground > 0.5, `non-background share ${stats.nonBackground}`);
      assert.deepEqual(outside, [], 'requests to other hosts');
      // HiPS clients may ask for tiles that do not exist (HiPS 1.0 §4.2: a tile without data is absent); any other
      // failed request, or a console error other than those 404s, is a defect.
      const unexpected = failed.filter((f) => !/^404 .*\/hips\/VLASS\/Norder\d+\/Dir\d+\/Npix\d+\.png$/.test(f));
      assert.deepEqual(unexpected, []);
      const tile404s = failed.length;
      assert.deepEqual(
        consoleErrors.filter((e) => !/status of 404/.test(e)),
        [],
      );
      assert.ok(consoleErrors.length <= tile404s);
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
