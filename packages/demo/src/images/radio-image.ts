// One radio image (VLASS QL or RACS): beam-convolved sky-model components + beam-correlated noise whose level rises
// gently away from the tile centre (mosaic edges), and the matching rms map.
import type { Wcs } from '@obscura/fits';
import type { Random } from '../random.ts';
import { fluxAt, type SkyComponent } from '../sky-model.ts';
import { type Cov2, gaussianCov, type LocalFrame, simpleFrame } from './gaussian.ts';
import type { Beam } from './headers.ts';
import { correlatedNoise } from './noise.ts';
import { addComponent } from './render-radio.ts';

export interface PlacedTruth {
  component: SkyComponent;
  /** 0-based pixel position. */
  x: number;
  y: number;
  /** Flux at the image frequency (Jy) and beam-convolved peak (Jy/beam). */
  flux: number;
  peak: number;
  /** Image noise (Jy/beam) at the nearest pixel and the local rms. */
  noise: number;
  rms: number;
}

export interface RadioImage {
  width: number;
  height: number;
  image: Float32Array;
  rmsMap: Float32Array;
  /** Components whose centre falls inside the image. */
  placed: PlacedTruth[];
}

export interface RadioRenderInput {
  wcs: Wcs;
  width: number;
  height: number;
  beam: Beam;
  pixelArcsec: number;
  freqHz: number;
  rms: number;
  /** Noise rises as rms·(1 + edgeRise·(r/edgeRadius)²), r in pixels from (centreX, centreY) (0-based). */
  centreX: number;
  centreY: number;
  edgeRadius: number;
  edgeRise: number;
  components: SkyComponent[];
  noiseRng: Random;
}

/** Pixel offsets per arcsec east and north at (ra, dec), from the image's own WCS (finite differences of 1"). */
export function localFrame(wcs: Wcs, ra: number, dec: number): LocalFrame {
  const [x, y] = wcs.worldToPixel(ra, dec);
  const cosDec = Math.cos((dec * Math.PI) / 180);
  const [xe, ye] = wcs.worldToPixel(ra + 1 / 3600 / cosDec, dec);
  const [xn, yn] = wcs.worldToPixel(ra, dec + 1 / 3600);
  return { east: { x: xe - x, y: ye - y }, north: { x: xn - x, y: yn - y } };
}

export function renderRadioImage(input: RadioRenderInput): RadioImage {
  const { width, height, wcs, beam } = input;
  const beamCov: Cov2 = gaussianCov(beam.major, beam.minor, beam.pa, simpleFrame(input.pixelArcsec));
  const n = width * height;
  const rmsMap = new Float32Array(n);
  for (let y = 0; y < height; y++) {
    const dy = (y - input.centreY) / input.edgeRadius;
    for (let x = 0; x < width; x++) {
      const dx = (x - input.centreX) / input.edgeRadius;
      rmsMap[y * width + x] = input.rms * (1 + input.edgeRise * (dx * dx + dy * dy));
    }
  }
  const noise = correlatedNoise(input.noiseRng, width, height, beamCov);
  for (let i = 0; i < n; i++) noise[i] *= rmsMap[i];
  const image = new Float32Array(noise);
  const margin = 200; // extended sources just outside still spill light in
  const placed: PlacedTruth[] = [];
  for (const c of input.components) {
    const [x, y] = wcs.worldToPixel(c.ra, c.dec);
    if (!(x > -margin && x < width + margin && y > -margin && y < height + margin)) continue;
    const flux = fluxAt(c, input.freqHz);
    const frame = localFrame(wcs, c.ra, c.dec);
    const peak = addComponent(
      image,
      width,
      height,
      { x, y, flux, major: c.major, minor: c.minor, pa: c.pa, frame },
      beamCov,
    );
    const ix = Math.round(x);
    const iy = Math.round(y);
    if (ix >= 0 && ix < width && iy >= 0 && iy < height) {
      placed.push({ component: c, x, y, flux, peak, noise: noise[iy * width + ix], rms: rmsMap[iy * width + ix] });
    }
  }
  return { width, height, image, rmsMap, placed };
}
