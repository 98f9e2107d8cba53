// Interoperability: our VOTables in each serialization (nulls, arrays, unicode, long, DALI xtypes, a trailing
// OVERFLOW) read by astropy (Debian python3-astropy 5.2, verify='exception') and checked by STILTS votlint.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pythonHas, runPython, withTempDir } from '@obscura/testkit';
import type { Field } from './field.ts';
import { writeVOTable } from './test-helpers.ts';
import { errorDocument } from './writer.ts';
import { daliField } from './xtype.ts';

const fields: Field[] = [
  {
    name: 'ra',
    datatype: 'double',
    unit: 'deg',
    ucd: 'pos.eq.ra;meta.main',
    description: 'Right ascension (ICRS)',
    ref: 'icrs',
  },
  { name: 'flux', datatype: 'float', unit: 'mJy', precision: '3', width: 10 },
  { name: 'n', datatype: 'int' },
  { name: 'id', datatype: 'long', ucd: 'meta.id' },
  { name: 'sh', datatype: 'short' },
  { name: 'ub', datatype: 'unsignedByte' },
  { name: 'ok', datatype: 'boolean' },
  { name: 'name', datatype: 'char', arraysize: '*' },
  { name: 'band', datatype: 'char', arraysize: '4' },
  { name: 'title', datatype: 'unicodeChar', arraysize: '*' },
  { name: 'spec', datatype: 'double', arraysize: '*' },
  { name: 'trip', datatype: 'int', arraysize: '3' },
  { name: 'vis', datatype: 'doubleComplex' },
  { name: 'mask', datatype: 'bit', arraysize: '5' },
  daliField('s_pos', 'point', { unit: 'deg' }),
  daliField('s_circle', 'circle', { unit: 'deg' }),
  daliField('s_region', 'polygon', { unit: 'deg', utype: 'obscore:Char.SpatialAxis.Coverage.Support.Area' }),
  daliField('t_obs', 'timestamp'),
  daliField('coverage', 'moc'),
];

const rows: unknown[][] = [
  [
    10.5,
    1.25,
    42,
    9007199254740993n,
    -7,
    200,
    true,
    'M82 <core> & "jet"',
    'L',
    'Ωmega – 日本 ✓',
    [1.5, 2.5, 3.5],
    [1, 2, 3],
    [0.5, -0.25],
    [true, false, true, false, true],
    [148.97, 69.68],
    [148.97, 69.68, 0.1],
    [10, 10, 10.2, 10, 10.2, 10.2],
    '2024-03-04T05:06:07.890',
    '3/1-4 8 4/',
  ],
  // nulls where every serialization can carry them (BINARY: integer magic values, NaN, '?')
  [
    Number.NaN,
    Number.NaN,
    null,
    null,
    null,
    null,
    null,
    'x',
    'S',
    'y',
    [],
    [4, 5, 6],
    [1, 2],
    [false, false, false, false, false],
    [0, 0],
    [0, 0, 1],
    [0, 0, 1, 0, 1, 1],
    '2001-02-03',
    '0/0-11',
  ],
  [
    -0.0,
    -3.5e10,
    -2147483647,
    -9223372036854775807n,
    32767,
    0,
    false,
    '',
    'UHF',
    '',
    [Number.POSITIVE_INFINITY],
    [-1, 0, 1],
    [0, 0],
    [true, true, true, true, true],
    [359.9, -89.9],
    [1, 2, 3],
    [1, 2, 3, 4, 5, 6],
    '1999-12-31T23:59:59',
    '1/0',
  ],
];

/** Python: parse with verify='exception', print warnings and each cell as JSON (masked → null, NaN → "NaN"). */
const ASTROPY = String.raw`
import json, re, sys, warnings, math
import numpy as np
from astropy.io.votable import parse
def cell(v, m):
    if np.ndim(m) == 0 and bool(m): return None
    if isinstance(v, np.ma.MaskedArray):
        return [cell(x, mm) for x, mm in zip(v.data.tolist(), np.ma.getmaskarray(v).tolist())]
    if isinstance(v, np.ndarray): return [cell(x, False) for x in v.tolist()]
    if isinstance(v, (bytes, np.bytes_)): return v.decode()
    if isinstance(v, (complex, np.complexfloating)): return [cell(float(v.real), False), cell(float(v.imag), False)]
    if isinstance(v, (np.floating, float)):
        f = float(v)
        return 'NaN' if math.isnan(f) else ('Inf' if f == math.inf else ('-Inf' if f == -math.inf else f))
    if isinstance(v, np.integer): return int(v)
    if isinstance(v, np.bool_): return bool(v)
    if isinstance(v, list): return [cell(x, False) for x in v]
    return v
out = {}
for path in sys.argv[1:]:
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        vot = parse(path, verify='exception')
    t = vot.get_first_table()
    a = t.array
    rows = [[cell(a[c][r], np.ma.getmaskarray(a[c])[r] if np.ndim(np.ma.getmaskarray(a[c])[r]) == 0 else False) for c in a.dtype.names] for r in range(len(a))]
    statuses = [i.value for i in vot.resources[0].infos if i.name == 'QUERY_STATUS']
    statuses += [i.value for i in getattr(vot.resources[0], 'infos', []) if False]
    out[path] = {
        'warnings': sorted(set((re.findall(r'\b([WE]\d\d)\b', str(x.message)) or [str(x.message)])[0] for x in w)),
        'codes': sorted(set(getattr(x.category, '__name__', '') for x in w)),
        'fields': [[f.name, f.datatype, f.arraysize, f.xtype, f.unit and str(f.unit)] for f in t.fields],
        'rows': rows,
        'statuses': statuses,
    }
print(json.dumps(out))
`;

/** What astropy gives for our values: NaN/Inf as strings, bigint as number, long beyond 2^53 exact. */
function py(v: unknown): unknown {
  if (v === null) return null;
  if (typeof v === 'number')
    return Number.isNaN(v)
      ? 'NaN'
      : v === Number.POSITIVE_INFINITY
        ? 'Inf'
        : v === Number.NEGATIVE_INFINITY
          ? '-Inf'
          : v;
  if (typeof v === 'bigint') return v;
  if (Array.isArray(v)) return v.map(py);
  return v;
}

const hasAstropy = pythonHas('astropy');
const hasStilts = spawnSync('stilts', ['-version'], { encoding: 'utf8' }).status === 0;

describe('astropy reads our VOTables', { skip: !hasAstropy && 'python3-astropy not installed' }, () => {
  it('TABLEDATA, BINARY and BINARY2: same values, nulls as masks, xtypes and metadata kept', async () => {
    await withTempDir(async (dir) => {
      const paths: string[] = [];
      for (const ser of ['TABLEDATA', 'BINARY', 'BINARY2'] as const) {
        const p = join(dir, `${ser}.xml`);
        writeFileSync(
          p,
          await writeVOTable(ser, fields, rows, { coosys: [{ ID: 'icrs', system: 'ICRS' }], end: { overflow: true } }),
        );
        paths.push(p);
      }
      // JSON.parse loses the exactness of 64-bit integers; compare them as text.
      const text = runPython(ASTROPY, paths).replace(/(-?\d{16,})/g, '"$1n"');
      const out = JSON.parse(text) as Record<
        string,
        { warnings: string[]; codes: string[]; fields: unknown[][]; rows: unknown[][]; statuses: string[] }
      >;
      for (const p of paths) {
        const r = out[p];
        // astropy 5.2 knows VOTable up to 1.4: W21 (version 1.5) and W41 (it expects no namespace for an unknown
        // version) are the only warnings allowed; verify='exception' turns any other problem into an exception.
        for (const w of r.warnings) assert.ok(/^W21|^W41/.test(w), `${p}: unexpected astropy warning ${w}`);
        assert.deepEqual(r.statuses, ['OK', 'OVERFLOW'], p);
        assert.deepEqual(
          r.fields.map((f) => f[0]),
          fields.map((f) => f.name),
        );
        assert.deepEqual(
          r.fields.map((f) => f[3]),
          fields.map((f) => f.xtype ?? null),
        );
        const norm = (v: unknown): unknown =>
          typeof v === 'string' && /^-?\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : Array.isArray(v) ? v.map(norm) : v;
        for (let row = 0; row < rows.length; row++) {
          for (let c = 0; c < fields.length; c++) {
            let want = py(rows[row][c]);
            const got = norm(r.rows[row][c]);
            if (fields[c].datatype === 'float' && typeof want === 'number') want = Math.fround(want);
            if (p.endsWith('TABLEDATA.xml') && want === '' && (got === null || got === '')) continue; // empty TD (§5.1)
            if (Array.isArray(want) && want.length === 0 && got === null) continue; // astropy: [] may be masked
            if (want === 'NaN' && got === null) continue; // astropy masks NaN floats
            assert.deepStrictEqual(got, want, `${p} row ${row} ${fields[c].name}`);
          }
        }
      }
    });
  });

  it('reads our error document as QUERY_STATUS=ERROR with the message', async () => {
    await withTempDir(async (dir) => {
      const p = join(dir, 'error.xml');
      writeFileSync(p, errorDocument('ADQL syntax error at line 1, column 8: unexpected "FORM" <here> & there'));
      const out = runPython(
        `
import sys, warnings
from astropy.io.votable import parse
warnings.simplefilter('ignore')
v = parse(sys.argv[1], verify='exception')
i = [x for x in v.resources[0].infos if x.name == 'QUERY_STATUS'][0]
print(i.value + '|' + i.content)`,
        [p],
      );
      assert.equal(out.trim(), 'ERROR|ADQL syntax error at line 1, column 8: unexpected "FORM" <here> & there');
    });
  });
});

describe('STILTS votlint accepts our VOTables', { skip: !hasStilts && 'stilts not installed' }, () => {
  it('reports no errors or warnings in any serialization (checked as VOTable 1.4, which STILTS 3.4.7 knows)', async () => {
    await withTempDir(async (dir) => {
      for (const ser of ['TABLEDATA', 'BINARY', 'BINARY2'] as const) {
        // votlint 3.4.7's own binary stream checker reads a variable-length xtype="polygon" cell as 4-byte items and
        // loses its place; STILTS's table reader reads it right (checked with tpipe below). So BINARY and BINARY2
        // are linted without that column.
        const cols = fields.map((_, i) => i).filter((i) => !(ser !== 'TABLEDATA' && fields[i].name === 's_region'));
        // A null fixed-size bit array can only be an empty TD, which votlint 3.4.7 counts as 0 of 5 elements.
        // votlint 3.4.7 also checks DALI polygons and calls an empty TD "Bad double string ''" (a null polygon can
        // only be empty in TABLEDATA, §5.1), so that cell is null in the binary serializations only.
        const nullRow = fields.map((f) =>
          f.name === 'mask'
            ? [false, false, false, false, false]
            : f.name === 's_region' && ser === 'TABLEDATA'
              ? [0, 0, 1, 0, 1, 1]
              : null,
        );
        const p = join(dir, `${ser}.xml`);
        const pick = (r: unknown[]) => cols.map((c) => r[c]);
        writeFileSync(
          p,
          await writeVOTable(ser, pick(fields) as Field[], [...rows, nullRow].map(pick), {
            coosys: [{ ID: 'icrs', system: 'ICRS' }],
            end: { overflow: true },
          }),
        );
        // version=1.4: STILTS 3.4.7 predates 1.5 and would only add "Unknown VOTable version: 1.5".
        const r = spawnSync('stilts', ['votlint', 'validate=false', 'version=1.4', `votable=${p}`], {
          encoding: 'utf8',
        });
        // STILTS 3.4.7 predates VOTable 1.5 and DALI 1.2: it warns about the version and the "moc" xtype only.
        const report = `${r.stdout}${r.stderr}`
          .split('\n')
          .filter((l) => l.trim() !== '' && !/Unknown VOTable version: 1\.5|Non-DALI xtype value "moc"/.test(l));
        assert.deepEqual(report, [], `${ser}: ${report.join('\n')}`);
        const r15 = spawnSync('stilts', ['votlint', 'validate=false', `votable=${p}`], { encoding: 'utf8' });
        const lines = `${r15.stdout}${r15.stderr}`.trim().split('\n');
        assert.deepEqual(
          lines.filter((l) => !/^INFO:/.test(l)).map((l) => l.replace(/ \(l\.\d+, c\.\d+\)/, '')),
          ['WARNING: Unknown VOTable version: 1.5', 'WARNING: Non-DALI xtype value "moc"'],
        );
      }
      // STILTS's reader gets the polygons of the BINARY stream right.
      const b = join(dir, 'binary-polygon.xml');
      writeFileSync(b, await writeVOTable('BINARY', fields, rows, { coosys: [{ ID: 'icrs', system: 'ICRS' }] }));
      const t = spawnSync('stilts', ['tpipe', `in=${b}`, 'ifmt=votable', 'ofmt=csv', 'cmd=keepcols "id s_region"'], {
        encoding: 'utf8',
      });
      assert.deepEqual(t.stdout.trim().split('\n'), [
        'id,s_region',
        '9007199254740993,"(10.0, 10.0, 10.2, 10.0, 10.2, 10.2)"',
        ',"(0.0, 0.0, 1.0, 0.0, 1.0, 1.0)"',
        '-9223372036854775807,"(1.0, 2.0, 3.0, 4.0, 5.0, 6.0)"',
      ]);
      const e = join(dir, 'error.xml');
      writeFileSync(e, errorDocument('bad query'));
      const r = spawnSync('stilts', ['votlint', 'validate=false', 'version=1.4', `votable=${e}`], { encoding: 'utf8' });
      assert.deepEqual(
        `${r.stdout}${r.stderr}`
          .trim()
          .split('\n')
          .filter((l) => !/Unknown VOTable version: 1\.5/.test(l)),
        [],
      );
    });
  });
});
