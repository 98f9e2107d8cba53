// Reads the WCS keywords of one coordinate description (primary ' ' or alternate 'A'..'Z') from a header into
// plain data: Greisen & Calabretta 2002 (Paper I) §2 and Table 2; Calabretta & Greisen 2002 (Paper II) §2.5 and
// §6.1 for the legacy forms (CROTAi, PC00i00j/CD00i00j, EPOCH, RESTFREQ).
import { type HeaderLike, headerNumber, headerString } from './header-like.ts';
import { type WcsDiagnostic, wcsDiagnostic } from './wcs-diagnostics.ts';

/** One projection parameter PVi_ma: axis i (1-based), index m, value. */
export interface ProjectionParameter {
  axis: number;
  m: number;
  value: number;
}

/** A coordinate description as written in a header (header units; nothing converted yet). */
export interface WcsDescription {
  /** ' ' for the primary description, 'A'..'Z' for alternates (Paper I §2.2). */
  alt: string;
  naxis: number;
  ctype: string[];
  cunit: string[];
  /** Reference pixel, FITS 1-based (Paper I §2.1.2). */
  crpix: number[];
  crval: number[];
  cdelt: number[];
  /** Row-major naxis×naxis: PCi_j (then scaled by CDELT) or, when `matrixKind` is 'CD', CDi_j itself. */
  matrix: number[];
  matrixKind: 'PC' | 'CD';
  /** CROTAi of the latitude axis when the header uses the legacy rotation instead of PC/CD (Paper II §6.1). */
  crota?: number;
  pv: ProjectionParameter[];
  lonpole: number;
  latpole: number;
  radesys?: string;
  equinox?: number;
  restFrequency: number;
  restWavelength: number;
  specsys?: string;
  /** WCSNAMEa. */
  name?: string;
  /** NAXISi of the image (0 when absent); NAXISi = 1 marks a degenerate axis. */
  imageSize: number[];
}

const MAX_AXES = 9;

/** True when the header has any keyword of description `alt` (CTYPE, CRPIX, CRVAL, CDELT, CD, PC). */
export function hasWcsKeywords(header: HeaderLike, alt: string): boolean {
  const a = alt === ' ' ? '' : alt;
  for (let i = 1; i <= MAX_AXES; i++) {
    for (const k of ['CTYPE', 'CRPIX', 'CRVAL', 'CDELT', 'CUNIT'])
      if (header.get(`${k}${i}${a}`) !== undefined) return true;
    for (let j = 1; j <= MAX_AXES; j++) {
      if (header.get(`CD${i}_${j}${a}`) !== undefined || header.get(`PC${i}_${j}${a}`) !== undefined) return true;
    }
  }
  return alt === ' ' && (header.get('CD001001') !== undefined || header.get('PC001001') !== undefined);
}

export function readWcsDescription(header: HeaderLike, alt: string, diagnostics: WcsDiagnostic[]): WcsDescription {
  const a = alt === ' ' ? '' : alt;
  const num = (k: string): number | undefined => headerNumber(header, k);
  // Number of axes: WCSAXESa, else the larger of NAXIS and the highest axis number used (Paper I §2.2).
  let naxis = num(`WCSAXES${a}`) ?? 0;
  if (naxis === 0) {
    naxis = num('NAXIS') ?? 0;
    for (let i = 1; i <= MAX_AXES; i++) {
      for (const k of ['CTYPE', 'CRPIX', 'CRVAL', 'CDELT', 'CUNIT']) {
        if (header.get(`${k}${i}${a}`) !== undefined) naxis = Math.max(naxis, i);
      }
      for (let j = 1; j <= MAX_AXES; j++) {
        if (header.get(`CD${i}_${j}${a}`) !== undefined || header.get(`PC${i}_${j}${a}`) !== undefined) {
          naxis = Math.max(naxis, i, j);
        }
      }
    }
  }
  naxis = Math.min(naxis, MAX_AXES);
  const ctype: string[] = [];
  const cunit: string[] = [];
  const crpix: number[] = [];
  const crval: number[] = [];
  const cdelt: number[] = [];
  const imageSize: number[] = [];
  for (let i = 1; i <= naxis; i++) {
    ctype.push((headerString(header, `CTYPE${i}${a}`) ?? '').toUpperCase());
    cunit.push(headerString(header, `CUNIT${i}${a}`) ?? headerString(header, `CRUNIT${i}${a}`) ?? '');
    crpix.push(num(`CRPIX${i}${a}`) ?? 0);
    crval.push(num(`CRVAL${i}${a}`) ?? 0);
    let d = num(`CDELT${i}${a}`) ?? 1;
    if (d === 0) d = 1; // wcslib cdfix-like default; CDELT 0 would make the matrix singular
    cdelt.push(d);
    imageSize.push(num(`NAXIS${i}`) ?? 0);
  }
  // Matrix: CDi_ja takes precedence over PCi_ja (Paper I §2.1.2 forbids mixing); legacy PC00i00j / CD00i00j.
  const matrix = new Array<number>(naxis * naxis).fill(0);
  let matrixKind: 'PC' | 'CD' = 'PC';
  let anyCd = false;
  let anyPc = false;
  let legacy = false;
  for (let i = 1; i <= naxis; i++) {
    for (let j = 1; j <= naxis; j++) {
      let cd = num(`CD${i}_${j}${a}`);
      let pc = num(`PC${i}_${j}${a}`);
      const pad = (n: number) => String(n).padStart(3, '0');
      if (a === '' && cd === undefined && (cd = num(`CD${pad(i)}${pad(j)}`)) !== undefined) legacy = true;
      if (a === '' && pc === undefined && (pc = num(`PC${pad(i)}${pad(j)}`)) !== undefined) legacy = true;
      if (cd !== undefined) anyCd = true;
      if (pc !== undefined) anyPc = true;
    }
  }
  if (legacy) diagnostics.push(wcsDiagnostic('WCS_LEGACY_KEYWORD', 'PC00i00j/CD00i00j read as PCi_j/CDi_j'));
  if (anyCd) {
    matrixKind = 'CD';
    if (anyPc) diagnostics.push(wcsDiagnostic('WCS_LEGACY_KEYWORD', 'both CDi_j and PCi_j present; CDi_j used'));
  }
  const pad = (n: number) => String(n).padStart(3, '0');
  for (let i = 1; i <= naxis; i++) {
    for (let j = 1; j <= naxis; j++) {
      const k = matrixKind === 'CD' ? 'CD' : 'PC';
      let v = num(`${k}${i}_${j}${a}`);
      if (v === undefined && a === '') v = num(`${k}${pad(i)}${pad(j)}`);
      matrix[(i - 1) * naxis + (j - 1)] = v ?? (matrixKind === 'PC' && i === j ? 1 : 0);
    }
  }
  // CROTAi (legacy, Paper II §6.1), only when neither PC nor CD is present.
  let crota: number | undefined;
  if (!anyCd && !anyPc) {
    for (let i = 1; i <= naxis; i++) {
      const r = num(`CROTA${i}${a}`);
      if (r !== undefined && r !== 0) crota = r;
    }
    if (crota !== undefined) diagnostics.push(wcsDiagnostic('WCS_LEGACY_KEYWORD', 'CROTAi used for the rotation'));
  }
  const pv: ProjectionParameter[] = [];
  for (let i = 1; i <= naxis; i++) {
    for (let m = 0; m < 30; m++) {
      const v = num(`PV${i}_${m}${a}`);
      if (v !== undefined) pv.push({ axis: i, m, value: v });
    }
  }
  let equinox = num(`EQUINOX${a}`);
  if (equinox === undefined && a === '') {
    equinox = num('EPOCH');
    if (equinox !== undefined) diagnostics.push(wcsDiagnostic('WCS_LEGACY_KEYWORD', 'EPOCH read as EQUINOX'));
  }
  return {
    alt,
    naxis,
    ctype,
    cunit,
    crpix,
    crval,
    cdelt,
    matrix,
    matrixKind,
    crota,
    pv,
    lonpole: num(`LONPOLE${a}`) ?? Number.NaN,
    latpole: num(`LATPOLE${a}`) ?? Number.NaN,
    radesys: headerString(header, `RADESYS${a}`) ?? (a === '' ? headerString(header, 'RADECSYS') : undefined),
    equinox,
    restFrequency: num(`RESTFRQ${a}`) ?? (a === '' ? num('RESTFREQ') : undefined) ?? Number.NaN,
    restWavelength: num(`RESTWAV${a}`) ?? Number.NaN,
    specsys: headerString(header, `SPECSYS${a}`),
    name: headerString(header, `WCSNAME${a}`),
    imageSize,
  };
}
