import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { withDemoServer } from './demo-fixture.ts';

await withDemoServer(async (d) => {
  const ids = [...d.ids.values()];
  const m82 = ids.find((k) => k.includes('VLASS1.2') && k.includes('T28t06')) as string;
  const vis = ids.find((x) => x.includes('ALMA')) as string;
  const q = [m82, 'ivo://nope/x?y', vis, d.proprietaryId, ids.find((x) => x.includes('optical'))!]
    .map((i) => `ID=${encodeURIComponent(i)}`)
    .join('&');
  const r = await promisify(execFile)('stilts', ['datalinklint', `votable=${d.url}/datalink/links?${q}`], {
    encoding: 'utf8',
  }).catch((e) => e);
  console.log('OUT', r.stdout, r.stderr);
});
