// FITS data are big-endian (FITS 4.0 §5.2 integers, §5.3 IEEE-754 floats); these helpers convert to and from the
// host's typed arrays by copying and swapping bytes in place.

export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Reverses the byte order of each `size`-byte word of `bytes`, in place. */
export function swapInPlace(bytes: Uint8Array, size: number): void {
  if (!HOST_LITTLE_ENDIAN || size === 1) return;
  const n = bytes.length - (bytes.length % size);
  if (size === 2) {
    for (let i = 0; i < n; i += 2) {
      const a = bytes[i];
      bytes[i] = bytes[i + 1];
      bytes[i + 1] = a;
    }
  } else if (size === 4) {
    for (let i = 0; i < n; i += 4) {
      const a = bytes[i];
      const b = bytes[i + 1];
      bytes[i] = bytes[i + 3];
      bytes[i + 1] = bytes[i + 2];
      bytes[i + 2] = b;
      bytes[i + 3] = a;
    }
  } else {
    for (let i = 0; i < n; i += size) {
      for (let j = 0, k = size - 1; j < k; j++, k--) {
        const a = bytes[i + j];
        bytes[i + j] = bytes[i + k];
        bytes[i + k] = a;
      }
    }
  }
}

/** Big-endian bytes of a typed array (a copy). */
export function toBigEndian(data: ArrayBufferView & { BYTES_PER_ELEMENT: number }): Uint8Array {
  const out = new Uint8Array(data.byteLength);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  swapInPlace(out, data.BYTES_PER_ELEMENT);
  return out;
}
