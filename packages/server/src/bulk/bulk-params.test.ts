// Bulk job parameters: the two input modes, SODA region syntax, SELECT/FREQ, FORMAT, and every problem at once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DaliParams } from '../dali-params.ts';
import { BulkUsageError, parseBulkParams } from './bulk-params.ts';

const p = (pairs: [string, string][]) => parseBulkParams(new DaliParams(pairs));

test('a source list with defaults: every image, tar, DPTYPE image', () => {
  const params = p([
    ['UPLOAD', 'sources,param:src'],
    ['RADIUS', '0.02'],
  ]);
  assert.deepEqual(params.sourceList, { name: 'sources', uri: 'param:src' });
  assert.equal(params.radius, 0.02);
  assert.equal(params.select, 'all');
  assert.equal(params.format, 'tar');
  assert.deepEqual(params.dataproductTypes, ['image']);
  assert.deepEqual(params.collections, []);
});

test('QUERY with a SODA region, SELECT=best at FREQ, zip, collections repeated or comma-separated', () => {
  const params = p([
    ['QUERY', 'SELECT obs_publisher_did FROM ivoa.obscore'],
    ['POS', 'CIRCLE 10 20 0.5'],
    ['SELECT', 'best'],
    ['FREQ', '1.4e9'],
    ['FORMAT', 'zip'],
    ['COLLECTION', 'VLASS,RACS'],
    ['COLLECTION', 'optical'],
  ]);
  assert.deepEqual(params.region, { type: 'circle', ra: 10, dec: 20, radius: 0.5 });
  assert.equal(params.select, 'best');
  assert.equal(params.freq, 1.4e9);
  assert.equal(params.format, 'zip');
  assert.deepEqual(params.collections, ['VLASS', 'RACS', 'optical']);
  assert.equal(params.sourceList, undefined);
});

test('every problem is reported together', () => {
  assert.throws(
    () =>
      p([
        ['SELECT', 'best'],
        ['FORMAT', 'rar'],
        ['RADIUS', '-1'],
        ['RESUME', '../x'],
      ]),
    (e: Error) =>
      e instanceof BulkUsageError &&
      /give QUERY/.test(e.message) &&
      /needs FREQ/.test(e.message) &&
      /FORMAT=rar/.test(e.message) &&
      /RADIUS=-1/.test(e.message) &&
      /RESUME=\.\.\/x/.test(e.message),
  );
  assert.throws(
    () =>
      p([
        ['QUERY', 'SELECT 1'],
        ['CIRCLE', '10 20'],
      ]),
    /CIRCLE/,
  );
  assert.throws(
    () =>
      p([
        ['UPLOAD', 'a,param:a'],
        ['UPLOAD', 'b,param:b'],
      ]),
    /one source list/,
  );
});
