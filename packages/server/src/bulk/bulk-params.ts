// The parameters of a bulk-cutout job (README "Bulk cutouts"), checked all at once when the job runs; every problem
// is reported together. DALI 1.1 §3: names are case-insensitive (the UWS layer upper-cases them).
import type { CutoutRegion } from '@obscura/fits';
import { DaliParams } from '../dali-params.ts';
import { HttpError } from '../errors.ts';
import { parseSodaParams } from '../soda/params.ts';
import { parseUploadParam, type UploadSpec } from '../tap/upload.ts';

export type BulkSelect = 'all' | 'best';
export type BulkFormat = 'tar' | 'zip';

export interface BulkParams {
  /** ADQL over ivoa.obscore (QUERY mode); its UPLOADs are TAP_UPLOAD tables it may join. */
  query?: string;
  lang: string;
  /** UPLOAD values as given (TAP 1.1 §2.5 name,URI). */
  uploads: string[];
  /** Without QUERY: the uploaded source list (the only UPLOAD). */
  sourceList?: UploadSpec;
  /** Default radius, degrees (RADIUS). */
  radius?: number;
  /** CIRCLE/POLYGON/POS (SODA 1.0 §3.3 syntax): the region cut from each QUERY row without ra/dec. */
  region?: CutoutRegion;
  /** The region as text, for the manifest. */
  regionText?: string;
  collections: string[];
  dataproductTypes: string[];
  select: BulkSelect;
  /** Hz, for SELECT=best. */
  freq?: number;
  format: BulkFormat;
  /** A job whose finished cutouts this one reuses (RESUME). */
  resume?: string;
}

/** A parameter problem: the job cannot start (UWS 1.1 §2.1.4 ERROR with this message). */
export class BulkUsageError extends Error {
  override name = 'BulkUsageError';
}

const NUMBER = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/** Reads and checks the job's parameters. */
export function parseBulkParams(params: DaliParams): BulkParams {
  const problems: string[] = [];
  const one = (name: string): string | undefined => {
    const all = params.getAll(name).filter((v) => v.trim() !== '');
    if (all.length > 1) problems.push(`${name} is given ${all.length} times; give it once`);
    return all[0]?.trim();
  };
  const many = (name: string): string[] =>
    params
      .getAll(name)
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter((v) => v !== '');

  const query = one('QUERY');
  const lang = one('LANG') ?? 'ADQL';
  if (query !== undefined && !/^ADQL(-2\.[01])?$/i.test(lang)) problems.push(`LANG=${lang}: only ADQL is supported`);
  const uploads = params.getAll('UPLOAD').filter((v) => v.trim() !== '');
  let specs: UploadSpec[] = [];
  try {
    specs = parseUploadParam(uploads);
  } catch (e) {
    problems.push((e as Error).message);
  }
  let sourceList: UploadSpec | undefined;
  if (query === undefined) {
    if (specs.length === 0) {
      problems.push(
        'give QUERY (ADQL over ivoa.obscore) or UPLOAD=sources,param:sources with a source list (VOTable or CSV with ra, dec, radius)',
      );
    } else if (specs.length > 1) {
      problems.push(`without QUERY, UPLOAD takes one source list, not ${specs.length} tables`);
    } else sourceList = specs[0];
  }

  let radius: number | undefined;
  const radiusText = one('RADIUS');
  if (radiusText !== undefined) {
    radius = NUMBER.test(radiusText) ? Number(radiusText) : Number.NaN;
    if (!(radius > 0) || radius > 10) problems.push(`RADIUS=${radiusText} must be a number of degrees in (0, 10]`);
  }

  // CIRCLE/POLYGON/POS are read by the SODA parser itself (one syntax for both endpoints).
  const shapes = ['CIRCLE', 'POLYGON', 'POS'].filter((n) => one(n) !== undefined);
  let region: CutoutRegion | undefined;
  let regionText: string | undefined;
  if (shapes.length > 0) {
    const soda = new DaliParams([['ID', 'bulk']]);
    for (const n of shapes) soda.add(n, one(n) as string);
    try {
      const parsed = parseSodaParams(soda);
      region = parsed.cutout.region;
      regionText = parsed.description;
    } catch (e) {
      problems.push(e instanceof HttpError ? e.message.replace(/^UsageError: /, '') : (e as Error).message);
    }
    if (query === undefined) problems.push(`${shapes.join(', ')} apply to QUERY rows; a source list gives positions`);
  }

  const collections = many('COLLECTION');
  const dataproductTypes = many('DPTYPE');
  if (dataproductTypes.length === 0) dataproductTypes.push('image');

  const selectText = (one('SELECT') ?? 'all').toLowerCase();
  const select: BulkSelect = selectText === 'best' ? 'best' : 'all';
  if (selectText !== 'all' && selectText !== 'best') problems.push(`SELECT=${selectText} must be all or best`);
  let freq: number | undefined;
  const freqText = one('FREQ');
  if (freqText !== undefined) {
    freq = NUMBER.test(freqText) ? Number(freqText) : Number.NaN;
    if (!(freq > 0)) problems.push(`FREQ=${freqText} must be a positive frequency in Hz (e.g. 3e9)`);
  }
  if (select === 'best' && freqText === undefined) {
    problems.push('SELECT=best needs FREQ, the frequency in Hz at which resolutions are compared (e.g. FREQ=3e9)');
  }

  const formatText = (one('FORMAT') ?? one('RESPONSEFORMAT') ?? 'tar').toLowerCase();
  let format: BulkFormat = 'tar';
  if (/^(zip|application\/zip)$/.test(formatText)) format = 'zip';
  else if (!/^(tar|application\/x-tar)$/.test(formatText)) problems.push(`FORMAT=${formatText} must be tar or zip`);

  const resume = one('RESUME');
  if (resume !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(resume)) {
    problems.push(`RESUME=${resume} is not a job identifier`);
  }

  if (problems.length > 0) throw new BulkUsageError(problems.join('; '));
  const out: BulkParams = { lang, uploads, collections, dataproductTypes, select, format };
  if (query !== undefined) out.query = query;
  if (sourceList) out.sourceList = sourceList;
  if (radius !== undefined) out.radius = radius;
  if (region) out.region = region;
  if (regionText) out.regionText = regionText;
  if (freq !== undefined) out.freq = freq;
  if (resume !== undefined) out.resume = resume;
  return out;
}
