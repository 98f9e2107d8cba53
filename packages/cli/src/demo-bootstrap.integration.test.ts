// `npm start` end to end: `obscura serve` in an empty working directory generates the demo archive, ingests it into
// ./data/obscura.sqlite, serves it over real HTTP, and on a second start reuses it without generating again.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { withTempDir } from '@obscura/testkit';

const BIN = fileURLToPath(new URL('../bin/obscura.js', import.meta.url));
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) c.kill('SIGKILL');
});

/** Starts `obscura serve --port 0` in cwd; resolves with its URL and everything it printed up to listening. */
function serve(cwd: string): Promise<{ url: string; log: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let log = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const m = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(log);
      if (m) resolve({ url: m[1], log, child });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`obscura serve exited ${code} before listening:\n${log}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

interface Landing {
  collections: { name: string; byType: Record<string, number> }[];
  catalogues: { table: string }[];
}

test('obscura serve with no configuration generates, ingests and serves the demo archive, once', async () => {
  await withTempDir(async (cwd) => {
    const first = await serve(cwd);
    assert.match(first.log, /generating the demo archive/);
    assert.ok(existsSync(join(cwd, 'data', 'obscura.sqlite')), 'the embedded SQLite file is under ./data/');

    const landing = (await (
      await fetch(`${first.url}/`, { headers: { accept: 'application/json' } })
    ).json()) as Landing;
    const byName = new Map(landing.collections.map((c) => [c.name, c.byType]));
    // The demo manifest says which images exist; every one of them is a product (the .rms companions are not).
    const manifest = JSON.parse(readFileSync(join(cwd, 'data', 'demo', 'manifest.json'), 'utf8')) as {
      files: { path: string }[];
    };
    const images = (dir: string) =>
      manifest.files.filter((f) => f.path.startsWith(dir) && f.path.endsWith('.fits') && !f.path.includes('.rms.'))
        .length;
    assert.equal(byName.get('VLASS')?.image, images('images/vlass/'));
    assert.equal(byName.get('RACS')?.image, images('images/racs/'));
    assert.equal(byName.get('optical')?.image, images('images/optical/'));
    assert.ok((byName.get('VLA')?.visibility ?? 0) > 0 && (byName.get('ALMA')?.visibility ?? 0) > 0);
    // The two component catalogues, and the spectral-index view that cross-matches them (an SCS service too).
    assert.deepEqual(landing.catalogues.map((c) => c.table).sort(), [
      'catalogs.vlass_racs_spectral_index',
      'racs.components',
      'vlass.components',
    ]);
    const cone = await fetch(`${first.url}/scs/catalogs.vlass_racs_spectral_index?RA=99.5&DEC=11.5&SR=1.5`);
    assert.equal(cone.status, 200);
    assert.match(await cone.text(), /<TR>/);

    // A product file downloads with a byte range: the first FITS card.
    const racs = manifest.files.find((f) => f.path.startsWith('images/racs/'));
    assert.ok(racs);
    const res = await fetch(`${first.url}/files/RACS/${racs.path}`, { headers: { range: 'bytes=0-79' } });
    assert.equal(res.status, 206);
    assert.match(await res.text(), /^SIMPLE {2}=\s+T/);
    assert.equal(await stop(first.child), 0);

    const second = await serve(cwd);
    assert.doesNotMatch(second.log, /generating the demo archive|ingest/i);
    const again = (await (
      await fetch(`${second.url}/`, { headers: { accept: 'application/json' } })
    ).json()) as Landing;
    assert.deepEqual(
      again.collections.map((c) => [c.name, c.byType]),
      landing.collections.map((c) => [c.name, c.byType]),
    );
    assert.equal(await stop(second.child), 0);
  });
});
