// The bulk-cutout engine without HTTP, on the demo archive ingested into SQLite: a 200-source list matched to the
// images through the HEALPix index, cut into a directory with a manifest and a tar; proprietary rows for anonymous
// owners and cutouts for entitled ones; SELECT=best; QUERY mode with a region and with a catalogue join; re-runs
// that skip what succeeded (same directory, and RESUME from another job's directory).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { OBSCORE_TABLE, parseRegion } from '@obscura/archive';
import { polygonContains, preparePolygon } from '@obscura/sky';
import { DaliParams } from '../dali-params.ts';
import { type BulkArchive, fixtureSources, openBulkArchive, SECRET_PROPOSAL, sourcesCsv } from './bulk-fixture.ts';
import { CONCURRENCY, runBulkJob } from './bulk-job.ts';
import { parseBulkParams } from './bulk-params.ts';
import { imagesContaining } from './images.ts';
import { JOURNAL_FILE } from './journal.ts';
import { csvRecords } from './source-list.ts';

let archive: BulkArchive;
let jobCount = 0;

before(async () => {
  archive = await openBulkArchive();
});
after(async () => {
  await archive?.close();
});

function jobDir(): string {
  const dir = join(archive.root, 'jobs', `job${++jobCount}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Runs a job with these parameters; `parts` are the uploaded parts by name. */
async function run(
  pairs: [string, string][],
  options: {
    parts?: Record<string, string>;
    user?: { name: string; proposals: string[] };
    dir?: string;
    resume?: string;
    maxBytes?: number;
  } = {},
) {
  const directory = options.dir ?? jobDir();
  const params = parseBulkParams(new DaliParams(pairs));
  const summary = await runBulkJob(params, {
    execute: archive.execute,
    server: archive.server,
    directory,
    readPart: async (part) => (options.parts?.[part] === undefined ? null : Buffer.from(options.parts[part])),
    user: options.user,
    resumeDirectory: options.resume,
    maxBytes: options.maxBytes,
  });
  return { ...summary, directory };
}

/** Members of a tar file (ustar prefix/name; a pax 'x' record's path= overrides the next member's name). */
function tarMembers(path: string): { name: string; size: number; offset: number }[] {
  const data = readFileSync(path);
  const out: { name: string; size: number; offset: number }[] = [];
  let at = 0;
  let pax: string | undefined;
  while (at + 512 <= data.length) {
    const h = data.subarray(at, at + 512);
    if (h.every((b) => b === 0)) break;
    const name = h.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const prefix = h.subarray(345, 500).toString('utf8').replace(/\0.*$/s, '');
    const size = Number.parseInt(h.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim(), 8);
    if (h[156] === 0x78) {
      pax = /path=([^\n]*)\n/.exec(data.subarray(at + 512, at + 512 + size).toString('utf8'))?.[1];
    } else {
      out.push({ name: pax ?? (prefix ? `${prefix}/${name}` : name), size, offset: at + 512 });
      pax = undefined;
    }
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

describe('bulk cutouts on the demo archive', () => {
  test('a 200-source list: every source in the manifest, the tar holds exactly the ok cutouts', async () => {
    const sources = fixtureSources(archive.demoDir);
    assert.equal(sources.length, 200);
    const { manifest, results, directory } = await run([['UPLOAD', 'src,param:list']], {
      parts: { list: sourcesCsv(sources, 0.01) },
    });
    // Every source has at least one row; the off-image ones exactly one, no_overlap.
    for (const [i, s] of sources.entries()) {
      const rows = manifest.filter((m) => m.sourceIndex === i);
      assert.ok(rows.length >= 1, `source ${i} has no manifest row`);
      assert.equal(rows[0].sourceName, s.name);
      if (s.off)
        assert.deepEqual(
          rows.map((r) => r.status),
          ['no_overlap'],
        );
      else {
        // On an image: cut, or (in a proprietary RACS field, where no other image reaches) refused as proprietary.
        const cut = rows.some((r) => r.status === 'ok');
        assert.ok(cut || rows.every((r) => r.status === 'proprietary'), `${s.name}: ${JSON.stringify(rows)}`);
      }
    }
    // The proprietary RACS image is skipped for the anonymous owner, with the reason.
    const secret = manifest.filter((m) => m.did === archive.proprietaryId);
    assert.ok(secret.length > 10);
    for (const m of secret) {
      assert.equal(m.status, 'proprietary');
      assert.equal(m.file, '');
      assert.match(m.message, /proprietary until/);
    }
    // The tar: manifest.csv first, then one member per ok row, with the manifest's sizes, and nothing else.
    const archiveResult = results.find((r) => r.id === 'archive')!;
    assert.equal(archiveResult.mimeType, 'application/x-tar');
    const members = tarMembers(join(directory, archiveResult.file));
    assert.equal(members[0].name, 'manifest.csv');
    const ok = manifest.filter((m) => m.status === 'ok');
    assert.equal(members.length, ok.length + 1);
    assert.deepEqual(
      members.slice(1).map((m) => [m.name, m.size]),
      ok.map((m) => [m.file, m.bytes]),
    );
    assert.equal(statSync(join(directory, archiveResult.file)).size, archiveResult.size);
    // The manifest member is the manifest result, and lists every row.
    const tar = readFileSync(join(directory, archiveResult.file));
    const csvMember = tar.subarray(members[0].offset, members[0].offset + members[0].size).toString('utf8');
    assert.equal(csvMember, readFileSync(join(directory, 'manifest.csv'), 'utf8'));
    const records = csvRecords(csvMember);
    assert.deepEqual(records[0], [
      'source_index',
      'source_name',
      'ra',
      'dec',
      'radius',
      'obs_publisher_did',
      'file',
      'status',
      'message',
      'bytes',
    ]);
    assert.equal(records.length - 1, manifest.length);
    // A cutout is a FITS file starting with SIMPLE and a multiple of 2880 bytes.
    const first = ok[0];
    const fits = readFileSync(join(directory, first.file));
    assert.equal(fits.subarray(0, 6).toString('ascii'), 'SIMPLE');
    assert.equal(fits.length % 2880, 0);
    // The VOTable manifest has the same number of rows.
    const vot = readFileSync(join(directory, 'manifest.vot'), 'utf8');
    assert.equal((vot.match(/<TR>/g) ?? []).length, manifest.length);
  });

  test('an owner entitled to the proposal gets the proprietary cutouts', async () => {
    // RACS components of the field whose RACS image is proprietary.
    const field = archive.proprietaryId.replace(/^.*RACS-DR1_([^/]+)\/.*$/, '$1');
    const sources = fixtureSources(archive.demoDir).filter((s) => s.name.includes(field));
    assert.ok(sources.length > 5, field);
    const anonymous = await run([['UPLOAD', 's,param:p']], { parts: { p: sourcesCsv(sources, 0.01) } });
    const entitled = await run([['UPLOAD', 's,param:p']], {
      parts: { p: sourcesCsv(sources, 0.01) },
      user: { name: 'alice', proposals: [SECRET_PROPOSAL] },
    });
    const secretRows = (m: typeof anonymous.manifest) => m.filter((r) => r.did === archive.proprietaryId);
    assert.ok(secretRows(anonymous.manifest).length > 0);
    assert.ok(secretRows(anonymous.manifest).every((r) => r.status === 'proprietary'));
    assert.ok(secretRows(entitled.manifest).some((r) => r.status === 'ok'));
    assert.ok(secretRows(entitled.manifest).every((r) => r.status !== 'proprietary'));
  });

  test('the index match finds what a brute-force footprint test over every image finds', async () => {
    const sources = fixtureSources(archive.demoDir).map((s, index) => ({ ...s, index, radius: 0.01 }));
    const matched = await imagesContaining(archive.db, sources, { collections: [], dataproductTypes: ['image'] });
    const all = await archive.db.all<{ obs_publisher_did: string; s_region: string }>(
      `SELECT obs_publisher_did, s_region FROM ${archive.db.dialect.table(OBSCORE_TABLE)} ` +
        "WHERE dataproduct_type = 'image' ORDER BY obs_publisher_did",
    );
    const polygons = all.map((r) => ({
      did: String(r.obs_publisher_did),
      polygon: preparePolygon(parseRegion(String(r.s_region))!.vertices.map(([ra, dec]) => ({ ra, dec }))),
    }));
    let pairs = 0;
    for (const s of sources) {
      const brute = polygons.filter((p) => polygonContains(p.polygon, s.ra, s.dec)).map((p) => p.did);
      assert.deepEqual(
        matched.get(s.index)!.map((i) => i.did),
        brute,
        s.name,
      );
      if (s.off) assert.deepEqual(brute, []);
      pairs += brute.length;
    }
    assert.ok(pairs > 300, `${pairs} source-image pairs`);
  });

  test('SELECT=best at 3 GHz keeps one image per source, a VLASS one where VLASS covers it', async () => {
    const sources = fixtureSources(archive.demoDir).slice(0, 101); // VLASS components
    const { manifest } = await run(
      [
        ['UPLOAD', 's,param:p'],
        ['SELECT', 'best'],
        ['FREQ', '3e9'],
      ],
      { parts: { p: sourcesCsv(sources, 0.005) } },
    );
    for (let i = 0; i < sources.length; i++) {
      const ok = manifest.filter((m) => m.sourceIndex === i && m.status === 'ok');
      assert.equal(ok.length, 1, `source ${i}: ${JSON.stringify(manifest.filter((m) => m.sourceIndex === i))}`);
      assert.match(ok[0].did, /\/VLASS\?/);
    }
    // At optical frequencies the optical images win where they cover the source.
    const optical = await run(
      [
        ['UPLOAD', 's,param:p'],
        ['SELECT', 'best'],
        ['FREQ', '4.8e14'],
        ['RADIUS', '0.003'],
      ],
      { parts: { p: 'ra,dec\n148.9684583,69.6797028\n' } },
    );
    assert.equal(optical.manifest.length, 1);
    assert.match(optical.manifest[0].did, /\/optical\?/);
  });

  test('QUERY mode: images from ADQL with a CIRCLE, and a catalogue joined with ivoa.obscore', async () => {
    const circle = await run([
      ['QUERY', "SELECT obs_publisher_did FROM ivoa.obscore WHERE obs_collection = 'VLASS'"],
      ['CIRCLE', '148.9684583 69.6797028 0.01'],
    ]);
    const vlass = await archive.db.all<{ n: number }>(
      `SELECT COUNT(*) AS n FROM ${archive.db.dialect.table(OBSCORE_TABLE)} ` +
        "WHERE obs_collection = 'VLASS' AND dataproduct_type = 'image'",
    );
    assert.equal(circle.manifest.length, Number(vlass[0].n));
    const okM82 = circle.manifest.filter((m) => m.status === 'ok');
    assert.ok(okM82.length >= 2, JSON.stringify(circle.manifest));
    assert.ok(circle.manifest.filter((m) => m.status !== 'ok').every((m) => m.status === 'no_overlap'));

    // Source-level cutouts: a TAP_UPLOAD catalogue joined with ivoa.obscore gives ra/dec/radius per row.
    const votable = [
      '<?xml version="1.0"?><VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE><TABLE>',
      '<FIELD name="name" datatype="char" arraysize="*"/><FIELD name="ra" datatype="double" ucd="pos.eq.ra;meta.main"/>',
      '<FIELD name="dec" datatype="double" ucd="pos.eq.dec;meta.main"/>',
      '<DATA><TABLEDATA><TR><TD>M82</TD><TD>148.9684583</TD><TD>69.6797028</TD></TR>',
      '<TR><TD>nowhere</TD><TD>10</TD><TD>-70</TD></TR></TABLEDATA></DATA></TABLE></RESOURCE></VOTABLE>',
    ].join('');
    const joined = await run(
      [
        [
          'QUERY',
          'SELECT s.name, s.ra, s.dec, 0.005 AS radius, o.obs_publisher_did FROM TAP_UPLOAD.cat AS s ' +
            "JOIN ivoa.obscore AS o ON 1 = CONTAINS(POINT('ICRS', s.ra, s.dec), o.s_region) " +
            "WHERE o.dataproduct_type = 'image'",
        ],
        ['UPLOAD', 'cat,param:cat'],
      ],
      { parts: { cat: votable } },
    );
    assert.ok(joined.manifest.length >= 3);
    assert.ok(joined.manifest.every((m) => m.sourceName === 'M82' && m.status === 'ok'));
    assert.ok(joined.manifest.every((m) => m.radius === 0.005));
  });

  test('a re-run in the same directory cuts only what did not succeed; RESUME reuses another job', async () => {
    const sources = fixtureSources(archive.demoDir).slice(0, 40);
    const parts = { p: sourcesCsv(sources, 0.01) };
    const first = await run([['UPLOAD', 's,param:p']], { parts });
    const ok = first.manifest.filter((m) => m.status === 'ok');
    assert.ok(ok.length > 40);
    assert.equal(first.reused, 0);
    // As if interrupted: the last journal lines and their files are lost, one cutout is half-written.
    const journal = readFileSync(join(first.directory, JOURNAL_FILE), 'utf8').trimEnd().split('\n');
    writeFileSync(join(first.directory, JOURNAL_FILE), `${journal.slice(0, journal.length - 5).join('\n')}\n{"key":`);
    writeFileSync(join(first.directory, ok[0].file), 'truncated');
    const again = await run([['UPLOAD', 's,param:p']], { parts, dir: first.directory });
    assert.deepEqual(again.manifest, first.manifest);
    // Reused: the ok entries of the journal's kept lines, but for the damaged file.
    const keptOk = journalOkCount(journal.slice(0, journal.length - 5));
    assert.ok(keptOk >= ok.length - 5);
    assert.equal(again.reused, keptOk - 1);
    assert.equal(again.attempted + again.reused, first.attempted);
    for (const m of again.manifest.filter((r) => r.status === 'ok')) {
      assert.equal(statSync(join(again.directory, m.file)).size, m.bytes);
    }

    // A new job with RESUME: the earlier job's intact cutouts are adopted, nothing is cut again.
    rmSync(join(first.directory, 'bulk.tar'));
    unlinkSync(join(first.directory, ok[1].file));
    const resumed = await run([['UPLOAD', 's,param:p']], { parts, resume: first.directory });
    assert.deepEqual(
      resumed.manifest.map((m) => [m.did, m.status, m.bytes]),
      first.manifest.map((m) => [m.did, m.status, m.bytes]),
    );
    assert.equal(resumed.reused, ok.length - 1);
    for (const m of resumed.manifest.filter((r) => r.status === 'ok')) {
      assert.equal(statSync(join(resumed.directory, m.file)).size, m.bytes);
    }
  });

  test('a job stops cutting at its byte limit (rest over_limit, not journaled); a RESUME job cuts the rest', async () => {
    const sources = fixtureSources(archive.demoDir).slice(0, 30);
    const parts = { p: sourcesCsv(sources, 0.01) };
    const full = await run([['UPLOAD', 's,param:p']], { parts });
    const limited = await run([['UPLOAD', 's,param:p']], { parts, maxBytes: 1 });
    const ok = limited.manifest.filter((m) => m.status === 'ok');
    const over = limited.manifest.filter((m) => m.status === 'over_limit');
    // Cutouts already in flight when the limit is reached finish (at most CONCURRENCY of them).
    assert.ok(ok.length >= 1 && ok.length <= CONCURRENCY, `${ok.length} ok`);
    assert.equal(ok.length + over.length, full.manifest.filter((m) => m.status === 'ok').length);
    assert.match(over[0].message, /limit of 1 bytes; create a new job with RESUME/);
    assert.equal(
      journalOkCount(readFileSync(join(limited.directory, JOURNAL_FILE), 'utf8').trim().split('\n')),
      ok.length,
    );
    const resumed = await run([['UPLOAD', 's,param:p']], { parts, resume: limited.directory });
    assert.equal(resumed.reused, ok.length);
    assert.deepEqual(
      resumed.manifest.map((m) => [m.did, m.status, m.bytes]),
      full.manifest.map((m) => [m.did, m.status, m.bytes]),
    );
  });

  test('FORMAT=zip writes a zip archive with the manifest first', async () => {
    const { results, directory, manifest } = await run(
      [
        ['UPLOAD', 's,param:p'],
        ['FORMAT', 'zip'],
      ],
      { parts: { p: sourcesCsv(fixtureSources(archive.demoDir).slice(0, 5), 0.01) } },
    );
    const zip = results.find((r) => r.id === 'archive')!;
    assert.equal(zip.mimeType, 'application/zip');
    const bytes = readFileSync(join(directory, zip.file));
    assert.equal(bytes.readUInt32LE(0), 0x04034b50); // local file header
    const nameLength = bytes.readUInt16LE(26);
    assert.equal(bytes.subarray(30, 30 + nameLength).toString('utf8'), 'manifest.csv');
    assert.ok(manifest.some((m) => m.status === 'ok'));
  });
});

function journalOkCount(lines: string[]): number {
  return lines.filter((l) => l.includes('"status":"ok"')).length;
}
