// Content-Type of an archive file from its name. FITS: application/fits (RFC 4047); gzip-compressed files keep the
// type of what they hold and are served as-is (no Content-Encoding: a .fits.gz is downloaded as a .fits.gz).
import { extname } from 'node:path';

const BY_EXTENSION: Readonly<Record<string, string>> = {
  '.fits': 'application/fits',
  '.fit': 'application/fits',
  '.fts': 'application/fits',
  '.fz': 'application/fits', // tile-compressed FITS is still FITS (FITS 4.0 §10)
  '.gz': 'application/gzip',
  '.tar': 'application/x-tar',
  '.zip': 'application/zip',
  '.ms': 'application/x-tar',
  '.xml': 'application/xml',
  '.vot': 'application/x-votable+xml',
  '.votable': 'application/x-votable+xml',
  '.csv': 'text/csv; charset=utf-8',
  '.tsv': 'text/tab-separated-values; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.pdf': 'application/pdf',
  '.html': 'text/html; charset=utf-8',
  '.hdf5': 'application/x-hdf5',
  '.h5': 'application/x-hdf5',
};

export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/** The type by extension (case-insensitive), else application/octet-stream. */
export function contentTypeFor(path: string): string {
  return BY_EXTENSION[extname(path).toLowerCase()] ?? DEFAULT_CONTENT_TYPE;
}
