// FITS tiles (HiPS 1.0 §4.2.1.1): one 2-D primary image, BITPIX −32, NaN for pixels without data (FITS 4.0 §5.3:
// IEEE NaN is the blank of floating-point images, no BLANK keyword), ORDER and NPIX cards naming the tile as
// HipsGen writes them.
import { readFile } from 'node:fs/promises';
import { encodeImageHdu, Header, openFits, readImage } from '@obscura/fits';

export function encodeTileFits(
  data: Float32Array,
  width: number,
  meta: { order: number; npix: number; bunit?: string; allsky?: boolean },
): Uint8Array {
  const h = new Header();
  if (!meta.allsky) {
    h.set('ORDER', meta.order, 'HEALPix order of the tile (HiPS 1.0 sec. 4.1)');
    h.set('NPIX', meta.npix, 'NESTED index of the tile (HiPS 1.0 sec. 4.1)');
  }
  if (meta.bunit) h.set('BUNIT', meta.bunit, 'unit of the pixel values');
  const height = data.length / width;
  return encodeImageHdu(h, data, { axes: [width, height] });
}

/** The pixels of a FITS tile (FITS order), or null when it does not exist. */
export async function readTileFits(path: string): Promise<Float32Array | null> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  const file = await openFits(bytes);
  try {
    const img = await readImage(file, file.hdus[0]);
    return img.data instanceof Float32Array ? img.data : Float32Array.from(img.data as ArrayLike<number>, Number);
  } finally {
    await file.close();
  }
}
