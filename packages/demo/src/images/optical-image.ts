// Optical u/g/r/i/z images around M82: sky background, stars and small galaxies as Gaussians convolved with the
// seeing, and M82 itself as an inclined exponential disk with a dust lane. Counts in adu; white noise (Poisson,
// Gaussian approximation, gain 1.5 e-/adu). A simple model, enough to make a recognisable field.
import type { Wcs } from '@obscura/fits';
import type { Random } from '../random.ts';
import { M82 } from '../sky-model.ts';
import { det, gaussianCov } from './gaussian.ts';
import { localFrame } from './radio-image.ts';
import { addComponent } from './render-radio.ts';

/** Counts clip here, as a 16-bit converter does (SATURATE keyword). */
export const SATURATION_ADU = 65535;

export const FILTERS = ['u', 'g', 'r', 'i', 'z'] as const;
export type Filter = (typeof FILTERS)[number];

/** Dark-sky surface brightness (AB mag/arcsec²) per filter, and M82's colours relative to r. */
const SKY_MAG: Record<Filter, number> = { u: 22.5, g: 22.0, r: 21.0, i: 20.2, z: 19.3 };
const M82_COLOUR: Record<Filter, number> = { u: 2.0, g: 0.7, r: 0, i: -0.4, z: -0.7 };

export interface OpticalObject {
  id: string;
  kind: 'star' | 'galaxy';
  ra: number;
  dec: number;
  /** AB magnitude in r and colours. */
  r: number;
  colour: Record<Filter, number>;
  /** Intrinsic FWHM (arcsec), axis ratio, PA (galaxies). */
  size: number;
  axisRatio: number;
  pa: number;
}

export function drawOpticalObjects(rng: Random, ra: number, dec: number, halfSizeDeg: number): OpticalObject[] {
  const cosDec = Math.cos((dec * Math.PI) / 180);
  const area = (2 * halfSizeDeg) ** 2;
  const out: OpticalObject[] = [];
  const nStars = rng.poisson(3000 * area);
  const nGal = rng.poisson(40000 * area);
  for (let i = 0; i < nStars + nGal; i++) {
    const star = i < nStars;
    const gr = star ? rng.range(0.3, 1.4) : rng.range(0.4, 1.1);
    const colour: Record<Filter, number> = { u: gr * 1.8 + 0.3, g: gr, r: 0, i: -gr * 0.4, z: -gr * 0.6 };
    out.push({
      id: `${star ? 'STAR' : 'GAL'}${String(i + 1).padStart(4, '0')}`,
      kind: star ? 'star' : 'galaxy',
      ra: ra + rng.range(-halfSizeDeg, halfSizeDeg) / cosDec,
      dec: dec + rng.range(-halfSizeDeg, halfSizeDeg),
      r: star ? rng.powerLaw(0.2, 14, 22) : rng.powerLaw(0.3, 18, 24),
      colour,
      size: star ? 0 : rng.lognormal(Math.log(1.2), 0.4),
      axisRatio: star ? 1 : rng.range(0.3, 1),
      pa: rng.range(0, 180),
    });
  }
  return out;
}

export interface OpticalRenderInput {
  wcs: Wcs;
  width: number;
  height: number;
  pixelArcsec: number;
  filter: Filter;
  exptime: number;
  magzero: number;
  gain: number;
  seeing: number;
  objects: OpticalObject[];
  noiseRng: Random;
}

export function renderOpticalImage(input: OpticalRenderInput): Float32Array {
  const { width, height, wcs, filter, exptime, magzero, pixelArcsec } = input;
  const pixArea = pixelArcsec * pixelArcsec;
  const countsOf = (mag: number) => 10 ** (-0.4 * (mag - magzero)) * exptime;
  const skyPerPixel = countsOf(SKY_MAG[filter]) * pixArea;
  const image = new Float32Array(width * height).fill(skyPerPixel);

  // M82: exponential disk (scale lengths 45" x 16", PA 65°, central r ≈ 17.5 mag/arcsec²) with a dust lane.
  const frame = localFrame(wcs, M82.ra, M82.dec);
  const [mx, my] = wcs.worldToPixel(M82.ra, M82.dec);
  const pa = (65 * Math.PI) / 180;
  const central = countsOf(17.5 + M82_COLOUR[filter]) * pixArea;
  const laneDepth = { u: 0.75, g: 0.65, r: 0.5, i: 0.4, z: 0.3 }[filter];
  // Pixel → (east, north) arcsec needs the inverse of the local frame.
  const a = frame.east.x;
  const b = frame.north.x;
  const c = frame.east.y;
  const d = frame.north.y;
  const idet = 1 / (a * d - b * c);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = x - mx;
      const dy = y - my;
      const e = (d * dx - b * dy) * idet;
      const n = (-c * dx + a * dy) * idet;
      const along = e * Math.sin(pa) + n * Math.cos(pa);
      const across = e * Math.cos(pa) - n * Math.sin(pa);
      const r = Math.sqrt((along / 45) ** 2 + (across / 16) ** 2);
      if (r > 12) continue;
      const lane = 1 - laneDepth * Math.exp(-0.5 * ((across + 2) / 3) ** 2) * Math.exp(-((along / 120) ** 2));
      image[y * width + x] += central * Math.exp(-r) * lane;
    }
  }

  const psf = gaussianCov(input.seeing, input.seeing, 0, localFrame(wcs, M82.ra, M82.dec));
  const psfNorm = 1 / (2 * Math.PI * Math.sqrt(det(psf)));
  for (const o of input.objects) {
    const [x, y] = wcs.worldToPixel(o.ra, o.dec);
    if (!(x > -50 && x < width + 50 && y > -50 && y < height + 50)) continue;
    const counts = countsOf(o.r + o.colour[filter]);
    addComponent(
      image,
      width,
      height,
      {
        x,
        y,
        flux: counts * psfNorm, // addComponent scales by sqrt(det psf / det conv): this yields counts per pixel
        major: o.size,
        minor: o.size * o.axisRatio,
        pa: o.pa,
        frame: localFrame(wcs, o.ra, o.dec),
      },
      psf,
    );
  }
  // Photon noise: variance = counts / gain (adu), Gaussian approximation; read noise 5 e-.
  for (let i = 0; i < image.length; i++) {
    const v = image[i];
    const noisy = v + input.noiseRng.normal() * Math.sqrt(Math.max(v, 0) / input.gain + (5 / input.gain) ** 2);
    image[i] = Math.min(SATURATION_ADU, noisy); // 16-bit ADC full well
  }
  return image;
}
