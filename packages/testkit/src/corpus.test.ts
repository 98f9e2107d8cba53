import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { corpusPath, readCorpusJsonl } from './corpus.ts';

test('the shared corpus is found beside the clone and its JSON-lines files parse', () => {
  assert.ok(existsSync(corpusPath('INDEX.md')));
  const rows = readCorpusJsonl<{ order: number }>('healpix', 'computed-reference', 'ang2pix.jsonl');
  assert.equal(rows.length, 400);
  assert.equal(typeof rows[0].order, 'number');
});
