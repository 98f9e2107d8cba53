// SELECT=best: the image whose angular resolution at the frequency FREQ is best (smallest). An interferometer's (or
// any diffraction-limited telescope's) resolution scales as θ ∝ λ ∝ 1/ν, which is how ingestion fills the radio
// columns: s_resolution_min is the resolution at freq_max and s_resolution_max the one at freq_min (so
// s_resolution_min · freq_max = s_resolution_max · freq_min = s_resolution · ν_ref). The resolution at ν is then
// s_resolution_min · freq_max / ν — the ADQL UDF obscura_resolution_at(s_resolution_min, freq_max, ν) (adql
// udfs.ts) — and, for rows without the radio columns, obscura_resolution_at(s_resolution, (freq_min + freq_max)/2, ν).
// Images whose band contains FREQ are preferred (they observed at that frequency); only when none does are the
// others ranked by their extrapolated resolution.
import type { ImageRow } from './images.ts';

/** Resolution in arcsec of `image` at `freq` Hz, or null when its metadata cannot tell. */
export function resolutionAt(image: ImageRow, freq: number): number | null {
  if (image.resolutionMin !== null && image.freqMax !== null && image.freqMax > 0) {
    return (image.resolutionMin * image.freqMax) / freq;
  }
  if (image.resolution !== null && image.freqMin !== null && image.freqMax !== null) {
    return (image.resolution * ((image.freqMin + image.freqMax) / 2)) / freq;
  }
  return null;
}

/** Whether the image's band [freq_min, freq_max] contains `freq`. */
export function coversFrequency(image: ImageRow, freq: number): boolean {
  return image.freqMin !== null && image.freqMax !== null && image.freqMin <= freq && freq <= image.freqMax;
}

/**
 * The images ranked best first at `freq`: those covering it before the others, then by resolution there (unknown
 * last), then by identifier (a stable order, so that a re-run picks the same image).
 */
export function rankByResolution(images: readonly ImageRow[], freq: number): ImageRow[] {
  const key = (i: ImageRow) => ({ covers: coversFrequency(i, freq), res: resolutionAt(i, freq) });
  return [...images]
    .map((image) => ({ image, ...key(image) }))
    .sort(
      (a, b) =>
        Number(b.covers) - Number(a.covers) ||
        (a.res ?? Number.POSITIVE_INFINITY) - (b.res ?? Number.POSITIVE_INFINITY) ||
        (a.image.did < b.image.did ? -1 : a.image.did > b.image.did ? 1 : 0),
    )
    .map((x) => x.image);
}
