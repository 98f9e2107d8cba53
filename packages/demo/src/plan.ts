// What each demo size contains. Every product is a pure function of (seed, size); the sky model itself does not
// depend on the size (sources live in fixed sky cells with their own random streams), so the small demo's sky is a
// subset of the large one's.
import { M82 } from './sky-model.ts';
import { type VlassSubtile, vlassNeighbour, vlassSubtileAt } from './vlass-tiling.ts';

export type DemoSize = 'small' | 'medium' | 'large';
export const DEMO_SIZES: readonly DemoSize[] = ['small', 'medium', 'large'];
export const DEFAULT_SEED = 20240611;

/** VLASS epochs (NRAO): 1.1 Sep 2017–Feb 2018, 1.2 Feb–Jul 2019, 2.1 Jul 2020–Feb 2021, 2.2 Jun 2021–Feb 2022. */
export const VLASS_EPOCHS = {
  'VLASS1.1': { start: '2017-09-07', end: '2018-02-18', radesys: 'FK5' as const, casa: 'CASA 5.3.0-21' },
  'VLASS1.2': { start: '2019-02-07', end: '2019-07-14', radesys: 'FK5' as const, casa: 'CASA 5.4.1-31' },
  'VLASS2.1': { start: '2020-07-18', end: '2021-02-10', radesys: 'ICRS' as const, casa: 'CASA 5.6.3-19' },
  'VLASS2.2': { start: '2021-06-17', end: '2022-02-20', radesys: 'ICRS' as const, casa: 'CASA 6.1.3-3' },
};
export type VlassEpoch = keyof typeof VLASS_EPOCHS;

export interface VlassField {
  key: string;
  subtile: VlassSubtile;
  epochs: [VlassEpoch, VlassEpoch];
  /** Position the reduced (small/medium) image is centred on; the full 3722² tile is centred on the subtile. */
  windowCentre: { ra: number; dec: number };
  racs: boolean;
}

export interface DemoPlan {
  size: DemoSize;
  seed: number;
  vlassFields: VlassField[];
  /** Side of VLASS images, pixels: reduced windows in small/medium, the full 3722 QL tile in large. */
  vlassPixels: number;
  racsPixels: number;
  opticalPixels: number;
  opticalCentre: { ra: number; dec: number };
  /** Extra products of medium/large. */
  allSkyCatalog: boolean;
  bulkObscoreRows: number;
  visibilityRows: { vla: number; alma: number };
  /**
   * The field whose RACS image is still proprietary (DESIGN.md "Proprietary data"): its header carries a DATE-RLS in
   * the future, so the archive serves its metadata to everyone and its pixels only to users of its proposal.
   */
  embargoedRacsField: string;
}

/** Release date and project of the embargoed RACS image (far ahead, so the demo stays proprietary for years). */
export const RACS_EMBARGO = { releaseDate: '2099-01-01T00:00:00', proposalId: 'AS110' } as const;

export const QL_FULL_PIXELS = 3722;

export function planDemo(size: DemoSize, seed: number): DemoPlan {
  const m82 = vlassSubtileAt(M82.ra, M82.dec);
  // The window around M82 is shifted towards the subtile centre so it also holds the bright double (see sky-model).
  const fields: VlassField[] = [
    {
      key: 'm82',
      subtile: m82,
      epochs: ['VLASS1.2', 'VLASS2.2'],
      windowCentre: { ra: M82.ra - 0.42, dec: M82.dec - 0.12 },
      racs: false, // RACS-low covers Dec < +41° only; M82 is at +69.7°.
    },
    ...[vlassSubtileAt(118.5, -3.5), vlassSubtileAt(99.58, 11.5)].map(
      (s, i): VlassField => ({
        key: i === 0 ? 'equatorial' : 'north11',
        subtile: s,
        epochs: ['VLASS1.1', 'VLASS2.1'],
        windowCentre: { ra: s.ra, dec: s.dec },
        racs: true,
      }),
    ),
  ];
  if (size === 'large') {
    for (const step of [-1, 1]) {
      const s = vlassNeighbour(m82, step);
      fields.push({
        key: `m82${step < 0 ? 'west' : 'east'}`,
        subtile: s,
        epochs: ['VLASS1.2', 'VLASS2.2'],
        windowCentre: { ra: s.ra, dec: s.dec },
        racs: false,
      });
    }
  }
  return {
    size,
    seed,
    vlassFields: fields,
    vlassPixels: size === 'large' ? QL_FULL_PIXELS : 2048,
    racsPixels: 1024,
    opticalPixels: 1024,
    opticalCentre: { ra: M82.ra + 0.02, dec: M82.dec + 0.01 },
    allSkyCatalog: size !== 'small',
    bulkObscoreRows: size === 'small' ? 0 : 1_000_000,
    visibilityRows: { vla: 320, alma: 180 },
    embargoedRacsField: 'equatorial',
  };
}
