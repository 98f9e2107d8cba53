import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VotableError } from './diagnostics.ts';
import { createTableWriter, resolveFormat } from './formats.ts';

describe('RESPONSEFORMAT (DALI 1.1 §4.2.3, VOTable 1.5 §8)', () => {
  it('resolves short names and MIME types to a writer and Content-Type', () => {
    const cases: [string | undefined, string, string | undefined, string][] = [
      [undefined, 'votable', 'BINARY2', 'application/x-votable+xml;serialization=BINARY2'],
      ['votable', 'votable', 'BINARY2', 'application/x-votable+xml;serialization=BINARY2'],
      ['votable/td', 'votable', 'TABLEDATA', 'application/x-votable+xml;serialization=TABLEDATA'],
      ['votable/b2', 'votable', 'BINARY2', 'application/x-votable+xml;serialization=BINARY2'],
      ['application/x-votable+xml', 'votable', 'BINARY2', 'application/x-votable+xml;serialization=BINARY2'],
      [
        'application/x-votable+xml;serialization=TABLEDATA',
        'votable',
        'TABLEDATA',
        'application/x-votable+xml;serialization=TABLEDATA',
      ],
      [
        'application/x-votable+xml; serialization=binary',
        'votable',
        'BINARY',
        'application/x-votable+xml; serialization=binary',
      ],
      [
        'application/x-votable+xml;serialization=BINARY2',
        'votable',
        'BINARY2',
        'application/x-votable+xml;serialization=BINARY2',
      ],
      ['text/xml', 'votable', 'TABLEDATA', 'text/xml'],
      ['csv', 'csv', undefined, 'text/csv;header=present'],
      ['text/csv', 'csv', undefined, 'text/csv'],
      ['tsv', 'tsv', undefined, 'text/tab-separated-values'],
      ['text/tab-separated-values', 'tsv', undefined, 'text/tab-separated-values'],
      ['json', 'json', undefined, 'application/json'],
      ['application/json', 'json', undefined, 'application/json'],
      ['fits', 'fits', undefined, 'application/fits'],
      ['application/fits', 'fits', undefined, 'application/fits'],
    ];
    for (const [input, kind, ser, ct] of cases) {
      const f = resolveFormat(input);
      assert.deepEqual([f.kind, f.serialization, f.contentType], [kind, ser, ct], String(input));
    }
    assert.equal(resolveFormat('text/csv;header=absent').header, false);
  });

  it('rejects unknown formats with the list of accepted names', () => {
    for (const bad of ['parquet', 'application/x-votable+xml;serialization=FITS', 'text/html']) {
      assert.throws(
        () => resolveFormat(bad),
        (e: unknown) =>
          e instanceof VotableError &&
          e.code === 'VOTABLE_UNKNOWN_FORMAT' &&
          /accepted: votable, votable\/td/.test(e.message),
      );
    }
  });

  it('creates the writer for each streamable format; FITS is left to @obscura/fits', () => {
    const sink = () => {};
    assert.equal(
      createTableWriter(resolveFormat('votable/td'), sink).contentType,
      'application/x-votable+xml;serialization=TABLEDATA',
    );
    assert.equal(createTableWriter(resolveFormat('csv'), sink).contentType, 'text/csv;header=present');
    assert.equal(createTableWriter(resolveFormat('json'), sink).contentType, 'application/json');
    assert.throws(() => createTableWriter(resolveFormat('fits'), sink), /encodeBinaryTable/);
  });
});
