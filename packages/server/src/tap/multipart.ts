// multipart/form-data bodies (RFC 7578) for TAP uploads (TAP 1.1 §2.5.2, DALI 1.1 §3.4.5: UPLOAD=name,param:part
// names a part of the same POST). The body is bounded by the upload limit before it gets here (fastify bodyLimit),
// so parsing a Buffer is fine. Parts without a filename are ordinary DALI parameters.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DaliParams, daliParams, urlencodedPairs } from '../dali-params.ts';
import { HttpError } from '../errors.ts';

export interface MultipartFile {
  name: string;
  filename: string | null;
  contentType: string | null;
  data: Buffer;
}

/** A parsed multipart body: its plain fields in order and its file parts by (case-sensitive) part name. */
export class MultipartBody {
  constructor(
    readonly fields: [string, string][],
    readonly files: Map<string, MultipartFile>,
  ) {}
}

/** The boundary parameter of a multipart Content-Type (RFC 2046 §5.1.1). */
export function multipartBoundary(contentType: string): string {
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const b = m?.[1] ?? m?.[2];
  if (!b) throw new HttpError('BAD_REQUEST', 'multipart/form-data without a boundary parameter');
  return b;
}

function headerParam(header: string, name: string): string | null {
  const re = new RegExp(`;\\s*${name}="((?:[^"\\\\]|\\\\.)*)"|;\\s*${name}=([^;\\s]+)`, 'i');
  const m = re.exec(header);
  if (!m) return null;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
}

/** Splits a multipart/form-data body into fields and files. */
export function parseMultipart(body: Buffer, boundary: string): MultipartBody {
  const fields: [string, string][] = [];
  const files = new Map<string, MultipartFile>();
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new HttpError('BAD_REQUEST', 'multipart body without its boundary');
  for (;;) {
    pos += delimiter.length;
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break; // closing "--boundary--"
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) throw new HttpError('BAD_REQUEST', 'multipart part without a blank line after its headers');
    const headers = body.subarray(pos, headerEnd).toString('utf8').split('\r\n');
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), headerEnd + 4);
    if (next < 0) throw new HttpError('BAD_REQUEST', 'multipart body ends before its closing boundary');
    const data = body.subarray(headerEnd + 4, next);
    let disposition = '';
    let contentType: string | null = null;
    for (const h of headers) {
      const i = h.indexOf(':');
      const key = h.slice(0, i).trim().toLowerCase();
      if (key === 'content-disposition') disposition = h.slice(i + 1);
      else if (key === 'content-type') contentType = h.slice(i + 1).trim();
    }
    const name = headerParam(disposition, 'name');
    if (name !== null) {
      const filename = headerParam(disposition, 'filename');
      if (filename === null && (contentType === null || contentType.startsWith('text/plain'))) {
        fields.push([name, data.toString('utf8')]);
      } else {
        files.set(name, { name, filename, contentType, data: Buffer.from(data) });
      }
    }
    pos = next + 2;
  }
  return new MultipartBody(fields, files);
}

/** The DALI parameters of a TAP request (query string, form body or multipart fields) and its uploaded files. */
export function tapRequest(request: FastifyRequest): { params: DaliParams; files: Map<string, MultipartFile> } {
  const body = request.body;
  if (body instanceof MultipartBody) {
    const q = request.url.indexOf('?');
    const params = new DaliParams(q >= 0 ? urlencodedPairs(request.url.slice(q + 1)) : []);
    for (const [k, v] of body.fields) params.add(k, v);
    return { params, files: body.files };
  }
  return { params: daliParams(request), files: new Map() };
}

/**
 * Makes `app` (a route plugin) parse multipart/form-data bodies of at most `bodyLimit` bytes into a MultipartBody
 * (DALI 1.1 §3: parameters may be POSTed as multipart; TAP 1.1 §2.5.2: inline uploads come that way); a malformed
 * body is the error the route's error form reports.
 */
export function acceptMultipart(app: FastifyInstance, bodyLimit: number): void {
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit }, (request, body, done) => {
    try {
      done(null, parseMultipart(body as Buffer, multipartBoundary(String(request.headers['content-type']))));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
}
