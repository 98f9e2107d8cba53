// Cutouts of FITS images through their WCS (the reusable part of SODA 1.0 §3.3 filtering, for the SODA {sync} route
// and later bulk jobs): a sky region (circle, polygon, lon/lat range) becomes a pixel box on the celestial axes, a
// wavelength interval selects channels of a spectral axis, Stokes names select planes of a STOKES axis, other axes
// are kept whole (degenerate FREQ/STOKES axes of VLASS images stay in the output). The cutout is a new primary HDU:
// the parent's header with NAXISn and CRPIXn (every alternate WCS too) corrected and provenance added, followed by
// the parent's stored bytes of the box, read run by run (never the whole data unit) and streamed.
import { close as closeFd, fstat, open as openFd, read as readFd } from 'node:fs';
import {
  angularDistance,
  lonLatToVector,
  polygonContains,
  preparePolygon,
  type SphericalPolygon,
  type Vertex,
  vectorToLonLat,
} from '@obscura/sky';
import { diagnostic, FitsError } from './diagnostics.ts';
import { type Hdu, axes as headerAxes } from './hdu.ts';
import { type Header, padToBlock } from './header.ts';
import type { Bitpix } from './image.ts';
import type { ByteSource } from './source.ts';
import { convertSpectral } from './wcs/spectral.ts';
import type { Wcs } from './wcs/wcs.ts';
import { imageHeader } from './write.ts';

/** A sky region in ICRS degrees (SODA 1.0 §3.3.1-3.3.3: CIRCLE, POLYGON, POS=RANGE). */
export type CutoutRegion =
  | { type: 'circle'; ra: number; dec: number; radius: number }
  | { type: 'polygon'; vertices: Vertex[] }
  /** lon1 > lon2 wraps through 0 (e.g. 350 10); ±Infinity are open limits (SODA 1.0 §3.3.1, DALI intervals). */
  | { type: 'range'; lon: [number, number]; lat: [number, number] };

export interface CutoutRequest {
  region?: CutoutRegion;
  /** Wavelength interval in metres (SODA 1.0 §3.3.4 BAND); ±Infinity are open limits. */
  band?: [number, number];
  /** Stokes parameters to keep (SODA 1.0 §3.3.6 POL), e.g. ['I', 'V']. */
  pol?: string[];
}

/** Pixel box of the celestial axes, 0-based inclusive. */
export interface PixelBox {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export interface CutoutPlan {
  hdu: Hdu;
  bitpix: Bitpix;
  /** Parent axes, NAXIS1 first. */
  parentAxes: number[];
  /** 0-based first pixel per axis, and the exclusive end. */
  start: number[];
  end: number[];
  /** The cutout's primary header (NAXISn, CRPIXn corrected; provenance added). */
  header: Header;
  headerBytes: Uint8Array;
  /** Bytes of the data (unpadded) and of the whole output file (header + data padded to 2880). */
  dataBytes: number;
  totalBytes: number;
}

export type CutoutOutcome = { overlap: true; plan: CutoutPlan } | { overlap: false; reason: string };

export interface CutoutProvenance {
  /** Identifier of the parent dataset (SODA ID). */
  id?: string;
  /** Text of the request's filters, e.g. "CIRCLE 148.97 69.68 0.02". */
  request?: string;
  /** When the cutout was made (default now). */
  date?: Date;
}

export interface CutoutStats {
  /** Bytes read from the data unit, and the number of positioned reads. */
  bytesRead: number;
  reads: number;
}

/** The first image HDU with at least two axes and data (primary or IMAGE extension, FITS 4.0 §3.3.2, §7.1). */
export function findImageHdu(hdus: readonly Hdu[]): Hdu | undefined {
  return hdus.find(
    (h) => (h.kind === 'primary' || h.kind === 'image') && h.dataSize > 0 && headerAxes(h.header).length >= 2,
  );
}

function unsupported(message: string): FitsError {
  return new FitsError(message, [diagnostic('FITS_UNSUPPORTED', message)]);
}

// ---- region → pixel box ------------------------------------------------------------------------------------------

/** Whether (lon, lat) lies in the region. */
export function regionContains(region: CutoutRegion, prepared: SphericalPolygon | null, lon: number, lat: number) {
  switch (region.type) {
    case 'circle':
      return angularDistance(region.ra, region.dec, lon, lat) <= region.radius;
    case 'polygon':
      return prepared !== null && polygonContains(prepared, lon, lat);
    case 'range': {
      const [a, b] = rangeLon(region);
      const l = ((lon % 360) + 360) % 360;
      const inLon = a <= b ? l >= a && l <= b : l >= a || l <= b;
      return inLon && lat >= Math.max(-90, region.lat[0]) && lat <= Math.min(90, region.lat[1]);
    }
  }
}

/** Longitude limits of a range in [0, 360] (open limits closed at 0 and 360). */
function rangeLon(region: { lon: [number, number] }): [number, number] {
  const a = Number.isFinite(region.lon[0]) ? region.lon[0] : 0;
  const b = Number.isFinite(region.lon[1]) ? region.lon[1] : 360;
  return b - a >= 360 ? [0, 360] : [a, b];
}

/** Points along the region's boundary, dense enough that no pixel-scale feature is missed (step ≲ 2 pixels). */
export function regionBoundary(region: CutoutRegion, pixelScaleDeg: number): Float64Array {
  const step = Math.max(pixelScaleDeg * 2, 1e-9);
  const out: number[] = [];
  const p = new Float64Array(2);
  switch (region.type) {
    case 'circle': {
      // Points at angular distance r from the centre c: cos r · c + sin r · (cos t · u + sin t · v), with u, v
      // orthonormal and perpendicular to c (well defined at the poles, unlike a position angle there).
      const circumference = 2 * Math.PI * Math.sin(Math.min(region.radius, 90) * (Math.PI / 180)) * (180 / Math.PI);
      const n = Math.min(8192, Math.max(64, Math.ceil(circumference / step)));
      const c = new Float64Array(3);
      lonLatToVector(region.ra, region.dec, c);
      // u: c × z (or c × x near the poles), normalised; v = c × u.
      let ux = c[1];
      let uy = -c[0];
      let uz = 0;
      if (Math.hypot(ux, uy) < 1e-6) {
        ux = 0;
        uy = c[2];
        uz = -c[1];
      }
      const un = Math.hypot(ux, uy, uz);
      ux /= un;
      uy /= un;
      uz /= un;
      const vx = c[1] * uz - c[2] * uy;
      const vy = c[2] * ux - c[0] * uz;
      const vz = c[0] * uy - c[1] * ux;
      const r = region.radius * (Math.PI / 180);
      const cr = Math.cos(r);
      const sr = Math.sin(r);
      for (let i = 0; i < n; i++) {
        const t = (2 * Math.PI * i) / n;
        const ct = Math.cos(t);
        const st = Math.sin(t);
        vectorToLonLat(
          cr * c[0] + sr * (ct * ux + st * vx),
          cr * c[1] + sr * (ct * uy + st * vy),
          cr * c[2] + sr * (ct * uz + st * vz),
          p,
        );
        out.push(p[0], p[1]);
      }
      break;
    }
    case 'polygon': {
      // Great-circle edges (DALI 1.1 §3.3.7): interpolate along each minor arc.
      const vs = region.vertices;
      const a = new Float64Array(3);
      const b = new Float64Array(3);
      for (let i = 0; i < vs.length; i++) {
        const u = vs[i];
        const w = vs[(i + 1) % vs.length];
        lonLatToVector(u.ra, u.dec, a);
        lonLatToVector(w.ra, w.dec, b);
        const len = angularDistance(u.ra, u.dec, w.ra, w.dec);
        const n = Math.min(4096, Math.max(8, Math.ceil(len / step)));
        const omega = len * (Math.PI / 180);
        const so = Math.sin(omega);
        for (let k = 0; k < n; k++) {
          const t = k / n;
          const fa = so < 1e-12 ? 1 - t : Math.sin((1 - t) * omega) / so;
          const fb = so < 1e-12 ? t : Math.sin(t * omega) / so;
          vectorToLonLat(fa * a[0] + fb * b[0], fa * a[1] + fb * b[1], fa * a[2] + fb * b[2], p);
          out.push(p[0], p[1]);
        }
      }
      break;
    }
    case 'range': {
      const [l0, l1raw] = rangeLon(region);
      const l1 = l1raw < l0 ? l1raw + 360 : l1raw;
      const b0 = Math.max(-90, region.lat[0]);
      const b1 = Math.min(90, region.lat[1]);
      const nl = Math.min(8192, Math.max(16, Math.ceil((l1 - l0) / step)));
      const nb = Math.min(8192, Math.max(16, Math.ceil((b1 - b0) / step)));
      for (let k = 0; k <= nl; k++) {
        const l = (l0 + ((l1 - l0) * k) / nl) % 360;
        out.push(l, b0, l, b1);
      }
      for (let k = 0; k <= nb; k++) {
        const b = b0 + ((b1 - b0) * k) / nb;
        out.push(l0 % 360, b, l1 % 360, b);
      }
      break;
    }
  }
  return Float64Array.from(out);
}

/** Samples per side of the grid of image points tested against the region (corners and edges included). */
const IMAGE_GRID = 17;

/**
 * The pixel box (0-based, inclusive, clipped to the image) that covers the part of `region` on the image, or null
 * when they do not overlap. Works in pixel space, so RA = 0 wrap and poles need no special case: the region's
 * boundary is sampled and projected through the WCS (points that cannot be projected, e.g. beyond a SIN image's
 * horizon, are skipped); when the boundary is not wholly on the image, a grid of image points is also tested for
 * lying inside the region (a region containing the whole image, or a corner of it).
 */
export function regionPixelBox(wcs: Wcs, region: CutoutRegion, width: number, height: number): PixelBox | null {
  const boundary = regionBoundary(region, wcs.pixelScale().mean || 1 / 3600);
  const o = new Float64Array(2);
  let xmin = Number.POSITIVE_INFINITY;
  let xmax = Number.NEGATIVE_INFINITY;
  let ymin = Number.POSITIVE_INFINITY;
  let ymax = Number.NEGATIVE_INFINITY;
  let onImage = 0;
  const n = boundary.length / 2;
  for (let i = 0; i < n; i++) {
    wcs.worldToPixelInto(boundary[2 * i], boundary[2 * i + 1], o);
    const x = o[0];
    const y = o[1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (x < xmin) xmin = x;
    if (x > xmax) xmax = x;
    if (y < ymin) ymin = y;
    if (y > ymax) ymax = y;
    if (x >= -0.5 && x <= width - 0.5 && y >= -0.5 && y <= height - 0.5) onImage++;
  }
  if (onImage < n) {
    // Part of the boundary is off the image (or unprojectable): image points inside the region extend the box.
    const prepared = region.type === 'polygon' ? preparePolygon(region.vertices) : null;
    let inside = 0;
    for (let j = 0; j < IMAGE_GRID; j++) {
      const y = -0.5 + (height * j) / (IMAGE_GRID - 1);
      for (let i = 0; i < IMAGE_GRID; i++) {
        const x = -0.5 + (width * i) / (IMAGE_GRID - 1);
        wcs.pixelToWorldInto(x, y, o);
        if (!Number.isFinite(o[0]) || !regionContains(region, prepared, o[0], o[1])) continue;
        inside++;
        if (x < xmin) xmin = x;
        if (x > xmax) xmax = x;
        if (y < ymin) ymin = y;
        if (y > ymax) ymax = y;
      }
    }
    if (onImage === 0 && inside === 0) return null;
  }
  // Pixel i covers [i − 0.5, i + 0.5) (0-based centres, FITS 4.0 §8 / Paper I §2.1.2).
  const x0 = Math.max(0, Math.floor(xmin + 0.5));
  const x1 = Math.min(width - 1, Math.floor(xmax + 0.5));
  const y0 = Math.max(0, Math.floor(ymin + 0.5));
  const y1 = Math.min(height - 1, Math.floor(ymax + 0.5));
  return x0 <= x1 && y0 <= y1 ? { x0, x1, y0, y1 } : null;
}

// ---- spectral and polarization axes --------------------------------------------------------------------------------

/** Stokes codes of FITS WCS Paper I (Greisen & Calabretta 2002) §5.4 Table 7. */
export const STOKES_CODES: Readonly<Record<string, number>> = {
  I: 1,
  Q: 2,
  U: 3,
  V: 4,
  RR: -1,
  LL: -2,
  RL: -3,
  LR: -4,
  XX: -5,
  YY: -6,
  XY: -7,
  YX: -8,
};

/** 0-based [first, last] channels whose extent overlaps the wavelength interval, or null. */
function spectralChannels(wcs: Wcs, size: number, band: [number, number]): [number, number] | null {
  const s = wcs.spectral;
  if (!s) return [0, size - 1];
  const toWave = (p: number): number => convertSpectral(wcs.spectralPixelToWorld(p), s.type, 'WAVE', s.rest);
  let first = -1;
  let last = -1;
  for (let k = 0; k < size; k++) {
    const a = toWave(k - 0.5);
    const b = toWave(k + 0.5);
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    if (Math.max(a, b) >= band[0] && Math.min(a, b) <= band[1]) {
      if (first < 0) first = k;
      last = k;
    }
  }
  return first < 0 ? null : [first, last];
}

/** 0-based [first, last] planes of a STOKES axis holding any of the requested states (a range: planes between the
 * wanted ones are kept, the output being one box), or null when none is there. */
function stokesPlanes(wcs: Wcs, axis: number, size: number, pol: string[]): [number, number] | null {
  const wanted = new Set(pol.map((p) => STOKES_CODES[p.toUpperCase()]));
  const n = wcs.naxis;
  let first = -1;
  let last = -1;
  for (let k = 0; k < size; k++) {
    // Paper I eq. 1-3 on the STOKES axis alone: CRVAL + CDELT·(p + 1 − CRPIX).
    const code = Math.round(wcs.crval[axis] + wcs.matrix[axis * n + axis] * (k + 1 - wcs.crpix[axis]));
    if (wanted.has(code)) {
      if (first < 0) first = k;
      last = k;
    }
  }
  return first < 0 ? null : [first, last];
}

// ---- header ------------------------------------------------------------------------------------------------------

const ALTERNATES = ' ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Splits text into pieces that fit a HISTORY card (72 characters, FITS 4.0 §4.4.2.4). */
function historyLines(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += 72) out.push(text.slice(i, i + 72));
  return out.length ? out : [''];
}

/**
 * The cutout's primary header: the parent's cards (an IMAGE extension becomes a primary HDU, FITS 4.0 §4.4.1.1), NAXISn
 * of the box, CRPIXn − start on every axis of the primary and alternate WCSs (Paper I §2.1.2: moving the origin by
 * `start` pixels moves the reference pixel by −start; absent CRPIX defaults to 0), the stale CHECKSUM/DATASUM
 * removed (§4.4.2.7), and provenance: SODA_ID, HISTORY cards with the request and the parent pixels (1-based).
 */
export function cutoutHeader(
  parent: Header,
  start: number[],
  end: number[],
  provenance: CutoutProvenance = {},
): Header {
  const bitpix = parent.getNumber('BITPIX') as Bitpix;
  const axes = start.map((s, i) => end[i] - s);
  const h = imageHeader(parent, bitpix, axes, { primary: true });
  const keywords = new Set(h.cards.map((c) => c.keyword.trim().toUpperCase()));
  for (const alt of ALTERNATES) {
    const a = alt === ' ' ? '' : alt;
    const present = start.some((_, i) => keywords.has(`CRPIX${i + 1}${a}`) || keywords.has(`CTYPE${i + 1}${a}`));
    if (!present) continue;
    for (let i = 0; i < start.length; i++) {
      if (start[i] === 0) continue;
      const key = `CRPIX${i + 1}${a}`;
      h.set(key, (h.getNumber(key) ?? 0) - start[i]);
    }
  }
  h.delete('CHECKSUM');
  h.delete('DATASUM');
  if (provenance.id !== undefined) h.set('SODA_ID', provenance.id, 'parent dataset (SODA 1.0 ID)');
  const date = (provenance.date ?? new Date()).toISOString().slice(0, 19);
  const lines = [`Cutout made by Obscura (IVOA SODA 1.0) on ${date}`];
  if (provenance.id !== undefined) lines.push(`from ${provenance.id}`);
  if (provenance.request) lines.push(`request: ${provenance.request}`);
  lines.push(`parent pixels [${start.map((s, i) => `${s + 1}:${end[i]}`).join(',')}] (FITS 1-based, inclusive)`);
  for (const line of lines) for (const piece of historyLines(line)) h.add({ keyword: 'HISTORY', comment: piece });
  return h;
}

// ---- plan --------------------------------------------------------------------------------------------------------

/**
 * Works out the cutout of one image HDU: the box on every axis (celestial axes from the region, a spectral axis
 * from BAND, a STOKES axis from POL, other axes whole) and the corrected header. Filters that do not apply (BAND on an
 * image without a spectral axis, POL without a STOKES axis) are left to the caller, who knows the product's
 * metadata. Throws FitsError when the image cannot be cut (no celestial WCS for a region).
 */
export function planCutout(
  hdu: Hdu,
  wcs: Wcs,
  request: CutoutRequest,
  provenance: CutoutProvenance = {},
): CutoutOutcome {
  const bitpix = hdu.header.getNumber('BITPIX') as Bitpix;
  const axes = headerAxes(hdu.header);
  const start = axes.map(() => 0);
  const end = [...axes];
  if (request.region) {
    if (!wcs.hasCelestial) throw unsupported('the image has no celestial WCS, so a sky region cannot be cut from it');
    const lon = wcs.lonAxis;
    const lat = wcs.latAxis;
    const [xa, ya] = lon < lat ? [lon, lat] : [lat, lon];
    const box = regionPixelBox(wcs, request.region, axes[xa], axes[ya]);
    if (!box) return { overlap: false, reason: 'the region does not overlap the image' };
    start[xa] = box.x0;
    end[xa] = box.x1 + 1;
    start[ya] = box.y0;
    end[ya] = box.y1 + 1;
  }
  if (request.band && wcs.spectralAxis >= 0 && wcs.spectralAxis < axes.length) {
    const s = wcs.spectralAxis;
    const ch = spectralChannels(wcs, axes[s], request.band);
    if (!ch) return { overlap: false, reason: 'BAND does not overlap the spectral coverage of the image' };
    start[s] = ch[0];
    end[s] = ch[1] + 1;
  }
  if (request.pol && request.pol.length > 0 && wcs.stokesAxis >= 0 && wcs.stokesAxis < axes.length) {
    const s = wcs.stokesAxis;
    const planes = stokesPlanes(wcs, s, axes[s], request.pol);
    if (!planes) return { overlap: false, reason: `the image holds none of the polarization states ${request.pol}` };
    start[s] = planes[0];
    end[s] = planes[1] + 1;
  }
  const header = cutoutHeader(hdu.header, start, end, provenance);
  const headerBytes = header.toBytes();
  const pixels = start.reduce((n, s, i) => n * (end[i] - s), 1);
  const dataBytes = pixels * (Math.abs(bitpix) / 8);
  return {
    overlap: true,
    plan: {
      hdu,
      bitpix,
      parentAxes: axes,
      start,
      end,
      header,
      headerBytes,
      dataBytes,
      totalBytes: headerBytes.length + padToBlock(dataBytes),
    },
  };
}

// ---- bytes -------------------------------------------------------------------------------------------------------

/** Output chunks are gathered up to about this size before they are yielded. */
const CHUNK_BYTES = 256 * 1024;

/**
 * A file read with positioned reads on a plain descriptor (node:fs callbacks). Issuing all runs of a chunk at once this
 * way measured 2.5× faster here than FileHandle.read promises for the small runs of a cutout (145 reads of 580 bytes:
 * 0.36 ms against 0.91 ms), the most of a warm cutout's time.
 */
export class DescriptorSource implements ByteSource {
  private constructor(
    private readonly fd: number,
    readonly size: number,
  ) {}

  static open(path: string): Promise<DescriptorSource> {
    return new Promise((resolve, reject) => {
      openFd(path, 'r', (e, fd) => {
        if (e) return reject(e);
        fstat(fd, (e2, st) => {
          if (e2) closeFd(fd, () => reject(e2));
          else resolve(new DescriptorSource(fd, st.size));
        });
      });
    });
  }

  read(offset: number, length: number): Promise<Uint8Array> {
    const n = Math.max(0, Math.min(length, this.size - offset));
    const buf = new Uint8Array(n);
    return new Promise((resolve, reject) => {
      const more = (done: number): void => {
        if (done >= n) {
          resolve(buf);
          return;
        }
        readFd(this.fd, buf, done, n - done, offset + done, (e, got) => {
          if (e) reject(e);
          else if (got === 0) resolve(buf.subarray(0, done));
          else more(done + got);
        });
      };
      more(0);
    });
  }

  /** Reads runs straight into `target` (run r at r · length), all in flight at once; resolves with the bytes read. */
  readRunsInto(offsets: readonly number[], length: number, target: Uint8Array): Promise<number> {
    return new Promise((resolve, reject) => {
      let left = offsets.length;
      let total = 0;
      let failed = false;
      if (left === 0) return resolve(0);
      offsets.forEach((offset, r) => {
        readFd(this.fd, target, r * length, length, offset, (e, got) => {
          if (failed) return;
          if (e || got < length) {
            failed = true;
            return reject(e ?? new RangeError(`short read at ${offset}: ${got} of ${length} bytes`));
          }
          total += got;
          if (--left === 0) resolve(total);
        });
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => closeFd(this.fd, (e) => (e ? reject(e) : resolve())));
  }
}

/** Byte offset (in the parent file) and length of each contiguous run of the box, in output order. */
export function cutoutRuns(plan: CutoutPlan): { offsets: number[]; runBytes: number } {
  const { parentAxes: axes, start, end } = plan;
  const size = Math.abs(plan.bitpix) / 8;
  const out = axes.map((_, k) => end[k] - start[k]);
  // Leading axes taken whole merge into one run (the first partial axis ends it), as readImageSection, but a run never
  // grows past CHUNK_BYTES by merging (the output is streamed in chunks; a whole-image cutout is not read in one go).
  let k = 0;
  let runPixels = 1;
  while (k < axes.length) {
    if (k > 0 && runPixels * out[k] * size > CHUNK_BYTES) break;
    runPixels *= out[k];
    k++;
    if (out[k - 1] !== axes[k - 1]) break;
  }
  const strides: number[] = [];
  let stride = 1;
  for (const n of axes) {
    strides.push(stride);
    stride *= n;
  }
  let base = 0;
  for (let a = 0; a < k; a++) base += start[a] * strides[a];
  const outer = out.slice(k);
  const runs = outer.reduce((a, b) => a * b, 1);
  const offsets = new Array<number>(runs);
  const idx = outer.map(() => 0);
  for (let r = 0; r < runs; r++) {
    let pixel = base;
    for (let j = 0; j < outer.length; j++) pixel += (start[k + j] + idx[j]) * strides[k + j];
    offsets[r] = plan.hdu.dataOffset + pixel * size;
    for (let j = 0; j < outer.length; j++) {
      if (++idx[j] < outer[j]) break;
      idx[j] = 0;
    }
  }
  return { offsets, runBytes: runPixels * size };
}

/**
 * The cutout file as a stream of byte chunks: header, the box's stored bytes copied as they are (big-endian, BSCALE/
 * BZERO/BLANK kept), zero padding to 2880 (FITS 4.0 §3.3.2). Only the runs of the box are read.
 */
export async function* cutoutChunks(
  source: ByteSource,
  plan: CutoutPlan,
  stats: CutoutStats = { bytesRead: 0, reads: 0 },
): AsyncGenerator<Uint8Array> {
  yield plan.headerBytes;
  const { offsets, runBytes } = cutoutRuns(plan);
  const perChunk = Math.max(1, Math.floor(CHUNK_BYTES / runBytes));
  for (let first = 0; first < offsets.length; first += perChunk) {
    const last = Math.min(offsets.length, first + perChunk);
    const chunk = new Uint8Array((last - first) * runBytes);
    if (source instanceof DescriptorSource) {
      try {
        stats.bytesRead += await source.readRunsInto(offsets.slice(first, last), runBytes, chunk);
        stats.reads += last - first;
      } catch (e) {
        throw new FitsError('the data unit is truncated or unreadable', [
          diagnostic('FITS_TRUNCATED', `cutout runs ${first}-${last - 1}: ${(e as Error).message}`),
        ]);
      }
      yield chunk;
      continue;
    }
    // Every run of the chunk in flight at once (the reads queue in libuv's thread pool).
    const reads: Promise<void>[] = [];
    for (let r = first; r < last; r++) {
      reads.push(
        source.read(offsets[r], runBytes).then((bytes) => {
          stats.reads++;
          stats.bytesRead += bytes.length;
          if (bytes.length < runBytes) {
            throw new FitsError('the data unit is truncated', [
              diagnostic('FITS_TRUNCATED', `cutout run ${r} reaches past the end of the file`, offsets[r]),
            ]);
          }
          chunk.set(bytes, (r - first) * runBytes);
        }),
      );
    }
    await Promise.all(reads);
    yield chunk;
  }
  const pad = padToBlock(plan.dataBytes) - plan.dataBytes;
  if (pad > 0) yield new Uint8Array(pad);
}

/** The whole cutout file in memory (tests, small cutouts). */
export async function cutoutBytes(source: ByteSource, plan: CutoutPlan, stats?: CutoutStats): Promise<Uint8Array> {
  const out = new Uint8Array(plan.totalBytes);
  let at = 0;
  for await (const chunk of cutoutChunks(source, plan, stats)) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
