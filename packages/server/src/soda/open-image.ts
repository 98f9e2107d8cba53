// Opening the image of a product for a cutout. The parsed headers and WCS of recently used files are kept (keyed by
// path, size and mtime, so a replaced file is parsed again): a warm cutout then reads only the rows of its box.
import {
  type ByteSource,
  DescriptorSource,
  FitsError,
  findImageHdu,
  type Hdu,
  openFits,
  Wcs,
  WcsError,
} from '@obscura/fits';
import type { ResolvedArchiveFile } from '../archive-files.ts';

export interface OpenImage {
  source: ByteSource;
  hdu: Hdu;
  wcs: Wcs;
}

interface Parsed {
  key: string;
  hdu: Hdu;
  wcs: Wcs;
  gzip: boolean;
}

const CACHE_SIZE = 256;
const parsed = new Map<string, Parsed>();

/** Why an image cannot be cut (reported as a SODA error by the caller). */
export class NotAnImage extends Error {}

function keyOf(file: ResolvedArchiveFile): string {
  return `${file.absolutePath}\n${file.size}\n${file.mtimeMs}`;
}

/** Opens the file (the caller closes `source`); headers are parsed only on first use. */
export async function openImage(file: ResolvedArchiveFile): Promise<OpenImage> {
  const key = keyOf(file);
  const hit = parsed.get(key);
  if (hit && !hit.gzip) {
    parsed.delete(key); // most recently used last
    parsed.set(key, hit);
    return { source: await DescriptorSource.open(file.absolutePath), hdu: hit.hdu, wcs: hit.wcs };
  }
  const fits = await openFits(file.absolutePath);
  try {
    const hdu = findImageHdu(fits.hdus);
    if (!hdu) throw new NotAnImage(`${file.path} holds no image with two or more axes`);
    let wcs: Wcs;
    try {
      wcs = Wcs.fromHeader(hdu.header);
    } catch (e) {
      if (e instanceof WcsError || e instanceof FitsError) throw new NotAnImage(`${file.path}: ${e.message}`);
      throw e;
    }
    parsed.set(key, { key, hdu, wcs, gzip: fits.gzip });
    if (parsed.size > CACHE_SIZE) parsed.delete(parsed.keys().next().value as string);
    if (fits.gzip) return { source: fits.source, hdu, wcs }; // inflated in memory: sections come from there
    await fits.close();
    return { source: await DescriptorSource.open(file.absolutePath), hdu, wcs };
  } catch (e) {
    await fits.close();
    throw e;
  }
}
