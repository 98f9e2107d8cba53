// Checking cone searches against a brute-force distance computation over the whole table (used by the SQLite unit
// test and by the PostgreSQL integration test).
import assert from 'node:assert/strict';
import type { Database } from '@obscura/archive';
import { Random } from '@obscura/demo';
import { angularDistance } from '@obscura/sky';
import { CatalogueDirectory } from './catalogue.ts';
import { type Cone, ConeSearcher } from './cone-search.ts';
import { SKY_TABLE } from './test-archive.ts';

type Pos = { id: string; ra: number; dec: number };

export function bruteForce(rows: Pos[], c: Cone): string[] {
  return rows
    .filter((r) => angularDistance(c.ra, c.dec, r.ra, r.dec) <= c.sr)
    .map((r) => r.id)
    .sort();
}

/** Cones that exercise the awkward places, then random ones. */
export function testCones(n: number): Cone[] {
  const cones: Cone[] = [
    { ra: 0, dec: 0, sr: 1 }, // straddles RA=0/360
    { ra: 359.5, dec: 0.5, sr: 1.2 },
    { ra: 0.3, dec: -1, sr: 0.7 },
    { ra: 0, dec: 90, sr: 1 }, // centred on the pole
    { ra: 200, dec: 89.2, sr: 1.5 }, // contains the north pole off-centre
    { ra: 45, dec: -88.9, sr: 2 }, // contains the south pole
    { ra: 180, dec: -90, sr: 0.5 },
    { ra: 0, dec: 0, sr: 0 }, // SR=0 on an exact row position
    { ra: 123, dec: -90, sr: 0 },
    { ra: 10, dec: 10, sr: 95 }, // more than a hemisphere
    { ra: 0, dec: 0, sr: 180 }, // the whole sky
  ];
  const rnd = new Random(99);
  for (let i = 0; i < n; i++) {
    const sr = 10 ** (rnd.uniform() * 4 - 3); // 0.001° .. 10°
    const ra = i % 3 === 0 ? rnd.uniform() * 2 - 1 + 360 * (i % 2) : rnd.uniform() * 360;
    const dec = i % 5 === 0 ? 90 - rnd.uniform() * 4 : (Math.asin(2 * rnd.uniform() - 1) * 180) / Math.PI;
    cones.push({ ra: Math.min(360, Math.max(0, ra)), dec: dec * (i % 2 ? -1 : 1), sr });
  }
  return cones;
}

export async function checkCones(db: Database, rows: Pos[], cones: Cone[]): Promise<number> {
  const cat = await new CatalogueDirectory(db).find(SKY_TABLE);
  assert.ok(cat);
  const searcher = new ConeSearcher(db, cat);
  let found = 0;
  for (const c of cones) {
    const got: string[] = [];
    for await (const batch of searcher.search(c, 1, 1e9, 500)) {
      for (const row of batch) {
        got.push(row[0] as string);
        const r = row[row.length - 1] as number;
        assert.ok(r <= c.sr, 'the distance column is within the radius');
      }
    }
    const want = bruteForce(rows, c);
    assert.deepEqual(got.sort(), want, `cone ${JSON.stringify(c)}`);
    found += want.length;
  }
  return found;
}
