// Bytes handed between threads: a Buffer's memory as an ArrayBuffer of its own, so it can be transferred (not copied)
// with postMessage. A Buffer that is a view of a larger ArrayBuffer (Node's pool for small Buffers) is copied out.
export function ownArrayBuffer(b: Buffer | Uint8Array): ArrayBuffer {
  if (b.byteOffset === 0 && b.buffer.byteLength === b.byteLength) return b.buffer as ArrayBuffer;
  const own = new ArrayBuffer(b.byteLength);
  new Uint8Array(own).set(b);
  return own;
}
