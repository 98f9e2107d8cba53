// multipart/byteranges bodies for requests with several ranges (RFC 9110 §14.6), streamed part by part from disk.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { ByteRange } from './http-range.ts';

export interface MultipartBody {
  contentType: string;
  length: number;
  stream(): Readable;
}

export function multipartByteranges(
  path: string,
  ranges: ByteRange[],
  size: number,
  partType: string,
  boundary: string,
): MultipartBody {
  const heads = ranges.map(
    (r) => `\r\n--${boundary}\r\nContent-Type: ${partType}\r\nContent-Range: bytes ${r.start}-${r.end}/${size}\r\n\r\n`,
  );
  const tail = `\r\n--${boundary}--\r\n`;
  let length = Buffer.byteLength(tail);
  ranges.forEach((r, i) => {
    length += Buffer.byteLength(heads[i]) + (r.end - r.start + 1);
  });
  return {
    contentType: `multipart/byteranges; boundary=${boundary}`,
    length,
    stream: () =>
      Readable.from(
        (async function* parts() {
          for (let i = 0; i < ranges.length; i++) {
            yield Buffer.from(heads[i]);
            yield* createReadStream(path, { start: ranges[i].start, end: ranges[i].end });
          }
          yield Buffer.from(tail);
        })(),
        { objectMode: false },
      ),
  };
}
