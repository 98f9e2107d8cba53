import assert from 'node:assert/strict';
import { test } from 'node:test';
import { R2D } from '../angles.ts';
import { createProjection, SUPPORTED_PROJECTIONS } from './index.ts';

const PV: Record<string, number[]> = {
  AZP: [Number.NaN, 2, 30],
  SZP: [Number.NaN, 2, 30, 60],
  ZPN: [0, 1, 0, -0.1],
  AIR: [Number.NaN, 45],
  BON: [Number.NaN, 45],
  COP: [Number.NaN, 45, 25],
  COE: [Number.NaN, 45, 25],
  COD: [Number.NaN, 45, 25],
  COO: [Number.NaN, 45, 25],
};

/** A deterministic sequence in [0, 1). */
function* halton(n: number, base: number): Generator<number> {
  for (let i = 1; i <= n; i++) {
    let f = 1;
    let r = 0;
    let k = i;
    while (k > 0) {
      f /= base;
      r += f * (k % base);
      k = Math.floor(k / base);
    }
    yield r;
  }
}

test('every projection inverts itself: (φ, θ) -> (x, y) -> (φ, θ) to 1e-9 deg over its domain', () => {
  const phis = [...halton(4000, 2)].map((u) => u * 358 - 179);
  const thetas = [...halton(4000, 3)].map((u) => u * 178 - 89);
  const out = new Float64Array(2);
  for (const code of SUPPORTED_PROJECTIONS) {
    if (code === 'NCP') continue;
    const prj = createProjection(code, PV[code] ?? []);
    let checked = 0;
    for (let i = 0; i < phis.length; i++) {
      prj.toPlane(phis[i], thetas[i], out);
      if (Number.isNaN(out[0])) continue;
      prj.toNative(out[0], out[1], out);
      assert.ok(!Number.isNaN(out[0]), `${code}: projected point not invertible at ${phis[i]}, ${thetas[i]}`);
      const dTheta = Math.abs(out[1] - thetas[i]);
      let dPhi = Math.abs(out[0] - phis[i]) % 360;
      if (dPhi > 180) dPhi = 360 - dPhi;
      assert.ok(
        dTheta < 1e-9 && dPhi * Math.cos(thetas[i] / R2D) < 1e-9,
        `${code} at ${phis[i]}, ${thetas[i]}: ${out}`,
      );
      checked++;
    }
    assert.ok(checked > 1000, `${code}: only ${checked} points projectable`);
  }
});

test('textbook values (Paper II §5): radii of zenithal projections and cylindrical ordinates at θ = 45°', () => {
  const out = new Float64Array(2);
  const at = (code: string, phi: number, theta: number, pv: number[] = []) => {
    createProjection(code, pv).toPlane(phi, theta, out);
    return [out[0], out[1]];
  };
  const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} != ${b}`);
  close(at('TAN', 0, 45)[1], -R2D); // R = R0 cot 45°
  close(at('SIN', 0, 45)[1], -R2D * Math.SQRT1_2); // R = R0 cos θ
  close(at('ARC', 90, 45)[0], 45); // R = 90° − θ, x = R sin φ
  close(at('STG', 0, 45)[1], -2 * R2D * Math.tan(Math.PI / 8));
  close(at('ZEA', 0, 45)[1], -2 * R2D * Math.sin(Math.PI / 8));
  close(at('CAR', 10, 45)[1], 45);
  close(at('MER', 0, 45)[1], R2D * Math.log(Math.tan((3 * Math.PI) / 8)));
  close(at('CEA', 0, 45)[1], R2D * Math.SQRT1_2);
  close(at('AIT', 0, 90)[1], R2D * Math.SQRT2); // the pole of Hammer-Aitoff is at y = √2 R0
  close(at('MOL', 0, 90)[1], R2D * Math.SQRT2);
  close(at('HPX', 0, 90)[1], 90); // the HPX pole with H = 4, K = 3
  close(at('HPX', 0, Math.asin(2 / 3) * R2D)[1], 45); // the equatorial/polar boundary
});

test('points outside a projection give NaN and never throw', () => {
  const out = new Float64Array(2);
  const nan = (code: string, x: number, y: number, pv: number[] = []) => {
    createProjection(code, pv).toNative(x, y, out);
    assert.ok(Number.isNaN(out[0]) && Number.isNaN(out[1]), `${code} (${x}, ${y}) gave ${out}`);
  };
  nan('SIN', 60, 0); // beyond the unit circle (r > R0)
  nan('ZEA', 120, 0); // beyond 2 R0
  nan('AIT', 200, 0); // outside the ellipse
  nan('MOL', 0, 100); // above the pole
  nan('CAR', 0, 95); // beyond a pole
  nan('HPX', 0, 80); // between two polar facets (φc = ±45°, x = 0 is a gap at y > 45°)
  nan('TSC', 100, 100); // outside the cross of faces
  // Far side of the sphere for orthographic and gnomonic projections.
  createProjection('SIN', []).toPlane(0, -10, out);
  assert.ok(Number.isNaN(out[0]));
  createProjection('TAN', []).toPlane(0, -10, out);
  assert.ok(Number.isNaN(out[0]));
});

test('unknown projection codes and invalid parameters are reported as ProjectionError', () => {
  assert.throws(() => createProjection('XYZ', []), /XYZ is not supported/);
  assert.throws(() => createProjection('COE', []), /PV2_1/);
  assert.throws(() => createProjection('AZP', [Number.NaN, -1]), /PV2_1 = -1/);
});
