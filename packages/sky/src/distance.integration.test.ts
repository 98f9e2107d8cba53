// Cross-check against astropy (Debian python3-astropy): SkyCoord.separation and position_angle.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runPython } from '@obscura/testkit';
import { angularDistance, positionAngle } from './distance.ts';

test('angularDistance and positionAngle agree with astropy SkyCoord to 1e-10 deg', () => {
  const pairs: number[][] = [];
  let s = 12345;
  const rnd = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  for (let i = 0; i < 200; i++) {
    const ra = rnd() * 360;
    const dec = Math.asin(2 * rnd() - 1) * (180 / Math.PI);
    const scale = 10 ** (-9 + 11 * rnd()); // separations from ~1e-9° to ~180°
    pairs.push([
      ra,
      dec,
      (ra + scale * (rnd() - 0.5) * 360) % 360,
      Math.max(-90, Math.min(90, dec + scale * (rnd() - 0.5) * 180)),
    ]);
  }
  pairs.push([0, 0, 180, 0], [10, 20, 190, -20], [0, 90, 0, -90]);
  const script = `
import sys, json
from astropy.coordinates import SkyCoord
import astropy.units as u
rows = json.load(sys.stdin)
a = SkyCoord([r[0] for r in rows]*u.deg, [r[1] for r in rows]*u.deg)
b = SkyCoord([r[2] for r in rows]*u.deg, [r[3] for r in rows]*u.deg)
print(json.dumps([a.separation(b).deg.tolist(), a.position_angle(b).deg.tolist()]))
`;
  const [sep, pa] = JSON.parse(runPython(script, [], JSON.stringify(pairs))) as number[][];
  for (let i = 0; i < pairs.length; i++) {
    const [r1, d1, r2, d2] = pairs[i];
    const d = angularDistance(r1, d1, r2, d2);
    assert.ok(Math.abs(d - sep[i]) <= 1e-10, `separation ${pairs[i]}: ${d} vs ${sep[i]}`);
    if (d > 1e-9 && d < 179.999) {
      let diff = Math.abs(positionAngle(r1, d1, r2, d2) - pa[i]) % 360;
      diff = Math.min(diff, 360 - diff);
      // astropy uses the textbook formula, which loses ~ε/separation radians at small separations.
      const tol = Math.max(1e-8, (2e-16 / (d * (Math.PI / 180))) * (180 / Math.PI));
      assert.ok(diff <= tol, `position angle ${pairs[i]}: ${positionAngle(r1, d1, r2, d2)} vs ${pa[i]}`);
    }
  }
});
