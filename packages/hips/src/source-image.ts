// Input images of a HiPS: where they are on the sky (celestial WCS, footprint, pixel scale) and their pixels.
// Only the two celestial axes are resampled; degenerate extra axes (VLASS Quick Look: FREQ and STOKES of length 1)
// are read at their first plane, with one positioned read of exactly that plane (readImageSection).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { type FitsFile, type Hdu, openFits, readImageSection, Wcs } from '@obscura/fits';
import { type HipsDiagnostic, hipsDiagnostic } from './diagnostics.ts';
import type { Plane } from './sample.ts';

const HOST_LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** What the build needs to know about an input image without reading its pixels. */
export interface SourceImage {
  path: string;
  /** Index of the image HDU used. */
  hdu: number;
  /** Lengths of every axis (NAXIS1 first). */
  axes: number[];
  /** 0-based indices of the two celestial axes among `axes`. */
  celestialAxes: [number, number];
  /** Outline on the sky (degrees), from the WCS. */
  footprint: [number, number][];
  /** Mean pixel scale at the reference point, degrees. */
  pixelScaleDeg: number;
  bunit?: string;
  /** sha256 of the file (hex): what the incremental build compares. */
  checksum: string;
  size: number;
}

/** sha256 of a file's bytes, streamed. */
export async function fileChecksum(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

function isImageHdu(h: Hdu): boolean {
  return (h.kind === 'primary' || h.kind === 'image') && (h.header.getNumber('NAXIS', 0) ?? 0) >= 2 && h.dataSize > 0;
}

/** The celestial (2-axis) WCS of an image HDU, or null. */
export function celestialWcsOf(hdu: Hdu): Wcs | null {
  return Wcs.tryFromHeader(hdu.header).wcs?.celestial() ?? null;
}

/** Opens an image, finds its first image HDU with a celestial WCS and describes it; a diagnostic when it cannot. */
export async function describeImage(path: string): Promise<SourceImage | HipsDiagnostic> {
  let file: FitsFile;
  try {
    file = await openFits(path);
  } catch (e) {
    return hipsDiagnostic('HIPS_UNREADABLE_IMAGE', `${path}: ${(e as Error).message}`);
  }
  try {
    for (const hdu of file.hdus) {
      if (!isImageHdu(hdu)) continue;
      const wcs = celestialWcsOf(hdu);
      if (!wcs) continue;
      if (wcs.frame && wcs.frame.system !== 'equatorial') {
        return hipsDiagnostic(
          'HIPS_UNSUPPORTED_FRAME',
          `${path}: ${wcs.frame.system} coordinates; only equatorial images are resampled (no frame conversion)`,
        );
      }
      const full = Wcs.fromHeader(hdu.header);
      const axes = full.axes.map((_, k) => hdu.header.getNumber(`NAXIS${k + 1}`) ?? 1);
      const lonAxis = full.axes.findIndex((a) => a.kind === 'longitude');
      const latAxis = full.axes.findIndex((a) => a.kind === 'latitude');
      const [nx, ny] = [axes[lonAxis], axes[latAxis]];
      const footprint = wcs.footprint({ width: nx, height: ny });
      const bunit = hdu.header.getString('BUNIT');
      const { size } = file;
      return {
        path,
        hdu: hdu.index,
        axes,
        celestialAxes: [lonAxis, latAxis],
        footprint,
        pixelScaleDeg: wcs.pixelScale().mean,
        ...(bunit ? { bunit } : {}),
        checksum: await fileChecksum(path),
        size,
      };
    }
    return hipsDiagnostic('HIPS_NO_CELESTIAL_WCS', `${path}: no image HDU with a celestial WCS`);
  } finally {
    await file.close();
  }
}

/** An image's celestial WCS and first celestial plane, as float32 (NaN for blanks). */
export interface LoadedImage {
  image: SourceImage;
  wcs: Wcs;
  plane: Plane;
}

/** Reads the first celestial plane of an image (one section read; other axes at index 0). */
export async function loadImage(image: SourceImage): Promise<LoadedImage> {
  const file = await openFits(image.path);
  try {
    const hdu = file.hdus[image.hdu];
    const wcs = celestialWcsOf(hdu);
    if (!wcs) throw new Error(`${image.path}: no celestial WCS`);
    const [a, b] = image.celestialAxes;
    if (a !== 0 || b !== 1)
      throw new Error(`${image.path}: celestial axes must be the first two (got ${a + 1}, ${b + 1})`);
    const [nx, ny] = [image.axes[0], image.axes[1]];
    const h = hdu.header;
    const scaled = (h.getNumber('BSCALE') ?? 1) !== 1 || (h.getNumber('BZERO') ?? 0) !== 0;
    if (h.getNumber('BITPIX') === -32 && !scaled) {
      // The common case (VLASS, RACS: float32 without scaling): the first plane is the first nx·ny·4 data bytes
      // (FITS 4.0 §3.3.2, NAXIS1 varying fastest), read at once and byte-swapped natively (Buffer#swap32).
      const bytes = Buffer.allocUnsafe(nx * ny * 4);
      const fh = await open(image.path, 'r');
      try {
        for (let at = 0; at < bytes.length; ) {
          const { bytesRead } = await fh.read(bytes, at, bytes.length - at, hdu.dataOffset + at);
          if (bytesRead === 0) throw new Error(`${image.path}: file ends inside the image data`);
          at += bytesRead;
        }
      } finally {
        await fh.close();
      }
      if (HOST_LITTLE_ENDIAN) bytes.swap32();
      return { image, wcs, plane: { nx, ny, data: new Float32Array(bytes.buffer, bytes.byteOffset, nx * ny) } };
    }
    const start = image.axes.map(() => 0);
    const end = image.axes.map((n, k) => (k < 2 ? n : 1));
    const section = await readImageSection(file, hdu, { start, end });
    const src = section.data;
    const data = src instanceof Float32Array ? src : Float32Array.from(src as ArrayLike<number>, Number);
    return { image, wcs, plane: { nx, ny, data } };
  } finally {
    await file.close();
  }
}
