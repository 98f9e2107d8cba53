// Product identifiers (DESIGN.md "Identifiers"): obs_publisher_did = ivo://<authority>/<collection>?<obs_id>/<file>,
// which is also the DataLink and SODA ID; access_url points at the DataLink {links} endpoint for it
// (DataLink 1.1 §3.2: ID parameter; ObsCore 1.1 §4.7: access_format of a DataLink link).
import { basename } from 'node:path';

export const DEFAULT_AUTHORITY = 'obscura.demo';
export const DEFAULT_BASE_URL = 'http://127.0.0.1:8080';
export const DATALINK_FORMAT = 'application/x-votable+xml;content=datalink';

const COLLECTION = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const AUTHORITY = /^[A-Za-z0-9][A-Za-z0-9._~-]*$/; // IVOA Identifiers 2.0 §2.2.1

export function checkCollection(name: string): void {
  if (!COLLECTION.test(name)) {
    throw new Error(`collection name "${name}" must be letters, digits, '.', '_' or '-' (it goes into identifiers)`);
  }
}

export function checkAuthority(authority: string): void {
  if (!AUTHORITY.test(authority)) throw new Error(`authority "${authority}" is not a valid IVOA authority id`);
}

// VLASS file names: <epoch>.<ql|se|cc>.<tile>.<subtile>.…; CADC's CAOM observation ID is <epoch>.<tile>.<subtile>
// (corpus vlass/vlass2caom2 *.expected.xml), which groups the versions and products of one field and epoch.
const VLASS_NAME = /^(VLASS\d+\.\d+)\.(?:ql|se|cc)\.(T\d+t\d+)\.(J\d{6}[+-]\d{6})\./;

/** A file name without its FITS extension (.fits, .fit, .fts, optionally .gz/.fz). */
export function stem(fileName: string): string {
  return fileName.replace(/\.(fits|fit|fts)(\.gz|\.fz)?$/i, '');
}

/** obs_id of an image file: the VLASS observation for VLASS names, else the file name without extension. */
export function obsIdOf(filePath: string): string {
  const name = basename(filePath);
  const m = VLASS_NAME.exec(name);
  return m ? `${m[1]}.${m[2]}.${m[3]}` : stem(name);
}

export function publisherDid(authority: string, collection: string, obsId: string, fileName: string): string {
  return `ivo://${authority}/${collection}?${obsId}/${fileName}`;
}

export function datalinkUrl(baseUrl: string, did: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/datalink/links?ID=${encodeURIComponent(did)}`;
}

/**
 * The image a companion file belongs to, by name: a VLASS `…tt0.rms.subim.fits` noise image belongs to
 * `…tt0.subim.fits` (NRAO's naming, corpus vlass/vlass2caom2). Undefined for files that are not companions.
 */
export function companionTarget(fileName: string): { primary: string; kind: 'rms' } | undefined {
  if (/\.rms\./i.test(fileName)) return { primary: fileName.replace(/\.rms\./i, '.'), kind: 'rms' };
  return undefined;
}
