import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { corpusPath } from '@obscura/testkit';
import { Random } from '../random.ts';
import { ALMA_BANDS, RIGHTS_REFERENCE, VISIBILITY_COLUMNS, VLA_BANDS, visibilityRow } from './visibilities.ts';

const rng = new Random(3);
const vla = Array.from({ length: 400 }, (_, i) => visibilityRow(rng, 'VLA', i));
const alma = Array.from({ length: 400 }, (_, i) => visibilityRow(rng, 'ALMA', i));

test('rows carry NRAO freq_min/freq_max and the ObsCore radio extension columns', () => {
  const nrao = readFileSync(corpusPath('astroquery', 'astroquery', 'nrao', 'tests', 'data', 'nrao-empty.txt'), 'utf8');
  for (const c of ['freq_min', 'freq_max', 's_resolution', 't_min', 't_max', 'configuration'])
    assert.ok(nrao.includes(c));
  const radio = readFileSync(corpusPath('obscore-radio', 'obs_radio_columns.csv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[0])
    .filter((n) => n);
  const expected = radio.filter((n) => !/uv_distribution|instrument_feed|scan_mode|tracking_mode/.test(n));
  for (const c of expected) assert.ok(VISIBILITY_COLUMNS.includes(c), c);
});

test('frequencies lie in the band, resolution ranges are ordered, ALMA stays south of +47°', () => {
  for (const r of vla) {
    const [lo, hi] = VLA_BANDS[r.band as keyof typeof VLA_BANDS];
    assert.ok(Number(r.freq_min) >= lo * 1e9 - 1 && Number(r.freq_max) <= hi * 1e9 + 1);
    assert.ok(
      Number(r.s_resolution_min) <= Number(r.s_resolution) && Number(r.s_resolution) <= Number(r.s_resolution_max),
    );
    assert.ok(Number(r.s_dec) > -40);
    assert.equal(r.dataproduct_type, 'visibility');
    assert.equal(r.access_url, '');
  }
  for (const r of alma) {
    const [lo, hi] = ALMA_BANDS[Number(r.band)];
    assert.ok(Number(r.freq_min) >= lo * 1e9 - 1 && Number(r.freq_max) <= hi * 1e9 + 1);
    assert.ok(Number(r.s_dec) < 47);
  }
  // VLA A-configuration at L band: 1.3" at 1.5 GHz (VLA OSS).
  const aL = vla.find((r) => r.configuration === 'A' && r.band === 'L');
  assert.ok(
    aL && Math.abs(Number(aL.s_resolution) * ((Number(aL.freq_min) + Number(aL.freq_max)) / 2 / 1.5e9) - 1.3) < 1e-3,
  );
});

test('some rows are still proprietary (release date after the reference date), most are public', () => {
  const all = [...vla, ...alma];
  const prop = all.filter((r) => String(r.obs_release_date).slice(0, 10) > RIGHTS_REFERENCE);
  assert.ok(prop.length > 0 && prop.length < all.length / 4, `${prop.length} proprietary`);
  assert.ok(prop.every((r) => r.data_rights === 'proprietary'));
  assert.ok(prop.some((r) => String(r.obs_release_date) > '2027-06'));
});
