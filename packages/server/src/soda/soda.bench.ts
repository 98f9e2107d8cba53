// SODA {sync}: a 0.02° (radius) cutout at M82 from a full-size 3722×3722 VLASS-like Quick Look image (4 axes,
// float32, SIN, 1"/px, 55 MB; header cards as the real QL products), ingested into a temporary SQLite archive and
// served over loopback. Figures: bytes read from the data unit against the cutout's size (target ≤ 2×), the p50 and
// p90 latency of one warm request at a time (node:http keep-alive client; target p50 ≤ 3 ms), and cutouts/s with 8
// concurrent clients (client and server share this process and the machine's cores); and {async}: one UWS job of 200
// cutouts written into its job directory, cutouts/s from creation to COMPLETED.
import { mkdirSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { COLLECTIONS_TABLE, ingestImages, openDatabase } from '@obscura/archive';
import {
  cutoutBytes,
  FileSource,
  FitsImageWriter,
  findImageHdu,
  Header,
  planCutout,
  scanHdus,
  Wcs,
} from '@obscura/fits';
import { type BenchResult, withTempDir } from '@obscura/testkit';
import { loadConfig } from '../config.ts';
import { startServer } from '../serve.ts';

const SIZE = 3722;
const M82 = { ra: 148.9684583, dec: 69.6797028 };
const RADIUS = 0.02;

/** A VLASS QL-like header centred on the M82 subtile (J095236+693000). */
function vlassHeader(): Header {
  const h = new Header();
  h.set('BSCALE', 1).set('BZERO', 0).set('BUNIT', 'Jy/beam');
  h.set('BMAJ', 0.00082).set('BMIN', 0.00061).set('BPA', 80);
  h.set('BTYPE', 'Intensity').set('OBJECT', 'T28t06').set('EQUINOX', 2000).set('RADESYS', 'FK5');
  h.set('CTYPE1', 'RA---SIN')
    .set('CRVAL1', 148.15)
    .set('CDELT1', -1 / 3600)
    .set('CRPIX1', 1862)
    .set('CUNIT1', 'deg');
  h.set('CTYPE2', 'DEC--SIN')
    .set('CRVAL2', 69.5)
    .set('CDELT2', 1 / 3600)
    .set('CRPIX2', 1862)
    .set('CUNIT2', 'deg');
  h.set('CTYPE3', 'FREQ').set('CRVAL3', 3e9).set('CDELT3', 2.071773682575e9).set('CRPIX3', 1).set('CUNIT3', 'Hz');
  h.set('CTYPE4', 'STOKES').set('CRVAL4', 1).set('CDELT4', 1).set('CRPIX4', 1).set('CUNIT4', '');
  h.set('TELESCOP', 'EVLA').set('DATE-OBS', '2019-04-10T09:21:13').set('MJD-OBS', 58583.39);
  h.add({ keyword: 'COMMENT', comment: 'Synthetic image for the Obscura SODA benchmark' });
  return h;
}

async function writeImage(path: string): Promise<void> {
  const w = await FitsImageWriter.create(path, { header: vlassHeader(), axes: [SIZE, SIZE, 1, 1], type: 'float32' });
  const row = new Float32Array(SIZE);
  let seed = 12345;
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      row[x] = (seed / 2 ** 32 - 0.5) * 2.4e-4;
    }
    await w.writeRows(row);
  }
  await w.close();
}

function get(url: string, agent: Agent): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => {
        bytes += c.length;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export default async function bench(): Promise<BenchResult[]> {
  return withTempDir(async (dir) => {
    const dataDir = join(dir, 'data');
    const path = join(
      dataDir,
      'vlass',
      'VLASS1.2.ql.T28t06.J095236+693000.10.2048.v1.I.iter1.image.pbcor.tt0.subim.fits',
    );
    mkdirSync(join(dataDir, 'vlass'), { recursive: true });
    await writeImage(path);
    const results: BenchResult[] = [];

    // Bytes read by the cutout itself (the same code the endpoint runs), cold (headers parsed) and warm.
    const source = await FileSource.open(path);
    let headerBytes = 0;
    const counting = {
      size: source.size,
      read: async (o: number, n: number) => {
        const b = await source.read(o, n);
        headerBytes += b.length;
        return b;
      },
      close: () => source.close(),
    };
    const { hdus } = await scanHdus(counting);
    const hdu = findImageHdu(hdus);
    if (!hdu) throw new Error('bench: no image');
    const outcome = planCutout(hdu, Wcs.fromHeader(hdu.header), {
      region: { type: 'circle', ra: M82.ra, dec: M82.dec, radius: RADIUS },
    });
    if (!outcome.overlap) throw new Error('bench: M82 is not on the image');
    const stats = { bytesRead: 0, reads: 0 };
    const bytes = await cutoutBytes(source, outcome.plan, stats);
    await source.close();
    results.push({
      group: 'soda',
      name: `bytes read for a ${RADIUS}° cutout (${outcome.plan.end[0] - outcome.plan.start[0]}² px) of a ${SIZE}² image, warm`,
      value: stats.bytesRead / 1024,
      unit: 'KiB',
      ratio: stats.bytesRead / bytes.length,
      ratioOf: `the cutout file (${(bytes.length / 1024).toFixed(0)} KiB)`,
    });
    results.push({
      group: 'soda',
      name: 'bytes read, cold (header blocks parsed too)',
      value: (stats.bytesRead + headerBytes) / 1024,
      unit: 'KiB',
      ratio: (stats.bytesRead + headerBytes) / bytes.length,
      ratioOf: 'the cutout file',
    });

    const dbUrl = `sqlite:${join(dir, 'archive.sqlite')}`;
    const db = await openDatabase(dbUrl);
    await db.migrate();
    await ingestImages(db, [join(dataDir, 'vlass')], { collection: 'VLASS', root: join(dataDir, 'vlass') });
    const rows = await db.all<{ name: string }>(`SELECT name FROM ${db.dialect.table(COLLECTIONS_TABLE)}`);
    if (rows.length !== 1) throw new Error('bench: ingest failed');
    const ids = await db.all<{ d: string }>('SELECT obs_publisher_did AS d FROM "ivoa.obscore"');
    await db.close();
    const config = loadConfig({ cwd: dir, env: {}, overrides: { db: dbUrl, dataDir, port: 0, logLevel: 'silent' } });
    const server = await startServer(config, { handleSignals: false, logger: false });
    try {
      const url = `${server.url}/soda/sync?ID=${encodeURIComponent(ids[0].d)}&CIRCLE=${M82.ra}+${M82.dec}+${RADIUS}`;
      const agent = new Agent({ keepAlive: true, maxSockets: 8 });
      for (let i = 0; i < 50; i++) {
        const r = await get(url, agent);
        if (r.status !== 200 || r.bytes !== bytes.length) throw new Error(`bench: ${r.status}, ${r.bytes} bytes`);
      }
      const times: number[] = [];
      for (let i = 0; i < 400; i++) {
        const t0 = process.hrtime.bigint();
        await get(url, agent);
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      times.sort((a, b) => a - b);
      results.push({
        group: 'soda',
        name: `${RADIUS}° cutout over HTTP, one client, warm: p50 (p90 ${quantile(times, 0.9).toFixed(2)} ms)`,
        value: quantile(times, 0.5),
        unit: 'ms',
      });
      const N = 1600;
      let best = 0;
      for (let round = 0; round < 3; round++) {
        let next = 0;
        const t0 = process.hrtime.bigint();
        await Promise.all(
          Array.from({ length: 8 }, async () => {
            while (next++ < N) await get(url, agent);
          }),
        );
        best = Math.max(best, N / (Number(process.hrtime.bigint() - t0) / 1e9));
      }
      results.push({ group: 'soda', name: `${RADIUS}° cutouts, 8 concurrent clients`, value: best, unit: 'cutouts/s' });

      // {async}: one UWS job of JOB_CUTOUTS cutouts (the same circle, shifted), from POST to COMPLETED.
      const JOB_CUTOUTS = 200;
      const body = new URLSearchParams([
        ['ID', ids[0].d],
        ['PHASE', 'RUN'],
      ]);
      for (let i = 0; i < JOB_CUTOUTS; i++) body.append('CIRCLE', `${M82.ra} ${M82.dec + i * 1e-4} ${RADIUS}`);
      const t0 = process.hrtime.bigint();
      const created = await fetch(`${server.url}/soda/async`, { method: 'POST', body, redirect: 'manual' });
      const job = created.headers.get('location');
      let phase = '';
      for (let i = 0; i < 100 && job && !['COMPLETED', 'ERROR', 'ABORTED'].includes(phase); i++) {
        phase = /<uws:phase>(\w+)</.exec(await (await fetch(`${job}?WAIT=30`)).text())?.[1] ?? '';
      }
      if (phase !== 'COMPLETED') throw new Error(`bench: the async job ended ${phase}`);
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      results.push({
        group: 'soda',
        name: `{async}: one job of ${JOB_CUTOUTS} ${RADIUS}° cutouts, POST to COMPLETED`,
        value: JOB_CUTOUTS / seconds,
        unit: 'cutouts/s',
      });
      agent.destroy();
    } finally {
      await server.close();
    }
    return results;
  });
}
