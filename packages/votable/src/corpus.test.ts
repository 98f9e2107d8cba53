// The shared corpus (corpus/votable/PROVENANCE.md): astropy's regression and BINARY2 documents, VizieR and TAPLib
// results, pyvo's QUERY_STATUS fixtures, and the 93 VOTables votlint was run on; every one must read.
import assert from 'node:assert/strict';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { corpusPath } from '@obscura/testkit';
import { openVOTable, readVOTable } from './reader.ts';
import { writeVOTable } from './test-helpers.ts';

const votable = (...p: string[]) => corpusPath('votable', ...p);

interface VotlintRow {
  file: string;
  errors: number;
  warnings: number;
  fatal: string;
}

function votlintRows(): VotlintRow[] {
  const lines = readFileSync(votable('votlint_results_stilts-3.4.7.tsv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((l) => {
    const [file, errors, warnings, fatal] = l.split('\t');
    return { file, errors: Number(errors), warnings: Number(warnings), fatal: fatal ?? '' };
  });
}

describe('corpus: every VOTable votlint was run on', () => {
  const rows = votlintRows();
  it('lists 93 files, all present', () => {
    assert.equal(rows.length, 93);
    for (const r of rows) assert.ok(existsSync(corpusPath(r.file)), r.file);
  });

  it('reads all 93 without throwing; the 47 votlint-clean ones give no error diagnostic', async () => {
    let clean = 0;
    let tables = 0;
    for (const r of rows) {
      const doc = await readVOTable(createReadStream(corpusPath(r.file)));
      tables += doc.tables.length;
      if (r.errors === 0 && r.warnings === 0 && r.fatal === '') {
        clean++;
        const errors = doc.diagnostics.filter((d) => d.severity === 'error');
        assert.deepEqual(errors, [], r.file);
      }
    }
    assert.equal(clean, 47);
    assert.ok(tables >= 93, `${tables} tables`);
  });

  it('flags what votlint flags: nrows mismatches, missing FIELDs, unknown datatypes', async () => {
    // votlint: "Row count (0) not equal to nrows attribute (1)" on vollt/emptyset.vot.
    const empty = await readVOTable(readFileSync(votable('vollt', 'emptyset.vot')));
    assert.deepEqual(
      empty.diagnostics.map((d) => d.code),
      ['VOTABLE_NROWS_MISMATCH'],
    );
    // votlint: "There are no columns in this table!" on vollt/testdata_no-field.vot.
    const noField = await readVOTable(readFileSync(votable('vollt', 'testdata_no-field.vot')));
    assert.ok(noField.diagnostics.some((d) => d.code === 'VOTABLE_NO_FIELDS'));
    // votlint: "Unknown datatype 'bar'" on astropy/custom_datatype.xml.
    const custom = await readVOTable(readFileSync(votable('astropy', 'custom_datatype.xml')));
    assert.equal(custom.diagnostics[0].code, 'VOTABLE_UNKNOWN_DATATYPE');
    assert.match(custom.diagnostics[0].message, /"bar"/);
  });
});

describe('corpus: astropy regression.xml (every datatype)', () => {
  it('reads the main table: 29 FIELDs, 5 rows, then a TABLE ref with 1 row and an empty one', async () => {
    const doc = await readVOTable(readFileSync(votable('astropy', 'regression.xml')));
    assert.equal(doc.version, '1.1');
    assert.deepEqual(
      doc.tables.map((t) => [t.fields.length, doc.rows[t.index].length]),
      [
        [29, 5],
        [29, 1],
        [29, 0],
      ],
    );
    const [r0, r1] = doc.rows[0];
    const col = (name: string) => doc.tables[0].fields.findIndex((f) => f.name === name);
    assert.equal(r0[col('string test')], 'String & test');
    assert.equal(r0[col('unicode_test')], "Ceçi n'est pas un pipe");
    assert.equal(r1[col('unicode_test')], 'வணக்கம்');
    assert.equal(r0[col('long')], 922337203685477n);
    assert.equal(r1[col('long')], null); // VALUES null="-9223372036854775808"... the file's magic value
    assert.equal(r0[col('double')], 8.9990234375);
    assert.deepEqual(r0[col('bitarray')], [true, false, true, true, false, true]);
    assert.deepEqual(r1[col('array')], [42n, 32n, 12n, 32n]);
    assert.deepEqual(r1[col('doublearray')], [
      0,
      1,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.NaN,
      0,
      -1,
    ]);
    assert.deepEqual(r1[col('booleanArray')], [true, true, false, true]);
    assert.equal(r1[col('nulls')], null);
  });

  for (const ser of ['BINARY', 'BINARY2'] as const) {
    it(`survives TABLEDATA → ${ser} → read with the same rows (where ${ser} can carry them)`, async () => {
      const doc = await readVOTable(readFileSync(votable('astropy', 'regression.xml')));
      const fields = doc.tables[0].fields;
      // Columns BINARY cannot null (strings, bits, floats) are compared in BINARY2 only.
      const bytes = await writeVOTable(ser, fields, doc.rows[0]);
      const back = await readVOTable(bytes);
      assert.deepEqual(back.diagnostics, []);
      for (let c = 0; c < fields.length; c++) {
        for (let r = 0; r < doc.rows[0].length; r++) {
          const want = doc.rows[0][r][c];
          const got = back.rows[0][r][c];
          if (ser === 'BINARY' && want === null) continue;
          // BINARY's automatic magic null for unsignedByte is 255 (field.ts defaultIntegerNull): 255 reads as null.
          if (ser === 'BINARY' && fields[c].datatype === 'unsignedByte' && ((want as number) & 0xff) === 255) continue;
          if (fields[c].arraysize === '2x3x*' || fields[c].arraysize === '2x2*') {
            // whole rows of the fixed dimensions survive; fewer values are padded
            if (want === null) assert.equal(got, null);
            else {
              // "2x2*" bounds the cell to 4 values (§2.2), so the file's 8-value cell is cut to 4.
              const bounded = (want as unknown[]).slice(0, fields[c].arraysize === '2x2*' ? 4 : undefined);
              assert.deepStrictEqual(
                (got as unknown[]).slice(0, bounded.length),
                bounded,
                `${fields[c].name} row ${r}`,
              );
            }
            continue;
          }
          if (typeof want === 'number' && fields[c].datatype === 'float') assert.equal(got, Math.fround(want));
          else if (typeof want === 'number' && fields[c].datatype === 'unsignedByte') assert.equal(got, want & 0xff);
          else if (typeof want === 'number' && fields[c].datatype === 'short') assert.equal(got, (want << 16) >> 16);
          else if (fields[c].datatype === 'char' && fields[c].arraysize !== '*' && typeof want === 'string') {
            assert.equal(
              got,
              want.slice(0, Number.parseInt(fields[c].arraysize ?? '1', 10)),
              `${fields[c].name} row ${r}`,
            );
          } else if (fields[c].datatype === 'char' && typeof want === 'string') {
            // char is ASCII in BINARY (§6); "unicodeString" (not a datatype) was read as char.
            assert.equal(got, want.replace(/[^\x20-\x7e]/g, '?'), `${fields[c].name} row ${r}`);
          } else assert.deepStrictEqual(got, want, `${fields[c].name} row ${r}`);
        }
      }
    });
  }
});

describe('corpus: the same rows in TABLEDATA and BINARY (TAPLib testdata)', () => {
  it('reads identical rows from testdata.vot and testdata_binary.vot', async () => {
    const td = await readVOTable(readFileSync(votable('vollt', 'testdata.vot')));
    const bin = await readVOTable(readFileSync(votable('vollt', 'testdata_binary.vot')));
    assert.equal(td.tables[0].serialization, 'TABLEDATA');
    assert.equal(bin.tables[0].serialization, 'BINARY');
    assert.equal(td.rows[0].length, 100);
    assert.deepStrictEqual(bin.rows[0], td.rows[0]);
    assert.deepStrictEqual(td.rows[0][0].slice(0, 3), [5227706337957249025n, 315.196288862219, 35.8348069501976]);
  });
});

describe('corpus: BINARY2 and service results', () => {
  it('reads astropy binary2_masked_strings.xml with null strings and floats from the null flags', async () => {
    const doc = await readVOTable(readFileSync(votable('astropy', 'binary2_masked_strings.xml')));
    assert.equal(doc.tables[0].serialization, 'BINARY2');
    assert.equal(doc.rows[0].length, 3);
    assert.deepStrictEqual(doc.rows[0][0], [
      5966029325870896512n,
      257.32936063024,
      -41.37970462030461,
      null,
      'http://geadata.esac.esa.int/data-server/datalink/links?ID=5966029325870896512',
      null,
    ]);
  });

  it('reads a variable-length bounded char (128*) in BINARY2', async () => {
    const doc = await readVOTable(readFileSync(votable('astropy', 'binary2_variable_length_char.xml')));
    assert.deepStrictEqual(doc.rows[0], [['application/x-votable+xml;content=datalink']]);
  });

  it('reads the VizieR result: 20 rows (maxtup=20) and the last QUERY_STATUS is OVERFLOW after the table', async () => {
    const doc = await readVOTable(readFileSync(votable('astropy', 'vizier_b2_votable.xml')));
    assert.equal(doc.rows[0].length, 20);
    assert.equal(doc.tables[0].fields.length, 12);
    assert.equal(doc.queryStatus, 'OVERFLOW');
    const status = doc.infos.filter((i) => i.name === 'QUERY_STATUS');
    assert.equal(status.at(-1)?.afterTable, true);
    assert.deepStrictEqual(doc.rows[0][0].slice(0, 5), [
      'T',
      'G209.1-08.2 ',
      'PHR0615-0025 ',
      93.835,
      -0.4302777777777777,
    ]);
  });

  it('reads pyvo QUERY_STATUS fixtures: OVERFLOW after the table, ERROR with its message', async () => {
    const over = await readVOTable(readFileSync(corpusPath('pyvo/pyvo/dal/tests/data/query/overflowstatus.xml')));
    assert.equal(over.queryStatus, 'OVERFLOW');
    assert.deepStrictEqual(over.rows[0][1], [42n, "Don't panic, and always carry a towel"]);
    const err = await readVOTable(readFileSync(corpusPath('pyvo/pyvo/dal/tests/data/query/errorstatus.xml')));
    assert.equal(err.queryStatus, 'ERROR');
    assert.equal(err.queryStatusMessage, 'ERROR');
  });

  it('reads gzip input (too_many_columns.xml.gz) and reports FITS/Parquet data as unsupported', async () => {
    const gz = await readVOTable(readFileSync(votable('astropy', 'too_many_columns.xml.gz')));
    assert.equal(gz.tables[0].fields.length, 41);
    const pq = await openVOTable(readFileSync(votable('astropy', 'parquet_binary.xml')));
    await assert.rejects(async () => {
      for await (const _ of pq.rows());
    }, /PARQUET serialization/);
  });
});
