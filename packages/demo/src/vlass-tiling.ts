// VLASS-like tile and subtile names: `T<band>t<index>` for a tile and the J-name of the 1°x1° Quick Look subtile
// centre, as in real file names (`VLASS1.1.ql.T29t05.J110448+763000.10.2048.v1.I.iter1.image.pbcor.tt0.subim.fits`,
// 2424 of them in ../shared/corpus/vlass/vlass2caom2/caom_query.csv).
//
// What the real names show: subtile centres sit on Dec = n + 0.5°; tiles are 4° Dec bands (T01 holds -36.5°, T10
// -3.5°..-0.5°, T11 +0.5°..+3.5°, T13 +8.5°..+11.5°) except that T24 holds five rows (+52.5°..+56.5°), which puts
// +76.5° in T29 as observed; equatorial tiles are 10° of RA (T10t01 J0002, T10t02 J0050, T10t29 J1842, T10t35 J2306),
// T24 tiles 15° (T24t05 holds 04h03m..04h53m) and T29 ~36°. The RA tile count per band used here,
// round(36·cos(band's lower |Dec| edge)), reproduces the equatorial width; it is an approximation of NRAO's table,
// which is not in the corpus. Subtiles are spaced ~1°/cos(Dec) in RA within their tile (T24t05: 6.5 min at +52.5°).

const DEG = Math.PI / 180;

export interface VlassSubtile {
  /** Tile name, e.g. `T28t06`. */
  tile: string;
  /** Subtile J-name of the centre, e.g. `J095245+693000`. */
  subtile: string;
  /** Subtile centre (the image CRVAL), degrees. */
  ra: number;
  dec: number;
}

/** Dec band of a subtile row centred at `decRow` (n + 0.5): its T number and lower/upper Dec edges. */
export function vlassBand(decRow: number): { band: number; decLow: number; decHigh: number } {
  if (decRow < 52) {
    const band = Math.floor((decRow + 40) / 4) + 1;
    return { band, decLow: -40 + 4 * (band - 1), decHigh: -36 + 4 * (band - 1) };
  }
  if (decRow < 57) return { band: 24, decLow: 52, decHigh: 57 };
  const band = 25 + Math.floor((decRow - 57) / 4);
  return { band, decLow: 57 + 4 * (band - 25), decHigh: Math.min(90, 61 + 4 * (band - 25)) };
}

function raTilesInBand(decLow: number, decHigh: number): number {
  const edge = Math.min(Math.abs(decLow), Math.abs(decHigh));
  const nearEquator = decLow < 0 && decHigh > 0 ? 0 : edge;
  return Math.max(1, Math.round(36 * Math.cos(nearEquator * DEG)));
}

/** The subtile (1° QL image) whose centre is nearest to (ra, dec). */
export function vlassSubtileAt(ra: number, dec: number): VlassSubtile {
  const decRow = Math.floor(dec) + 0.5;
  const { band, decLow, decHigh } = vlassBand(decRow);
  const nTiles = raTilesInBand(decLow, decHigh);
  const tileWidth = 360 / nTiles;
  const raN = ((ra % 360) + 360) % 360;
  const tileIndex = Math.min(nTiles - 1, Math.floor(raN / tileWidth));
  const tileStart = tileIndex * tileWidth;
  const nSub = Math.max(1, Math.round(tileWidth * Math.cos(decRow * DEG)));
  const spacing = tileWidth / nSub;
  const k = Math.min(nSub - 1, Math.floor((raN - tileStart) / spacing));
  return subtileOf(band, tileIndex + 1, tileStart + (k + 0.5) * spacing, decRow);
}

/** The subtile `steps` positions east (+) or west (-) of `s` in the same Dec row (may cross into the next tile). */
export function vlassNeighbour(s: VlassSubtile, steps: number): VlassSubtile {
  const spacing = 1 / Math.cos(s.dec * DEG);
  const probe = vlassSubtileAt(s.ra + steps * spacing * 1.0001, s.dec);
  return probe;
}

function subtileOf(band: number, index: number, ra: number, dec: number): VlassSubtile {
  const tile = `T${String(band).padStart(2, '0')}t${String(index).padStart(2, '0')}`;
  return { tile, subtile: jName(ra, dec, 0), ra, dec };
}

/**
 * IAU-style J-name `Jhhmmss±ddmmss` (VLASS subtiles, RACS fields) with `raDecimals` decimals on RA seconds and
 * `raDecimals - 1` on Dec seconds when > 0 (CIRADA component names use `Jhhmmss.ss±ddmmss.s`). Digits are truncated,
 * as the IAU recommends for designations.
 */
export function jName(ra: number, dec: number, raDecimals: number): string {
  const raN = ((ra % 360) + 360) % 360;
  const raScale = 10 ** raDecimals;
  let raUnits = Math.floor((raN / 15) * 3600 * raScale + 1e-6);
  raUnits %= 24 * 3600 * raScale;
  const raSec = raUnits / raScale;
  const hh = Math.floor(raSec / 3600);
  const mm = Math.floor((raSec - hh * 3600) / 60);
  const ss = raSec - hh * 3600 - mm * 60;
  const decDecimals = Math.max(0, raDecimals - 1);
  const decScale = 10 ** decDecimals;
  const decUnits = Math.floor(Math.abs(dec) * 3600 * decScale + 1e-6);
  const decSec = decUnits / decScale;
  const dd = Math.floor(decSec / 3600);
  const dm = Math.floor((decSec - dd * 3600) / 60);
  const ds = decSec - dd * 3600 - dm * 60;
  const pad = (v: number, w: number, d: number) => v.toFixed(d).padStart(d > 0 ? w + d + 1 : w, '0');
  return `J${pad(hh, 2, 0)}${pad(mm, 2, 0)}${pad(ss, 2, raDecimals)}${dec < 0 ? '-' : '+'}${pad(dd, 2, 0)}${pad(dm, 2, 0)}${pad(ds, 2, decDecimals)}`;
}
