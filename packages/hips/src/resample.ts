// The resampling kernel: fills one HiPS tile from the images that cover it. For every tile pixel, the HEALPix
// sub-cell centre (tile-geometry.ts) goes through each image's WCS and is sampled bilinearly (sample.ts). Where
// images overlap, their samples are averaged with edge-distance weights (feathering); a pixel no image covers is NaN
// (the FITS blank for BITPIX −32, FITS 4.0 §5.3). HiPS 1.0 §4.2.1 leaves the resampling and overlap methods to the
// generator; they are recorded in properties (hips_sampling, hips_overlay).
//
// Speed: the sky → image-pixel mapping is smooth across a tile (one HEALPix face, one projection), so the exact
// transform runs only on a grid of nodes every GRID pixels plus each block's centre; inside a block the image pixel
// coordinates are interpolated bilinearly from the four nodes. A block whose centre disagrees with the interpolation
// by more than TOLERANCE image pixels (near a pole, a projection edge, or a NaN node) is transformed exactly, pixel by
// pixel. Blocks entirely off the image are skipped. Allocation-free per tile: every buffer is allocated once.
import { nest2xyf, xyf2ang } from '@obscura/sky';
import type { LoadedImage } from './source-image.ts';

/** Tile pixels between transform nodes. */
export const GRID = 8;
/** Largest interpolation error accepted, in image pixels (checked at every block centre). */
export const TOLERANCE = 0.01;

const XYF = new Int32Array(3);
const LL = new Float64Array(2);
const XY = new Float64Array(2);

export interface ResampleStats {
  /** Blocks transformed exactly because interpolation was not accurate enough there. */
  exactBlocks: number;
}

export class TileResampler {
  readonly pixels: number;
  readonly stats: ResampleStats = { exactBlocks: 0 };
  private readonly nodes: Int32Array;
  private readonly ng: number;
  private readonly nodeLon: Float64Array;
  private readonly nodeLat: Float64Array;
  private readonly nodeX: Float64Array;
  private readonly nodeY: Float64Array;
  private readonly midLon: Float64Array;
  private readonly midLat: Float64Array;
  private readonly midX: Float64Array;
  private readonly midY: Float64Array;
  private readonly px: Float64Array;
  private readonly py: Float64Array;
  private readonly acc: Float64Array;
  private readonly wsum: Float64Array;
  // Tile being filled.
  private face = 0;
  private x0 = 0;
  private y0 = 0;
  private inv = 0;

  constructor(readonly width = 512) {
    if (width < GRID || width % GRID !== 0) throw new RangeError(`tile width must be a multiple of ${GRID}`);
    const n = width * width;
    this.pixels = n;
    const nb = width / GRID;
    // Node pixel indices 0, GRID, …, width − GRID, width − 1: all inside the tile (the face mapping ends at its edge).
    this.nodes = Int32Array.from({ length: nb + 1 }, (_, k) => Math.min(k * GRID, width - 1));
    this.ng = nb + 1;
    const nn = this.ng * this.ng;
    this.nodeLon = new Float64Array(nn);
    this.nodeLat = new Float64Array(nn);
    this.nodeX = new Float64Array(nn);
    this.nodeY = new Float64Array(nn);
    this.midLon = new Float64Array(nb * nb);
    this.midLat = new Float64Array(nb * nb);
    this.midX = new Float64Array(nb * nb);
    this.midY = new Float64Array(nb * nb);
    this.px = new Float64Array(n);
    this.py = new Float64Array(n);
    this.acc = new Float64Array(n);
    this.wsum = new Float64Array(n);
  }

  /** Sky position of tile pixel (i, j) (FITS order, j from the bottom; fractional allowed) — tile-geometry.ts. */
  private position(i: number, j: number, out: Float64Array): void {
    xyf2ang((this.x0 + (this.width - 1 - j) + 0.5) * this.inv, (this.y0 + i + 0.5) * this.inv, this.face, out);
  }

  private prepareTile(order: number, npix: number): void {
    nest2xyf(order, npix, XYF);
    this.face = XYF[0];
    this.x0 = XYF[1] * this.width;
    this.y0 = XYF[2] * this.width;
    this.inv = 1 / (this.width * 2 ** order);
    const { nodes, ng, nodeLon, nodeLat, midLon, midLat } = this;
    for (let gj = 0; gj < ng; gj++) {
      for (let gi = 0; gi < ng; gi++) {
        this.position(nodes[gi], nodes[gj], LL);
        nodeLon[gj * ng + gi] = LL[0];
        nodeLat[gj * ng + gi] = LL[1];
      }
    }
    const nb = ng - 1;
    for (let bj = 0; bj < nb; bj++) {
      for (let bi = 0; bi < nb; bi++) {
        this.position((nodes[bi] + nodes[bi + 1]) / 2, (nodes[bj] + nodes[bj + 1]) / 2, LL);
        midLon[bj * nb + bi] = LL[0];
        midLat[bj * nb + bi] = LL[1];
      }
    }
  }

  /** Image pixel coordinates of every tile pixel into px/py (NaN where a block is off the image). */
  private mapImage(img: LoadedImage): void {
    const { nodes, ng, nodeX, nodeY, midX, midY, px, py, width } = this;
    const { wcs } = img;
    const { nx, ny } = img.plane;
    wcs.worldsToPixels(this.nodeLon, this.nodeLat, nodeX, nodeY);
    wcs.worldsToPixels(this.midLon, this.midLat, midX, midY);
    const nb = ng - 1;
    for (let bj = 0; bj < nb; bj++) {
      const j0 = nodes[bj];
      const j1 = nodes[bj + 1];
      const jEnd = bj === nb - 1 ? j1 + 1 : j1;
      for (let bi = 0; bi < nb; bi++) {
        const i0 = nodes[bi];
        const i1 = nodes[bi + 1];
        const iEnd = bi === nb - 1 ? i1 + 1 : i1;
        const a = bj * ng + bi;
        const ax = nodeX[a];
        const bx = nodeX[a + 1];
        const cx = nodeX[a + ng];
        const dx = nodeX[a + ng + 1];
        const ay = nodeY[a];
        const by = nodeY[a + 1];
        const cy = nodeY[a + ng];
        const dy = nodeY[a + ng + 1];
        const m = bj * nb + bi;
        const ex = midX[m] - (ax + bx + cx + dx) / 4;
        const ey = midY[m] - (ay + by + cy + dy) / 4;
        const smooth = Math.abs(ex) <= TOLERANCE && Math.abs(ey) <= TOLERANCE; // false when anything is NaN
        if (smooth) {
          // Off the image on one side at all four corners (and the map is affine within TOLERANCE here): skip.
          const margin = 2;
          if (
            (ax < -margin && bx < -margin && cx < -margin && dx < -margin) ||
            (ax > nx + margin && bx > nx + margin && cx > nx + margin && dx > nx + margin) ||
            (ay < -margin && by < -margin && cy < -margin && dy < -margin) ||
            (ay > ny + margin && by > ny + margin && cy > ny + margin && dy > ny + margin)
          ) {
            for (let j = j0; j < jEnd; j++) px.fill(Number.NaN, j * width + i0, j * width + iEnd);
            continue;
          }
          const si = 1 / (i1 - i0);
          const sj = 1 / (j1 - j0);
          for (let j = j0; j < jEnd; j++) {
            const fy = (j - j0) * sj;
            const lx = ax + fy * (cx - ax);
            const rx = bx + fy * (dx - bx);
            const ly = ay + fy * (cy - ay);
            const ry = by + fy * (dy - by);
            let k = j * width + i0;
            for (let i = i0; i < iEnd; i++, k++) {
              const fx = (i - i0) * si;
              px[k] = lx + fx * (rx - lx);
              py[k] = ly + fx * (ry - ly);
            }
          }
        } else {
          this.stats.exactBlocks++;
          for (let j = j0; j < jEnd; j++) {
            let k = j * width + i0;
            for (let i = i0; i < iEnd; i++, k++) {
              this.position(i, j, LL);
              wcs.worldToPixelInto(LL[0], LL[1], XY);
              px[k] = XY[0];
              py[k] = XY[1];
            }
          }
        }
      }
    }
  }

  /** Fills `out` (w² values, FITS order) with tile order/npix from `images`; returns the number of finite pixels. */
  fill(order: number, npix: number, images: readonly LoadedImage[], out: Float32Array): number {
    const { px, py, acc, wsum, pixels } = this;
    this.prepareTile(order, npix);
    if (images.length === 1) return this.fillOne(images[0], out);
    acc.fill(0);
    wsum.fill(0);
    for (const img of images) {
      this.mapImage(img);
      const { nx, ny, data } = img.plane;
      const xmax = nx - 0.5;
      const ymax = ny - 0.5;
      for (let k = 0; k < pixels; k++) {
        const x = px[k];
        const y = py[k];
        // Inside the outer pixel edges (NaN positions fail these tests too).
        if (!(x >= -0.5 && x <= xmax && y >= -0.5 && y <= ymax)) continue;
        // Bilinear from the four nearest pixel centres, clamped at the border (as sample.ts sampleBilinear).
        const xc = x < 0 ? 0 : Math.min(x, nx - 1);
        const yc = y < 0 ? 0 : Math.min(y, ny - 1);
        const x0 = xc | 0;
        const y0 = yc | 0;
        const x1 = x0 + 1 < nx ? x0 + 1 : x0;
        const r0 = y0 * nx;
        const r1 = y0 + 1 < ny ? r0 + nx : r0;
        const fx = xc - x0;
        const fy = yc - y0;
        const v =
          (1 - fy) * ((1 - fx) * data[r0 + x0] + fx * data[r0 + x1]) +
          fy * ((1 - fx) * data[r1 + x0] + fx * data[r1 + x1]);
        if (Number.isNaN(v)) continue; // a blank among the four neighbours
        // Feathering weight: distance to the nearest image edge (sample.ts edgeWeight), never exactly 0.
        const ex = Math.min(x + 0.5, xmax - x);
        const ey = Math.min(y + 0.5, ymax - y);
        const w = Math.min(ex, ey) + 1e-6;
        acc[k] += w * v;
        wsum[k] += w;
      }
    }
    let finite = 0;
    for (let k = 0; k < pixels; k++) {
      if (wsum[k] > 0) {
        out[k] = acc[k] / wsum[k];
        finite++;
      } else out[k] = Number.NaN;
    }
    return finite;
  }

  /**
   * The common single-image tile: the same bilinear sample, written straight to `out` (with one image the
   * feathering weight cancels, so the accumulators and their extra pass over the tile are not needed).
   */
  private fillOne(img: LoadedImage, out: Float32Array): number {
    const { px, py, pixels } = this;
    this.mapImage(img);
    const { nx, ny, data } = img.plane;
    const xmax = nx - 0.5;
    const ymax = ny - 0.5;
    let finite = 0;
    for (let k = 0; k < pixels; k++) {
      const x = px[k];
      const y = py[k];
      if (!(x >= -0.5 && x <= xmax && y >= -0.5 && y <= ymax)) {
        out[k] = Number.NaN;
        continue;
      }
      const xc = x < 0 ? 0 : Math.min(x, nx - 1);
      const yc = y < 0 ? 0 : Math.min(y, ny - 1);
      const x0 = xc | 0;
      const y0 = yc | 0;
      const x1 = x0 + 1 < nx ? x0 + 1 : x0;
      const r0 = y0 * nx;
      const r1 = y0 + 1 < ny ? r0 + nx : r0;
      const fx = xc - x0;
      const fy = yc - y0;
      const v =
        (1 - fy) * ((1 - fx) * data[r0 + x0] + fx * data[r0 + x1]) +
        fy * ((1 - fx) * data[r1 + x0] + fx * data[r1 + x1]);
      out[k] = v; // NaN when a blank is among the four neighbours
      if (!Number.isNaN(v)) finite++;
    }
    return finite;
  }
}
