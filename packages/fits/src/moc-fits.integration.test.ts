// astropy (Debian python3-astropy 5.2.1) reads the MOC FITS files we write as BINTABLEs with the MOC 2.0 keywords
// (§6 table 3) and the NUNIQ / RANGE values we meant; the sky fraction computed in Python from the UNIQ column
// equals ours.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { type Moc, spaceMocFromCone, timeMocFromJdRanges } from '@obscura/sky';
import { runPython, withTempDir } from '@obscura/testkit';
import { encodeMocFits } from './moc-fits.ts';

const SCRIPT = `
import json, sys
import numpy as np
from astropy.io import fits
out = {}
for path in sys.argv[1:]:
    with fits.open(path) as h:
        t = h[1]
        hdr = t.header
        col = t.data.field(0).astype(np.int64)
        r = {k: hdr.get(k) for k in ('XTENSION', 'MOCVERS', 'MOCDIM', 'ORDERING', 'COORDSYS', 'TIMESYS',
                                      'MOCORD_S', 'MOCORD_T', 'TTYPE1', 'TFORM1')}
        r['n'] = int(len(col))
        if hdr['ORDERING'] == 'NUNIQ':
            order = (np.floor(np.log2(col)).astype(np.int64) - 2) // 2
            r['fraction'] = float(np.sum(1.0 / (12.0 * 4.0 ** order)))
        else:
            r['first'] = [str(int(v)) for v in col[:2]]
        out[path] = r
print(json.dumps(out))
`;

test('astropy reads our space (NUNIQ) and time (RANGE) MOC FITS', async () => {
  await withTempDir(async (dir) => {
    const space = spaceMocFromCone(9, 148.97, 69.68, 2.5);
    const time = timeMocFromJdRanges(35, [[2460000, 2460001.5]]);
    const ps = join(dir, 'space.fits');
    const pt = join(dir, 'time.fits');
    await writeFile(ps, encodeMocFits(space));
    await writeFile(pt, encodeMocFits(time));
    const r = JSON.parse(runPython(SCRIPT, [ps, pt]));
    const s = r[ps];
    assert.equal(s.XTENSION, 'BINTABLE');
    assert.equal(s.MOCVERS, '2.0');
    assert.equal(s.MOCDIM, 'SPACE');
    assert.equal(s.ORDERING, 'NUNIQ');
    assert.equal(s.COORDSYS, 'C');
    assert.equal(s.MOCORD_S, 9);
    assert.equal(s.TTYPE1, 'UNIQ');
    assert.equal(
      s.n,
      space.cells().reduce((n, c) => n + c.indices.length, 0),
    );
    assert.ok(Math.abs(s.fraction - space.coverageFraction()) < 1e-12);
    const t = r[pt];
    assert.equal(t.MOCDIM, 'TIME');
    assert.equal(t.ORDERING, 'RANGE');
    assert.equal(t.TIMESYS, 'TCB');
    assert.equal(t.MOCORD_T, 35);
    assert.equal(t.TFORM1, '1K');
    assert.deepEqual(t.first, Array.from((time as Moc).rangesAtMaxDepth(), String));
  });
});
