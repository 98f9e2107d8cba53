// The HiPS directory layout (HiPS 1.0 §4.1 "HiPS directory structure"): the tile of address K/N lives at
// `NorderK/DirD/NpixN.ext` with D = floor(N / 10000) * 10000; Allsky files at `NorderK/Allsky.ext` (§4.3.2);
// `properties` (§4.4.1) and `Moc.fits` (§4.4.2) at the root. Only these paths are part of a HiPS: `parseHipsPath`
// accepts exactly them, which is what the server relies on to refuse every other path (no traversal).

export type TileFormat = 'fits' | 'png';

/** File extension of a tile format; HiPS 1.0 §4.2.1.1: extensions in lower case. */
export const TILE_EXTENSION: Record<TileFormat, string> = { fits: 'fits', png: 'png' };

/** `DirD` of a tile index: D = floor(N / 10000) * 10000 (HiPS 1.0 §4.1). */
export function tileDirNumber(npix: number): number {
  return Math.floor(npix / 10000) * 10000;
}

/** Relative path of a tile: `NorderK/DirD/NpixN.ext`. */
export function tilePath(order: number, npix: number, format: TileFormat): string {
  return `Norder${order}/Dir${tileDirNumber(npix)}/Npix${npix}.${TILE_EXTENSION[format]}`;
}

/** Relative path of an Allsky file: `NorderK/Allsky.ext` (HiPS 1.0 §4.3.2). */
export function allskyPath(order: number, format: TileFormat): string {
  return `Norder${order}/Allsky.${TILE_EXTENSION[format]}`;
}

export type HipsPath =
  | { kind: 'tile'; order: number; npix: number; format: TileFormat }
  | { kind: 'allsky'; order: number; format: TileFormat }
  | { kind: 'properties' }
  | { kind: 'moc' };

const TILE = /^Norder(0|[1-9]\d?)\/Dir(0|[1-9]\d*)\/Npix(0|[1-9]\d*)\.(fits|png)$/;
const ALLSKY = /^Norder([0-3])\/Allsky\.(fits|png)$/;

/**
 * Parses a path relative to a HiPS root. Returns null for anything that is not one of the layout's own names — and
 * for a tile whose DirD does not match its NpixN, or whose index is outside its order (12·4^K tiles).
 */
export function parseHipsPath(path: string): HipsPath | null {
  if (path === 'properties') return { kind: 'properties' };
  if (path === 'Moc.fits') return { kind: 'moc' };
  let m = ALLSKY.exec(path);
  if (m) return { kind: 'allsky', order: Number(m[1]), format: m[2] as TileFormat };
  m = TILE.exec(path);
  if (!m) return null;
  const order = Number(m[1]);
  const dir = Number(m[2]);
  const npix = Number(m[3]);
  if (order > 24 || !Number.isSafeInteger(npix) || npix >= 12 * 4 ** order || dir !== tileDirNumber(npix)) return null;
  return { kind: 'tile', order, npix, format: m[4] as TileFormat };
}
