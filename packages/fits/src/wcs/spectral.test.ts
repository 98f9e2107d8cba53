import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findAllWcs } from './find-all-wcs.ts';
import { convertSpectral, SPEED_OF_LIGHT } from './spectral.ts';
import { corpusHeader } from './test-support.ts';

// astropy 5.2.1 / wcslib 7.12, `find_all_wcs(header)` then `w.wcs.p2s([[p, 1, 1, 1]], 1)['world'][0]` at FITS
// pixels p = 1, 2000, −5 (measured here on the corpus headers; the -4 variants give identical values).
const ASTROPY: Record<string, Record<string, [string, number, number, number]>> = {
  freq: {
    ' ': ['FREQ', 110950870010.799, 110412064954.09601, 110952487234.581],
    B: ['BETA-F2V', -0.006778212595117796, -0.0019102351411503656, -0.006792787852928782],
    E: ['ENER', 7.351688474068226e-23, 7.315986843911914e-23, 7.35179563253793e-23],
    N: ['WAVN', 370.092265660482, 368.295005448128, 370.09766013835804],
    O: ['VOPT-F2W', -2025216.6030464768, -572128.1613613963, -2029556.8055633903],
    R: ['VRAD', -2038990.7882860973, -573222.1026543975, -2043390.2940958962],
    V: ['VELO-F2V', -2032057.0069422778, -572674.0807576175, -2036426.5593067012],
    W: ['WAVE-F2W', 0.0027020289068468545, 0.002715214665479652, 0.0027019895225525725],
    Z: ['ZOPT-F2W', -0.006755395435366629, -0.0019084141220863104, -0.006769872792622977],
  },
  velo: {
    ' ': ['VELO', -2032057.0087715015, -568917.0157359987, -2036448.624558501],
    B: ['BETA', -0.006778212604325998, -0.001897702923903996, -0.006792861457793994],
    E: ['ENER-V2F', 7.351688474826826e-23, 7.315895159263017e-23, 7.35179617438189e-23],
    F: ['FREQ-V2F', 110950870040.03653, 110410681278.05978, 110952495429.8166],
    N: ['WAVN-V2F', 370.09226567571005, 368.29038991944185, 370.0976873924234],
    O: ['VOPT-V2W', -2025216.5945546627, -568378.2190541029, -2029578.7121376991],
    R: ['VRAD-V2F', -2038990.7853555048, -569457.85916228, -2043412.5059980785],
    W: ['WAVE-V2W', 0.002702028906744063, 0.002715248693396914, 0.0027019893235859225],
    Z: ['ZOPT-V2W', -0.0067553954278024575, -0.0018959056816947317, -0.006769945885850781],
  },
  wave: {
    ' ': ['WAVE', 0.002702028906961389, 0.002715282480725456, 0.002701989126349791],
    B: ['BETA-W2V', -0.0067782125909442445, -0.0018852595648299446, -0.006792934518108624],
    E: ['ENER-W2F', 7.351688473975693e-23, 7.315804124495041e-23, 7.351796710778318e-23],
    F: ['FREQ-W2F', 110950870042.89839, 110409307406.258, 110952503540.76192],
    N: ['WAVN-W2F', 370.09226558231563, 368.28580707292366, 370.09771434468587],
    O: ['VOPT', -2025216.6033612005, -564654.8423647992, -2029600.4805827998],
    R: ['VRAD-W2F', -2038990.7947424757, -565720.3708522086, -2043434.5726676923],
    V: ['VELO-W2V', -2032057.0086918294, -565186.5941308318, -2036470.5314229173],
    Z: ['ZOPT', -0.006755395422265997, -0.001883485799663992, -0.006770018462654001],
  },
};
const PIXELS = [1, 2000, -5];

for (const kind of ['freq', 'velo', 'wave']) {
  for (const n of [1, 4]) {
    test(`orion-${kind}-${n}.hdr: findAllWcs finds the 9 descriptions astropy finds, values to 1e-10 relative`, () => {
      const { wcses, diagnostics } = findAllWcs(corpusHeader(`astropy/data/spectra/orion-${kind}-${n}.hdr`));
      assert.deepEqual(diagnostics, []);
      assert.equal(wcses.length, 9);
      const expected = ASTROPY[kind];
      assert.deepEqual(wcses.map((w) => w.alt).sort(), Object.keys(expected).sort());
      for (const w of wcses) {
        const [ctype, ...values] = expected[w.alt];
        assert.equal(w.axes[0].ctype, ctype);
        assert.equal(w.spectralAxis, 0);
        assert.equal(w.stokesAxis, 3);
        assert.equal(w.hasCelestial, false); // 'RA' / 'DEC' without a projection code are linear axes
        PIXELS.forEach((p, i) => {
          const got = w.spectralPixelToWorld(p - 1);
          // All agree to ~1e-14 except WAVE-V2W (6e-12): wcslib appears to derive λ0 from RESTFRQ there.
          assert.ok(Math.abs(got - values[i]) <= 1e-10 * Math.abs(values[i]), `${w.alt} ${ctype} p=${p}: ${got}`);
          assert.ok(Math.abs(w.spectralWorldToPixel(got) - (p - 1)) < 1e-9, `${w.alt} round trip at ${p}`);
          const all = w.pixelToWorldN([p - 1, 0, 0, 0]);
          assert.equal(all[0], got);
          assert.deepEqual(Array.from(all.subarray(1)), [83.81042, -5.375222, 1]);
        });
      }
    });
  }
}

test('convertSpectral: textbook relations of Paper III Table 3', () => {
  const rest = { restFrequency: 1.420405751e9, restWavelength: Number.NaN };
  const nu = 1.42e9;
  const vrad = convertSpectral(nu, 'FREQ', 'VRAD', rest);
  assert.ok(Math.abs(vrad - SPEED_OF_LIGHT * (1 - nu / 1.420405751e9)) < 1e-9);
  const lambda = convertSpectral(nu, 'FREQ', 'WAVE', rest);
  assert.ok(Math.abs(lambda - SPEED_OF_LIGHT / nu) < 1e-18);
  const vopt = convertSpectral(nu, 'FREQ', 'VOPT', rest);
  assert.ok(Math.abs(vopt - SPEED_OF_LIGHT * (1.420405751e9 / nu - 1)) < 1e-6);
  const velo = convertSpectral(nu, 'FREQ', 'VELO', rest);
  const r = (1.420405751e9 / nu) ** 2;
  assert.ok(Math.abs(velo - (SPEED_OF_LIGHT * (r - 1)) / (r + 1)) < 1e-6);
  for (const t of ['VRAD', 'WAVE', 'VOPT', 'VELO', 'ZOPT', 'BETA', 'WAVN', 'ENER', 'AWAV'] as const) {
    const there = convertSpectral(nu, 'FREQ', t, rest);
    const back = convertSpectral(there, t, 'FREQ', rest);
    assert.ok(Math.abs(back - nu) < 1e-3, `${t}: ${back}`);
  }
});
