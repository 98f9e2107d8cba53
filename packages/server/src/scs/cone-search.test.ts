// The cone query path against a brute-force distance computation over the whole table (SQLite; the PostgreSQL run is
// in scs.integration.test.ts): random cones of all sizes, cones across RA=0/360, around and containing the poles,
// SR=0 on an exact position, SR ≥ 90 and 180, the row limit. Also the HEALPix covering itself.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { healpixIndex, openDatabase } from '@obscura/archive';
import { Random } from '@obscura/demo';
import { withTempDir } from '@obscura/testkit';
import { CatalogueDirectory } from './catalogue.ts';
import { checkCones, testCones } from './cone-check.ts';
import { coneRanges, MAX_CONE_RANGES } from './cone-ranges.ts';
import { ConeSearcher } from './cone-search.ts';
import { createSkyCatalogue } from './test-archive.ts';

test('coneRanges: at most MAX_CONE_RANGES ranges, always containing the HEALPix index of every row in the cone', () => {
  const rnd = new Random(5);
  for (let i = 0; i < 300; i++) {
    const c = { ra: rnd.uniform() * 360, dec: rnd.uniform() * 180 - 90, sr: 10 ** (rnd.uniform() * 5 - 4) };
    const ranges = coneRanges(c.ra, c.dec, c.sr);
    assert.ok(ranges && ranges.length <= MAX_CONE_RANGES && ranges.length > 0);
    for (let k = 0; k < 20; k++) {
      // A point inside the cone, at a random distance and bearing (spherical destination formula).
      const d = (c.sr * rnd.uniform() * Math.PI) / 180;
      const b = rnd.uniform() * 2 * Math.PI;
      const p1 = (c.dec * Math.PI) / 180;
      const p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(b));
      const l2 =
        (c.ra * Math.PI) / 180 +
        Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
      const ra = ((((l2 * 180) / Math.PI) % 360) + 360) % 360;
      const h = healpixIndex(ra, (p2 * 180) / Math.PI) as bigint;
      assert.ok(
        ranges.some(([lo, hi]) => h >= lo && h <= hi),
        `point ${ra},${p2} of cone ${JSON.stringify(c)}`,
      );
    }
  }
  assert.equal(coneRanges(0, 0, 180), null, 'the whole sky needs no index filter');
});

test('SQLite: cone searches return exactly the brute-force rows (RA wrap, poles, SR=0, SR ≥ 90)', async () => {
  await withTempDir(async (dir) => {
    const db = await openDatabase(`sqlite:${join(dir, 'a.sqlite')}`);
    try {
      const rows = await createSkyCatalogue(db, 20_000);
      const found = await checkCones(db, rows, testCones(200));
      assert.ok(found > 20_000, `the cones found ${found} rows in all`);
    } finally {
      await db.close();
    }
  });
});

test('the row limit: at most limit + 1 rows come back (the extra one tells of the overflow)', async () => {
  await withTempDir(async (dir) => {
    const db = await openDatabase(`sqlite:${join(dir, 'a.sqlite')}`);
    try {
      await createSkyCatalogue(db, 2000);
      const cat = await new CatalogueDirectory(db).find('TEST.SKY'); // names are case-insensitive
      assert.ok(cat);
      let n = 0;
      for await (const batch of new ConeSearcher(db, cat).search({ ra: 0, dec: 90, sr: 5 }, 3, 7, 3)) n += batch.length;
      assert.equal(n, 8);
    } finally {
      await db.close();
    }
  });
});
