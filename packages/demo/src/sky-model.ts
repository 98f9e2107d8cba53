// The radio sky model: components with a position, a total flux density at the reference frequency (3 GHz, the VLASS
// band centre), a spectral index and an intrinsic Gaussian size. S(ν) = S0 (ν/ν0)^α.
//
// Numbers and where they come from:
// - Differential source counts dN/dS ∝ S^-1.8 (Euclidean-normalised counts of ~mJy sources are close to flat in this
//   range, e.g. Condon 1984; Smolčić et al. 2017 for 3 GHz). Normalised to 75 components/deg² above 1 mJy at 3 GHz:
//   ~112/deg² above 0.6 mJy, of which ~100/deg² are detected above 5σ (resolved sources have lower peaks, the noise
//   rises towards tile edges) — 3.4 million over the 33,885 deg² VLASS footprint, the size of the CIRADA Epoch 1
//   component table (Gordon et al. 2021, ApJS 255, 30).
// - Spectral indices: ~80% steep, α ~ N(-0.7, 0.2); ~15% flat, α ~ N(0, 0.1); ~5% inverted, α ~ U(0.35, 1.0).
// - Sizes: most faint sources are unresolved at 2.5"; ~20% get an intrinsic Gaussian (median FWHM 4"); ~10% of those
//   above 5 mJy are double-lobed (two lobes + a flat-spectrum core).
import { offsetByPositionAngle } from '@obscura/sky';
import type { Random } from './random.ts';

export const REFERENCE_FREQUENCY_HZ = 3.0e9;

export type SpectralClass = 'steep' | 'flat' | 'inverted';
export type ComponentKind = 'point' | 'extended' | 'lobe' | 'core' | 'galaxy';

export interface SkyComponent {
  /** Component id, unique in the model: `<sourceId>` for single-component sources, `<sourceId>_<n>` otherwise. */
  id: string;
  sourceId: string;
  ra: number;
  dec: number;
  /** Total flux density at REFERENCE_FREQUENCY_HZ, Jy. */
  flux: number;
  alpha: number;
  spectralClass: SpectralClass;
  kind: ComponentKind;
  /** Intrinsic (deconvolved) Gaussian FWHM along the major/minor axes, arcsec (0 = point), PA east of north, deg. */
  major: number;
  minor: number;
  pa: number;
  /** A named landmark (M82, …) rather than a random source. */
  name?: string;
}

/** Flux density of a component at frequency nu (Hz), Jy. */
export function fluxAt(c: Pick<SkyComponent, 'flux' | 'alpha'>, nuHz: number): number {
  return c.flux * (nuHz / REFERENCE_FREQUENCY_HZ) ** c.alpha;
}

export const SOURCE_COUNTS = {
  /** Differential slope: dN/dS ∝ S^-slope. */
  slope: 1.8,
  /** Components per square degree brighter than 1 mJy at 3 GHz. */
  perDeg2Above1mJy: 75,
  /** Faintest and brightest flux drawn, Jy at 3 GHz (faint end well below the 120 uJy/beam VLASS noise). */
  minFlux: 5e-5,
  maxFlux: 5,
};

/** Expected number of sources per deg² with flux in [lo, hi] Jy (integral of the power law). */
export function sourcesPerDeg2(lo: number, hi: number): number {
  const g = SOURCE_COUNTS.slope - 1;
  const k = SOURCE_COUNTS.perDeg2Above1mJy;
  return k * ((lo / 1e-3) ** -g - (hi / 1e-3) ** -g);
}

export function drawSpectralIndex(rng: Random): { alpha: number; spectralClass: SpectralClass } {
  const u = rng.uniform();
  if (u < 0.8) return { alpha: rng.normal(-0.7, 0.2), spectralClass: 'steep' };
  if (u < 0.95) return { alpha: Math.max(-0.29, Math.min(0.29, rng.normal(0, 0.1))), spectralClass: 'flat' };
  return { alpha: rng.range(0.35, 1.0), spectralClass: 'inverted' };
}

/** A region of the sky in which random sources are drawn: RA range and Dec range, degrees. */
export interface SkyBox {
  raMin: number;
  raMax: number;
  decMin: number;
  decMax: number;
}

const DEG = Math.PI / 180;

/** Solid angle of an RA/Dec box in deg². */
export function boxArea(b: SkyBox): number {
  return ((b.raMax - b.raMin) * (Math.sin(b.decMax * DEG) - Math.sin(b.decMin * DEG))) / DEG;
}

/** The box of half-size `half` degrees on the sky around (ra, dec) (RA range widened by 1/cos dec). */
export function boxAround(ra: number, dec: number, half: number): SkyBox {
  const cosDec = Math.cos(Math.min(89, Math.abs(dec) + half) * DEG);
  return { raMin: ra - half / cosDec, raMax: ra + half / cosDec, decMin: dec - half, decMax: dec + half };
}

/** A uniformly distributed position in the box (uniform in RA and in sin Dec, so uniform per unit solid angle). */
export function drawPosition(rng: Random, b: SkyBox): { ra: number; dec: number } {
  const ra = rng.range(b.raMin, b.raMax);
  const s = rng.range(Math.sin(b.decMin * DEG), Math.sin(b.decMax * DEG));
  return { ra: ((ra % 360) + 360) % 360, dec: Math.asin(s) / DEG };
}

/**
 * Draws the components of one random source at (ra, dec) with total 3 GHz flux `flux`. Returns 1 component, or 3
 * for a double-lobed source (two lobes with the steep index and a flat core).
 */
export function drawSource(rng: Random, sourceId: string, ra: number, dec: number, flux: number): SkyComponent[] {
  const { alpha, spectralClass } = drawSpectralIndex(rng);
  const u = rng.uniform();
  if (flux > 5e-3 && spectralClass === 'steep' && u < 0.1) {
    const separation = rng.lognormal(Math.log(20), 0.5); // arcsec between lobes
    const pa = rng.range(0, 180);
    const coreFraction = rng.range(0.03, 0.15);
    const lobeFlux = (flux * (1 - coreFraction)) / 2;
    const comps: SkyComponent[] = [];
    for (const [n, sign] of [
      [1, 1],
      [2, -1],
    ] as const) {
      const p = offsetSmall(ra, dec, (sign * separation) / 2, pa);
      const size = rng.lognormal(Math.log(5), 0.3);
      comps.push({
        id: `${sourceId}_${n}`,
        sourceId,
        ...p,
        flux: lobeFlux * rng.range(0.8, 1.2),
        alpha: alpha + rng.normal(0, 0.05),
        spectralClass,
        kind: 'lobe',
        major: size,
        minor: size * rng.range(0.5, 0.9),
        pa: pa + rng.normal(0, 15),
      });
    }
    comps.push({
      id: `${sourceId}_3`,
      sourceId,
      ra,
      dec,
      flux: flux * coreFraction,
      alpha: rng.normal(0, 0.1),
      spectralClass: 'flat',
      kind: 'core',
      major: 0,
      minor: 0,
      pa: 0,
    });
    return comps;
  }
  const extended = u < 0.2;
  const major = extended ? rng.lognormal(Math.log(4), 0.5) : 0;
  return [
    {
      id: sourceId,
      sourceId,
      ra,
      dec,
      flux,
      alpha,
      spectralClass,
      kind: extended ? 'extended' : 'point',
      major,
      minor: extended ? major * rng.range(0.3, 1) : 0,
      pa: extended ? rng.range(0, 180) : 0,
    },
  ];
}

/** The point `arcsec` away from (ra, dec) along position angle `paDeg` (E of N), on the sphere. */
export function offsetSmall(ra: number, dec: number, arcsec: number, paDeg: number): { ra: number; dec: number } {
  const out = new Float64Array(2);
  offsetByPositionAngle(ra, dec, arcsec >= 0 ? paDeg : paDeg + 180, Math.abs(arcsec) / 3600, out);
  return { ra: out[0], dec: out[1] };
}

/** Random sources in a box; ids are `<prefix><n>` numbered from 1 in draw order. */
export function drawSourcesInBox(rng: Random, box: SkyBox, prefix: string): SkyComponent[] {
  const { slope, minFlux, maxFlux } = SOURCE_COUNTS;
  const expected = sourcesPerDeg2(minFlux, maxFlux) * boxArea(box);
  const n = rng.poisson(expected);
  const out: SkyComponent[] = [];
  for (let i = 1; i <= n; i++) {
    const { ra, dec } = drawPosition(rng, box);
    const flux = rng.powerLaw(slope, minFlux, maxFlux);
    out.push(...drawSource(rng, `${prefix}${String(i).padStart(5, '0')}`, ra, dec, flux));
  }
  return out;
}

// M82 (NGC 3034): the position the brief gives (NED/SIMBAD, ICRS); S(1.4 GHz) ≈ 7.6 Jy with α ≈ -0.6 between 1.4
// and 5 GHz (Condon 1992, ARA&A 30, 575 lists M82 among the brightest starbursts), radio disk ~40" x 12" along the
// optical major axis PA ≈ 65°. Modelled as a disk plus a compact starburst core; 3 GHz total ≈ 4.8 Jy.
export const M82 = { ra: 148.9684583, dec: 69.6797028 };

export function landmarkComponents(): SkyComponent[] {
  const m82Alpha = -0.6;
  const m82Total = 7.6 * (3.0 / 1.4) ** m82Alpha;
  const double = { ra: 148.45, dec: 69.4 };
  const lobe1 = offsetSmall(double.ra, double.dec, 24, 35);
  const lobe2 = offsetSmall(double.ra, double.dec, -24, 35);
  return [
    {
      id: 'M82_1',
      sourceId: 'M82',
      name: 'M82',
      ...M82,
      flux: 0.75 * m82Total,
      alpha: m82Alpha,
      spectralClass: 'steep',
      kind: 'galaxy',
      major: 40,
      minor: 12,
      pa: 65,
    },
    {
      id: 'M82_2',
      sourceId: 'M82',
      name: 'M82',
      ...M82,
      flux: 0.25 * m82Total,
      alpha: -0.5,
      spectralClass: 'steep',
      kind: 'galaxy',
      major: 10,
      minor: 4,
      pa: 65,
    },
    // A bright FR II-like double in the same VLASS tile: two 8"x5" lobes 48" apart and a flat core (350 mJy total).
    ...[lobe1, lobe2].map(
      (p, i): SkyComponent => ({
        id: `DBL1_${i + 1}`,
        sourceId: 'DBL1',
        name: 'DEMO-DOUBLE-1',
        ...p,
        flux: i === 0 ? 0.17 : 0.15,
        alpha: -0.8,
        spectralClass: 'steep',
        kind: 'lobe',
        major: 8,
        minor: 5,
        pa: 35,
      }),
    ),
    {
      id: 'DBL1_3',
      sourceId: 'DBL1',
      name: 'DEMO-DOUBLE-1',
      ...double,
      flux: 0.03,
      alpha: 0.05,
      spectralClass: 'flat',
      kind: 'core',
      major: 0,
      minor: 0,
      pa: 0,
    },
    // M81's nucleus (M81*, 9h55m33.17s +69°03'55.1"): a flat/inverted compact source of ~0.1 Jy at GHz frequencies.
    {
      id: 'M81_1',
      sourceId: 'M81',
      name: 'M81',
      ra: 148.8882208,
      dec: 69.0653028,
      flux: 0.1,
      alpha: 0.2,
      spectralClass: 'flat',
      kind: 'core',
      major: 0,
      minor: 0,
      pa: 0,
    },
  ];
}
