// pyvo (Debian python3-pyvo, /usr/bin/python3) against a real server whose TAP reads a big result with two query
// workers (partitioned-query.ts; the table spans several rowid chunks and MAXREC allows it): run_sync in BINARY2
// cut at MAXREC (its OVERFLOW status) and run_async in TABLEDATA whole, no row twice in either.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openDatabase } from '@obscura/archive';
import { pythonHas, runPythonAsync } from '@obscura/testkit';
import { type RunningServer, startServer } from '../serve.ts';
import { buildFixture, createSampleCatalogue } from '../test-fixture.ts';

const hasPyvo = pythonHas('pyvo');
const ROWS = 40_000;

const PYVO = `
import json, sys
import pyvo
service = pyvo.dal.TAPService(sys.argv[1] + '/tap')
query = 'SELECT * FROM bench.big'
out = {}
r = service.run_sync(query, maxrec=30000)
t = r.to_table()
out['sync'] = {'rows': len(t), 'ids': len(set(int(x) for x in t['id'])), 'status': r.query_status}
job = service.submit_job(query, maxrec=100000, responseformat='votable/td')
job.run()
job.wait(phases=['COMPLETED', 'ERROR', 'ABORTED'], timeout=120)
out['phase'] = job.phase
t = job.fetch_result().to_table()
out['async'] = {'rows': len(t), 'ids': len(set(int(x) for x in t['id'])), 'sum': int(sum(int(x) for x in t['id'])),
  'names': sum(1 for i, n in zip(t['id'], t['name']) if n == 'J%d' % int(i))}
job.delete()
print(json.dumps(out))
`;

let dir: string;
let server: RunningServer;

before(async () => {
  if (!hasPyvo) return;
  dir = mkdtempSync(join(tmpdir(), 'obscura-parallel-http-'));
  const fixture = await buildFixture(dir);
  const db = await openDatabase(fixture.dbUrl);
  try {
    await createSampleCatalogue(db, 'bench.big', {
      rows: ROWS,
      extra: [{ name: 'name', type: 'VARCHAR', description: 'name' }],
      row: (i) => ({ id: i, ra: (i * 0.009) % 360, dec: ((i * 3) % 180) - 90, name: `J${i}` }),
    });
  } finally {
    await db.close();
  }
  server = await startServer({ ...fixture.config, tapMaxrec: 100_000 }, { handleSignals: false });
});

after(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('pyvo run_sync (BINARY2, MAXREC OVERFLOW) and run_async (TABLEDATA) read results two workers wrote', {
  skip: !hasPyvo && 'python3-pyvo not installed',
}, async () => {
  // Not runPython: a synchronous child would block this process, where the server runs.
  const out = JSON.parse(await runPythonAsync(PYVO, [server.url]));
  // pyvo 1.2.1 (Debian) reports the trailing OVERFLOW INFO as query_status (the last QUERY_STATUS wins in its
  // _findinfos); pyvo ≥ 1.4 turns the same INFO into a DALOverflowWarning.
  assert.deepEqual(out.sync, { rows: 30_000, ids: 30_000, status: 'OVERFLOW' });
  assert.equal(out.phase, 'COMPLETED');
  assert.deepEqual(out.async, { rows: ROWS, ids: ROWS, sum: (ROWS * (ROWS - 1)) / 2, names: ROWS });
});
