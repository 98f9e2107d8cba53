// SIA 2.0 parameters → constraints → ADQL: DALI intervals with open ends, POS shapes, OR within a parameter and AND
// across parameters, unit conversions (BAND metres → Hz, SPATRES in arcsec), escaping, and the errors.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse as parseAdql } from '@obscura/adql';
import { DaliParams } from '../dali-params.ts';
import { HttpError } from '../errors.ts';
import { adqlString, siaAdql, siaConditions } from './adql.ts';
import { parseInterval, parseSiaQuery, SPATRES_FREQ } from './params.ts';
import { rangeCondition } from './range-region.ts';

const q = (pairs: [string, string][]) => parseSiaQuery(new DaliParams(pairs));
const where = (pairs: [string, string][]) => siaConditions(q(pairs));

function rejects(pairs: [string, string][], pattern: RegExp) {
  assert.throws(
    () => q(pairs),
    (e: unknown) =>
      e instanceof HttpError && e.code === 'SIA_BAD_PARAMETER' && e.status === 400 && pattern.test(e.message),
  );
}

describe('SIA 2.0 parameter parsing', () => {
  it("reads DALI intervals: two ends, one value, -Inf/+Inf and pyvo's inf", () => {
    assert.deepEqual(parseInterval('FOV', '0.1 2', 'deg'), { lo: 0.1, hi: 2 });
    assert.deepEqual(parseInterval('FOV', ' 3 ', 'deg'), { lo: 3, hi: 3 });
    assert.deepEqual(parseInterval('FOV', '-Inf 2', 'deg'), { lo: -Infinity, hi: 2 });
    assert.deepEqual(parseInterval('FOV', '1e-3 +Inf', 'deg'), { lo: 0.001, hi: Infinity });
    assert.deepEqual(parseInterval('FOV', '-inf inf', 'deg'), { lo: -Infinity, hi: Infinity });
    assert.throws(() => parseInterval('FOV', '2 1', 'deg'), /lower end 2 is above the upper end 1/);
    assert.throws(() => parseInterval('FOV', 'NaN 1', 'deg'), /"NaN" is not a number/);
    assert.throws(() => parseInterval('FOV', '1 2 3', 'deg'), /give an interval "lo hi"/);
  });

  it('names are case-insensitive and every parameter repeats (DALI 1.1 §3)', () => {
    const s = q([
      ['collection', 'VLASS'],
      ['COLLECTION', 'RACS'],
      ['pos', 'CIRCLE 10 20 0.5'],
      ['Pos', 'RANGE 1 2 3 4'],
      ['POS', 'POLYGON 1 1 2 1 2 2'],
    ]);
    assert.deepEqual(s.collection, ['VLASS', 'RACS']);
    assert.deepEqual(
      s.pos.map((p) => p.shape),
      ['circle', 'range', 'polygon'],
    );
  });

  it('rejects bad values with what was wrong', () => {
    rejects([['POS', 'CIRCLE 10 95 1']], /latitude 95 is outside/);
    rejects([['POS', 'CIRCLE 10 20']], /3 numbers/);
    rejects([['POS', 'BOX 1 2 3 4']], /CIRCLE, RANGE or POLYGON/);
    rejects([['POS', 'RANGE 1 2 3']], /four values/);
    rejects([['POS', 'RANGE 0 370 0 1']], /RA 370 is outside/);
    rejects([['POS', 'RANGE 0 10 5 1']], /dec1 5 is above dec2 1/);
    rejects([['POS', 'POLYGON 1 1 2 2']], /at least 3 vertices/);
    rejects([['BAND', 'red']], /"red" is not a number/);
    rejects([['BAND', '-Inf -1']], /at least 0 metres/);
    rejects([['POL', 'Z']], /not a polarization state/);
    rejects([['DPTYPE', 'spectrum']], /image and cube/);
    rejects([['CALIB', '7']], /integer 0 to 4/);
    rejects([['COLLECTION', '']], /COLLECTION is empty/);
    rejects([[SPATRES_FREQ, '1.4e9']], /SPATRES_FREQ=1.4e9 needs SPATRES/);
    rejects(
      [
        ['SPATRES', '0 1'],
        [SPATRES_FREQ, '-3'],
      ],
      /more than 0/,
    );
  });
});

describe('SIA 2.0 → ADQL', () => {
  it('ORs the values of one parameter and ANDs the parameters (SIA 2.0 §2.1)', () => {
    const w = where([
      ['COLLECTION', 'VLASS'],
      ['COLLECTION', 'RACS'],
      ['DPTYPE', 'image'],
      ['CALIB', '2'],
      ['CALIB', '3'],
    ]);
    assert.deepEqual(w, [
      "o.obs_collection IN ('VLASS', 'RACS')",
      "o.dataproduct_type IN ('image')",
      'o.calib_level IN (2, 3)',
    ]);
    const fov = where([
      ['FOV', '0.5 1'],
      ['FOV', '2 +Inf'],
    ]);
    assert.deepEqual(fov, ['((o.s_fov >= 0.5 AND o.s_fov <= 1) OR (o.s_fov >= 2))']);
    // An alternative with both ends open leaves the parameter unconstrained.
    assert.deepEqual(
      where([
        ['FOV', '0.5 1'],
        ['FOV', '-Inf +Inf'],
      ]),
      [],
    );
  });

  it('escapes strings: a quote is doubled, nothing else can leave the literal', () => {
    assert.equal(adqlString("O'Brien"), "'O''Brien'");
    const w = where([['TARGET', "M82') OR 1=1 --"]]);
    assert.deepEqual(w, ["o.target_name IN ('M82'') OR 1=1 --')"]);
  });

  it('BAND metres → em_min/em_max overlap, and freq_min/freq_max in Hz for rows without em', () => {
    // 0.1 m (3 GHz) to 0.2 m (1.5 GHz).
    const [w] = where([['BAND', '0.1 0.2']]);
    assert.equal(
      w,
      '(((o.em_min <= 0.2 AND o.em_max >= 0.1) OR (o.em_min IS NULL AND o.freq_max >= 1498962290 AND o.freq_min <= 2997924580)))',
    );
    const [open] = where([['BAND', '0.1 +Inf']]);
    assert.equal(open, '(((o.em_max >= 0.1) OR (o.em_min IS NULL AND o.freq_min <= 2997924580)))');
  });

  it('a CIRCLE over 90° (beyond pgSphere) is said as "not inside the antipodal cap"; 180° is the whole sky', () => {
    assert.deepEqual(where([['POS', 'CIRCLE 10 20 120']]), [
      "(CONTAINS(o.s_region, CIRCLE('ICRS', 190, -20, 60)) = 0)",
    ]);
    assert.deepEqual(where([['POS', 'CIRCLE 10 20 180']]), []);
  });

  it('TIME overlaps [t_min, t_max]; SPATRES in arcsec as s_resolution; POL looks inside pol_states', () => {
    assert.deepEqual(where([['TIME', '58000 58100.5']]), ['(o.t_min <= 58100.5 AND o.t_max >= 58000)']);
    assert.deepEqual(where([['SPATRES', '0 3.6']]), ['(o.s_resolution >= 0 AND o.s_resolution <= 3.6)']);
    assert.deepEqual(where([['POL', 'i']]), ["(o.pol_states LIKE '%/I/%')"]);
  });

  it('SPATRES at SPATRES_FREQ: images covering the frequency, radio resolution scaled as 1/ν', () => {
    const [w] = where([
      ['SPATRES', '0 3.6'],
      [SPATRES_FREQ, '1.4e9'],
    ]);
    assert.match(w, /o\.freq_min <= 1400000000 AND o\.freq_max >= 1400000000/);
    assert.match(w, /obscura_resolution_at\(o\.s_resolution, \(o\.freq_min \+ o\.freq_max\) \/ 2, 1400000000\)/);
    assert.match(w, /<= 3\.6/);
  });

  it('every generated query parses as ADQL 2.1, with the radio columns and a stable order', () => {
    const all = q([
      ['POS', 'CIRCLE 148.97 69.68 0.02'],
      ['POS', 'RANGE 350 10 -5 5'],
      ['POS', 'RANGE 0 360 80 +Inf'],
      ['POS', 'POLYGON 10 10 11 10 11 11'],
      ['BAND', '0.05 0.5'],
      ['TIME', '-Inf 60000'],
      ['POL', 'I'],
      ['FOV', '0.1 2'],
      ['SPATRES', '0 36'],
      [SPATRES_FREQ, '3e9'],
      ['EXPTIME', '1 +Inf'],
      ['ID', 'ivo://x/y?z'],
      ['COLLECTION', 'VLASS'],
      ['FACILITY', 'VLA'],
      ['INSTRUMENT', 'WIDAR'],
      ['DPTYPE', 'cube'],
      ['CALIB', '2'],
      ['TARGET', 'M82'],
      ['TIMERES', '0 10'],
      ['SPECRP', '1 +Inf'],
      ['FORMAT', 'image/fits'],
    ]);
    const adql = siaAdql(all);
    const parsed = parseAdql(adql);
    assert.deepEqual(
      parsed.diagnostics.filter((d) => d.severity === 'error'),
      [],
      adql,
    );
    assert.match(adql, /COALESCE\(r\.s_resolution_min, o\.s_resolution_min\) AS s_resolution_min/);
    assert.match(adql, /, r\.f_resolution, /);
    assert.match(adql, /AS s_resolution_at_freq/);
    assert.match(adql, /ORDER BY o\.obs_publisher_did$/);
  });
});

describe('POS=RANGE', () => {
  it('a full RA circle is a Dec band said with polar caps of radius ≤ 90°', () => {
    assert.equal(rangeCondition('s', 0, 360, -90, 90), null);
    assert.equal(rangeCondition('s', 0, 360, 80, 90), "INTERSECTS(s, CIRCLE('ICRS', 0, 90, 10)) = 1");
    assert.equal(rangeCondition('s', 0, 360, -90, -80), "INTERSECTS(s, CIRCLE('ICRS', 0, -90, 10)) = 1");
    assert.equal(
      rangeCondition('s', 0, 360, -10, 20),
      "(CONTAINS(s, CIRCLE('ICRS', 0, -90, 80)) = 0 AND CONTAINS(s, CIRCLE('ICRS', 0, 90, 70)) = 0)",
    );
  });

  it('wraps through RA 0 and reaches the poles with polygons whose edges follow the parallels within 1 arcsec per degree', () => {
    const wrap = rangeCondition('s', 350, 10, 40, 50) as string;
    const vertices = [...wrap.matchAll(/POLYGON\('ICRS', ([^)]*)\)/g)].map((m) => m[1].split(', ').map(Number));
    assert.equal(vertices.length, 1);
    const ras = vertices[0].filter((_, i) => i % 2 === 0);
    assert.ok(ras.includes(350) && ras.includes(10) && ras.some((r) => r < 5), ras.join(' '));
    assert.ok(ras.every((r) => r >= 350 || r <= 10));
    // Chord between two consecutive vertices on dec 40 strays < 20 arcsec (a 20° span) from the parallel.
    const decs = vertices[0].filter((_, i) => i % 2 === 1);
    const step = Math.abs(ras[1] - ras[0]);
    const D = Math.PI / 180;
    const mid = Math.atan(Math.tan(decs[0] * D) / Math.cos((step / 2) * D)) / D;
    const stray = (mid - decs[0]) * 3600;
    assert.ok(stray < 20 && stray > 5, `stray ${stray} arcsec`);
    // A RANGE of 1° or less keeps edges within 1 arcsec.
    const small = (rangeCondition('s', 10, 10.8, 44, 45) as string)
      .match(/POLYGON\('ICRS', ([^)]*)\)/)?.[1]
      .split(', ')
      .map(Number) as number[];
    const sStep = Math.abs(small[2] - small[0]);
    const sMid = Math.atan(Math.tan(44 * D) / Math.cos((sStep / 2) * D)) / D;
    assert.ok((sMid - 44) * 3600 < 1, `stray ${(sMid - 44) * 3600} arcsec`);
    // A piece touching the pole has the pole as a vertex; a RANGE across the equator is two pieces.
    assert.match(rangeCondition('s', 10, 20, 80, 90) as string, /, 90\)\) = 1$/);
    assert.equal((rangeCondition('s', 10, 20, -10, 10) as string).split(' OR ').length, 2);
    // More than 90° of RA is cut into pieces.
    assert.equal((rangeCondition('s', 0, 200, 10, 20) as string).split(' OR ').length, 3);
  });
});
