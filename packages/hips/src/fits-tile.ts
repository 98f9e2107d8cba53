// FITS tiles (HiPS 1.0 §4.2.1.1): one 2-D primary image, BITPIX −32, NaN for pixels without data (FITS 4.0 §5.3:
// IEEE NaN is the blank of floating-point images, no BLANK keyword), ORDER and NPIX cards naming the tile as
// HipsGen writes them. The header comes from @obscura/fits (imageHeader); the data (FITS 4.0 §5.3: big-endian IEEE
// floats) is byte-swapped with Buffer#swap32, a native swap several times faster than a JavaScript loop, which
// matters at thousands of 1 MB tiles written and read back (lower orders) per build.
import { readFile } from 'node:fs/promises';
import { Header, imageHeader, openFits, padToBlock } from '@obscura/fits';

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

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
  const head = imageHeader(h, -32, [width, height], { primary: true }).toBytes();
  const out = Buffer.alloc(head.length + padToBlock(data.byteLength)); // zero padding (FITS 4.0 §3.3.2)
  out.set(head, 0);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), head.length);
  if (LITTLE_ENDIAN) out.subarray(head.length, head.length + data.byteLength).swap32();
  return new Uint8Array(out.buffer, out.byteOffset, out.length); // a plain Uint8Array, as the API promises
}

/** The pixels of a FITS tile (FITS order), or null when it does not exist. */
export async function readTileFits(path: string): Promise<Float32Array | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  const file = await openFits(bytes);
  try {
    const hdu = file.hdus[0];
    const h = hdu.header;
    const n = (h.getNumber('NAXIS1') ?? 0) * (h.getNumber('NAXIS2') ?? 0);
    if (h.getNumber('BITPIX') !== -32 || h.getNumber('NAXIS') !== 2 || hdu.dataOffset + 4 * n > bytes.length) {
      throw new Error(`${path}: not a HiPS FITS tile (2-D BITPIX -32 image)`);
    }
    // The data starts on a 2880-byte block (FITS 4.0 §3.1), so a fresh read buffer is 4-byte aligned there.
    let data = bytes.subarray(hdu.dataOffset, hdu.dataOffset + 4 * n);
    if (data.byteOffset % 4 !== 0) data = Buffer.from(data);
    if (LITTLE_ENDIAN) data.swap32();
    return new Float32Array(data.buffer, data.byteOffset, n);
  } finally {
    await file.close();
  }
}
