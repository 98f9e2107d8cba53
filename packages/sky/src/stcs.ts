// STC-S spatial regions as used in ObsCore s_region and TAP/ADQL (STC-S 1.33, IVOA Note 2009; TAP 1.0 §6):
//   Position|Circle|Box|Polygon [frame] [refpos] [flavor] numbers… [unit deg]
//   Union|Intersection [frame] ( region region … ),  Difference [frame] ( region region ),  Not [frame] ( region )
// Keywords are case-insensitive. Only the SPHERICAL2 flavor in degrees is understood; frames are recorded (a non-ICRS
// frame gets a warning: coordinates are not transformed). Errors are diagnostics; the parser does not throw.
import { checkRadius, formatNumber, polygonFromNumbers } from './dali.ts';
import { diag, type SkyDiagnostic } from './diagnostics.ts';
import type { Region } from './shapes.ts';

const FRAMES = new Set([
  'ICRS',
  'FK5',
  'FK4',
  'J2000',
  'B1950',
  'ECLIPTIC',
  'GALACTIC',
  'GALACTIC_II',
  'SUPER_GALACTIC',
  'GEO_C',
  'GEO_D',
  'UNKNOWNFRAME',
  'UNKNOWN',
]);
const ICRS_LIKE = new Set(['ICRS', 'FK5', 'J2000', 'UNKNOWNFRAME', 'UNKNOWN']);
const REFPOS = new Set([
  'GEOCENTER',
  'BARYCENTER',
  'HELIOCENTER',
  'TOPOCENTER',
  'LSR',
  'LSRK',
  'LSRD',
  'GALACTIC_CENTER',
  'LOCAL_GROUP_CENTER',
  'MOON',
  'EMBARYCENTER',
  'MERCURY',
  'VENUS',
  'MARS',
  'JUPITER',
  'SATURN',
  'URANUS',
  'NEPTUNE',
  'PLUTO',
  'RELOCATABLE',
  'UNKNOWNREFPOS',
]);
const FLAVORS = new Set(['SPHERICAL2', 'CARTESIAN2', 'CARTESIAN3', 'UNITSPHERE', 'SPHERICAL3']);

interface Token {
  kind: 'word' | 'number' | '(' | ')';
  text: string;
  start: number;
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const re = /\s*(?:(\()|(\))|([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(?![\w.])|([^\s()]+))/gy;
  for (let m = re.exec(text); m && m[0] !== ''; m = re.exec(text)) {
    const start = m.index + m[0].length - (m[1] ?? m[2] ?? m[3] ?? m[4]).length;
    if (m[1]) out.push({ kind: '(', text: '(', start });
    else if (m[2]) out.push({ kind: ')', text: ')', start });
    else if (m[3]) out.push({ kind: 'number', text: m[3], start });
    else out.push({ kind: 'word', text: m[4], start });
  }
  return out;
}

export interface StcsResult {
  value?: Region;
  /** The coordinate frame named at the top level (upper case), ICRS when none was given. */
  frame: string;
  diagnostics: SkyDiagnostic[];
}

class Parser {
  i = 0;
  frame?: string;
  constructor(
    readonly toks: Token[],
    readonly text: string,
    readonly diagnostics: SkyDiagnostic[],
  ) {}

  span(t: Token | undefined) {
    return t ? { start: t.start, end: t.start + t.text.length } : { start: this.text.length, end: this.text.length };
  }

  error(code: Parameters<typeof diag>[0], message: string, t?: Token): undefined {
    this.diagnostics.push(diag(code, message, 'error', this.span(t)));
    return undefined;
  }

  /** Optional frame, refpos, flavor words. Returns false on an unsupported flavor. */
  coordSpec(): boolean {
    let t = this.toks[this.i];
    if (t?.kind === 'word' && FRAMES.has(t.text.toUpperCase())) {
      const f = t.text.toUpperCase();
      if (this.frame === undefined) this.frame = f;
      if (!ICRS_LIKE.has(f)) {
        this.diagnostics.push(
          diag(
            'SKY_STCS_FRAME',
            `frame ${f} is kept as given: coordinates are not converted to ICRS`,
            'warning',
            this.span(t),
          ),
        );
      }
      t = this.toks[++this.i];
    }
    if (t?.kind === 'word' && REFPOS.has(t.text.toUpperCase())) t = this.toks[++this.i];
    if (t?.kind === 'word' && FLAVORS.has(t.text.toUpperCase())) {
      if (t.text.toUpperCase() !== 'SPHERICAL2') {
        this.error(
          'SKY_STCS_UNSUPPORTED',
          `flavor ${t.text} is not supported: only SPHERICAL2 (lon lat in degrees)`,
          t,
        );
        return false;
      }
      this.i++;
    }
    return true;
  }

  numbers(): number[] {
    const out: number[] = [];
    while (this.toks[this.i]?.kind === 'number') out.push(Number(this.toks[this.i++].text));
    const t = this.toks[this.i];
    if (t?.kind === 'word' && t.text.toLowerCase() === 'unit') {
      const u = this.toks[this.i + 1];
      if (u?.text.toLowerCase() !== 'deg')
        this.error('SKY_STCS_UNSUPPORTED', `unit ${u?.text ?? '(missing)'} is not supported: only deg`, u);
      this.i += 2;
    }
    return out;
  }

  region(): Region | undefined {
    const t = this.toks[this.i];
    if (!t)
      return this.error(
        'SKY_STCS_SYNTAX',
        'expected a region (Position, Circle, Box, Polygon, Union, …), found the end of the text',
        t,
      );
    if (t.kind !== 'word') return this.error('SKY_STCS_SYNTAX', `expected a region name, found "${t.text}"`, t);
    const name = t.text.toLowerCase();
    this.i++;
    if (name === 'union' || name === 'intersection' || name === 'difference' || name === 'not') {
      if (!this.coordSpec()) return undefined;
      const open = this.toks[this.i];
      if (open?.kind !== '(') return this.error('SKY_STCS_SYNTAX', `${t.text} needs "(" before its regions`, open);
      this.i++;
      const regions: Region[] = [];
      while (this.toks[this.i] && this.toks[this.i].kind !== ')') {
        const r = this.region();
        if (!r) return undefined;
        regions.push(r);
      }
      if (this.toks[this.i]?.kind !== ')')
        return this.error('SKY_STCS_SYNTAX', `${t.text}: missing ")"`, this.toks[this.i]);
      this.i++;
      const want = name === 'not' ? '1' : name === 'difference' ? '2' : '2 or more';
      const ok =
        name === 'not' ? regions.length === 1 : name === 'difference' ? regions.length === 2 : regions.length >= 2;
      if (!ok) return this.error('SKY_STCS_SYNTAX', `${t.text} takes ${want} regions, got ${regions.length}`, t);
      if (name === 'not') return { type: 'not', region: regions[0] };
      if (name === 'difference') return { type: 'difference', regions: [regions[0], regions[1]] };
      return { type: name, regions };
    }
    if (name !== 'position' && name !== 'circle' && name !== 'box' && name !== 'polygon' && name !== 'point') {
      return this.error(
        'SKY_STCS_UNKNOWN_SHAPE',
        `unknown STC-S region "${t.text}" (expected Position, Circle, Box, Polygon, Union, Intersection, Difference or Not)`,
        t,
      );
    }
    if (!this.coordSpec()) return undefined;
    const n = this.numbers();
    const before = this.diagnostics.length;
    const lon = (v: number) => (v >= 0 && v < 360 ? v : ((v % 360) + 360) % 360);
    const checkLat = (v: number) => {
      if (v >= -90 && v <= 90) return true;
      this.error('SKY_BAD_LATITUDE', `${t.text}: latitude ${v} is outside [-90, 90]`, t);
      return false;
    };
    const count = (k: number, form: string) => {
      if (n.length === k) return true;
      this.error('SKY_WRONG_COUNT', `${t.text}: expected ${form} (${k} numbers), got ${n.length}`, t);
      return false;
    };
    switch (name) {
      case 'position':
      case 'point':
        if (!count(2, 'lon lat') || !checkLat(n[1])) return undefined;
        return { type: 'point', ra: lon(n[0]), dec: n[1] };
      case 'circle':
        if (!count(3, 'lon lat radius') || !checkLat(n[1]) || !checkRadius(n[2], 'Circle', this.diagnostics))
          return undefined;
        return { type: 'circle', ra: lon(n[0]), dec: n[1], radius: n[2] };
      case 'box':
        if (!count(4, 'lon lat width height') || !checkLat(n[1])) return undefined;
        if (!(n[2] > 0 && n[3] > 0 && n[2] < 180 && n[3] < 180)) {
          return this.error('SKY_BAD_BOX', `Box: width and height must be in (0, 180), got ${n[2]} and ${n[3]}`, t);
        }
        return { type: 'box', ra: lon(n[0]), dec: n[1], width: n[2], height: n[3] };
      default: {
        const flat = n.map((v, k) => (k % 2 === 0 ? lon(v) : v));
        const p = polygonFromNumbers(flat, 'Polygon', this.diagnostics);
        if (!p) {
          for (let k = before; k < this.diagnostics.length; k++) this.diagnostics[k].span ??= this.span(t);
        }
        return p;
      }
    }
  }
}

/** Parses an STC-S region. */
export function parseStcs(text: string): StcsResult {
  const diagnostics: SkyDiagnostic[] = [];
  const toks = tokenize(text);
  if (toks.length === 0) {
    diagnostics.push(diag('SKY_EMPTY', 'STC-S: the region text is empty'));
    return { frame: 'ICRS', diagnostics };
  }
  const p = new Parser(toks, text, diagnostics);
  const value = p.region();
  if (value && p.i < toks.length) {
    const t = toks[p.i];
    p.error('SKY_STCS_SYNTAX', `unexpected "${t.text}" after the end of the region`, t);
    return { frame: p.frame ?? 'ICRS', diagnostics };
  }
  return value && !diagnostics.some((d) => d.severity === 'error')
    ? { value, frame: p.frame ?? 'ICRS', diagnostics }
    : { frame: p.frame ?? 'ICRS', diagnostics };
}

const NAMES = { point: 'Position', circle: 'Circle', box: 'Box', polygon: 'Polygon' } as const;
const CNAMES = { union: 'Union', intersection: 'Intersection', difference: 'Difference', not: 'Not' } as const;

/** STC-S text of a region; the frame (default ICRS) is written on the outermost element only. */
export function formatStcs(region: Region, frame: string | null = 'ICRS'): string {
  const f = frame ? ` ${frame}` : '';
  const nums = (xs: number[]) => xs.map(formatNumber).join(' ');
  switch (region.type) {
    case 'point':
      return `${NAMES.point}${f} ${nums([region.ra, region.dec])}`;
    case 'circle':
      return `${NAMES.circle}${f} ${nums([region.ra, region.dec, region.radius])}`;
    case 'box':
      return `${NAMES.box}${f} ${nums([region.ra, region.dec, region.width, region.height])}`;
    case 'polygon':
      return `${NAMES.polygon}${f} ${nums(region.vertices.flatMap((v) => [v.ra, v.dec]))}`;
    case 'not':
      return `${CNAMES.not}${f} (${formatStcs(region.region, null)})`;
    default:
      return `${CNAMES[region.type]}${f} (${region.regions.map((r) => formatStcs(r, null)).join(' ')})`;
  }
}
