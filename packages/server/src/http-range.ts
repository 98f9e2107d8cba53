// HTTP range requests and conditional requests for static files (RFC 9110 §13, §14).

/** An inclusive byte range [start, end]. */
export interface ByteRange {
  start: number;
  end: number;
}

export type RangeResult =
  /** No Range header, a unit other than bytes, or a syntax error: answer 200 with the whole file (§14.2). */
  | { kind: 'none' }
  /** Every range is unsatisfiable: answer 416 with `Content-Range: bytes *\/size` (§15.5.17). */
  | { kind: 'unsatisfiable' }
  /** Satisfiable ranges, clipped to the file, in request order. */
  | { kind: 'ranges'; ranges: ByteRange[] };

/** More ranges than this in one request are ignored (200 with the whole file), a defence RFC 9110 §14.2 allows. */
export const MAX_RANGES = 16;

// RFC 9110 §14.1.2: ranges-specifier = range-unit "=" range-set; range-set = 1#range-spec;
// int-range = first-pos "-" [ last-pos ]; suffix-range = "-" suffix-length.
const RANGE_SPEC = /^(?:(\d+)-(\d*)|-(\d+))$/;

/** Parses a Range header against a file of `size` bytes. */
export function parseRange(header: string | undefined, size: number): RangeResult {
  if (header === undefined) return { kind: 'none' };
  const eq = header.indexOf('=');
  if (eq < 0 || header.slice(0, eq).trim().toLowerCase() !== 'bytes') return { kind: 'none' };
  // 1#element: comma-separated, optional whitespace, empty elements allowed (RFC 9110 §5.6.1.2).
  const specs = header
    .slice(eq + 1)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (specs.length === 0) return { kind: 'none' };
  const ranges: ByteRange[] = [];
  for (const spec of specs) {
    const m = RANGE_SPEC.exec(spec);
    if (!m) return { kind: 'none' };
    if (m[3] !== undefined) {
      // Suffix range: the last n bytes; satisfiable iff n > 0 and the file is not empty (§14.1.3).
      const n = Number(m[3]);
      if (n > 0 && size > 0) ranges.push({ start: Math.max(0, size - n), end: size - 1 });
      continue;
    }
    const first = Number(m[1]);
    const last = m[2] === '' ? Number.POSITIVE_INFINITY : Number(m[2]);
    if (last < first) return { kind: 'none' }; // invalid int-range: the whole field is ignored (§14.1.1)
    if (first < size) ranges.push({ start: first, end: Math.min(last, size - 1) }); // else unsatisfiable
  }
  if (ranges.length === 0) return { kind: 'unsatisfiable' };
  if (ranges.length > MAX_RANGES) return { kind: 'none' };
  return { kind: 'ranges', ranges };
}

/** Validators of a file: a strong ETag from size and modification time (as nginx does), and Last-Modified. */
export interface Validators {
  etag: string;
  lastModified: Date;
}

export function fileValidators(size: number, mtimeMs: number): Validators {
  return {
    etag: `"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`,
    lastModified: new Date(Math.floor(mtimeMs / 1000) * 1000),
  };
}

function entityTags(header: string): string[] {
  return header
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function opaque(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}

/**
 * Whether a GET/HEAD can be answered 304 Not Modified (RFC 9110 §13.1.2, §13.1.3, evaluated in the order of §13.2.2):
 * If-None-Match (weak comparison) when present, else If-Modified-Since.
 */
export function notModified(
  headers: { 'if-none-match'?: string; 'if-modified-since'?: string },
  v: Validators,
): boolean {
  const inm = headers['if-none-match'];
  if (inm !== undefined) {
    const tags = entityTags(inm);
    return tags.includes('*') || tags.some((t) => opaque(t) === opaque(v.etag));
  }
  const ims = headers['if-modified-since'];
  if (ims !== undefined) {
    const since = Date.parse(ims);
    return !Number.isNaN(since) && v.lastModified.getTime() <= since;
  }
  return false;
}

/**
 * If-Range (RFC 9110 §13.1.5): the Range applies only if the validator still matches — strong comparison for an
 * entity tag, exact equality for a date. Without If-Range, the Range applies.
 */
export function rangeApplies(ifRange: string | undefined, v: Validators): boolean {
  if (ifRange === undefined) return true;
  const s = ifRange.trim();
  if (s.startsWith('"')) return s === v.etag;
  if (s.startsWith('W/')) return false; // weak tags never match strongly
  const d = Date.parse(s);
  return !Number.isNaN(d) && d === v.lastModified.getTime();
}
