// Allsky files (HiPS 1.0 §4.3.2): the tiles of one order (here 3: 768 tiles) packed side by side, left to right,
// in rows of floor(sqrt(768)) = 27, each reduced to a power-of-two width (64 × 64). Tile N sits at column N mod 27 and
// row floor(N / 27) counted from the TOP of the image as displayed (29 rows; the 15 cells after the last tile are
// empty) — the layout of the corpus Allsky files (1728 × 1856 pixels). In the FITS Allsky the rows are stored
// bottom-up as FITS stores images, so the displayed image is the same.
import { downsampleBy } from './pyramid.ts';

export const ALLSKY_ORDER = 3;
export const ALLSKY_TILE_WIDTH = 64;

export function allskyGeometry(order: number, tileWidth = ALLSKY_TILE_WIDTH) {
  const tiles = 12 * 4 ** order;
  const columns = Math.floor(Math.sqrt(tiles));
  const rows = Math.ceil(tiles / columns);
  return { tiles, columns, rows, width: columns * tileWidth, height: rows * tileWidth, tileWidth };
}

/** Top-left corner (column, row from the top) in display pixels of tile N in the Allsky image. */
export function allskyCell(npix: number, order = ALLSKY_ORDER, tileWidth = ALLSKY_TILE_WIDTH): [number, number] {
  const { columns } = allskyGeometry(order, tileWidth);
  return [(npix % columns) * tileWidth, Math.floor(npix / columns) * tileWidth];
}

/**
 * Builds the Allsky image (FITS order: row 0 at the bottom) from a tile reader: `tile(n)` gives the FITS-ordered
 * w×w pixels of tile n or null. NaN where no tile.
 */
export async function buildAllsky(
  order: number,
  tileWidth: number,
  tile: (npix: number) => Promise<Float32Array | null>,
): Promise<{ data: Float32Array; width: number; height: number }> {
  const g = allskyGeometry(order);
  const data = new Float32Array(g.width * g.height).fill(Number.NaN);
  const aw = g.tileWidth;
  for (let n = 0; n < g.tiles; n++) {
    const t = await tile(n);
    if (!t) continue;
    const small = downsampleBy(t, tileWidth, tileWidth / aw);
    const [cx, cyTop] = allskyCell(n, order);
    for (let r = 0; r < aw; r++) {
      // Display row (from the top) cyTop + r holds the small tile's display row r = its FITS row aw − 1 − r.
      const fitsRow = g.height - 1 - (cyTop + r);
      data.set(small.subarray((aw - 1 - r) * aw, (aw - r) * aw), fitsRow * g.width + cx);
    }
  }
  return { data, width: g.width, height: g.height };
}
