import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileValidators, MAX_RANGES, notModified, parseRange, rangeApplies } from './http-range.ts';

describe('parseRange (RFC 9110 §14.1.2)', () => {
  const size = 1000;
  it('reads the three single-range forms and clips to the file', () => {
    assert.deepEqual(parseRange('bytes=0-99', size), { kind: 'ranges', ranges: [{ start: 0, end: 99 }] });
    assert.deepEqual(parseRange('bytes=900-', size), { kind: 'ranges', ranges: [{ start: 900, end: 999 }] });
    assert.deepEqual(parseRange('bytes=-10', size), { kind: 'ranges', ranges: [{ start: 990, end: 999 }] });
    assert.deepEqual(parseRange('bytes=990-5000', size), { kind: 'ranges', ranges: [{ start: 990, end: 999 }] });
    assert.deepEqual(parseRange('bytes=-5000', size), { kind: 'ranges', ranges: [{ start: 0, end: 999 }] });
    assert.deepEqual(parseRange('Bytes = 5-5', size), { kind: 'ranges', ranges: [{ start: 5, end: 5 }] });
  });
  it('keeps several ranges in request order and drops unsatisfiable members', () => {
    assert.deepEqual(parseRange('bytes=10-19, 0-4 ,,2000-', size), {
      kind: 'ranges',
      ranges: [
        { start: 10, end: 19 },
        { start: 0, end: 4 },
      ],
    });
  });
  it('is unsatisfiable when no range overlaps the file (416)', () => {
    assert.deepEqual(parseRange('bytes=1000-', size), { kind: 'unsatisfiable' });
    assert.deepEqual(parseRange('bytes=5000-6000', size), { kind: 'unsatisfiable' });
    assert.deepEqual(parseRange('bytes=-0', size), { kind: 'unsatisfiable' });
    assert.deepEqual(parseRange('bytes=-5', 0), { kind: 'unsatisfiable' });
    assert.deepEqual(parseRange('bytes=0-', 0), { kind: 'unsatisfiable' });
  });
  it('ignores the header on syntax errors, other units and too many ranges (200)', () => {
    for (const h of [
      undefined,
      'bytes=',
      'bytes=a-b',
      'bytes=5-1',
      'items=0-1',
      'bytes 0-1',
      'bytes=1-2-3',
      'bytes=--1',
    ]) {
      assert.deepEqual(parseRange(h, size), { kind: 'none' }, String(h));
    }
    const many = `bytes=${Array.from({ length: MAX_RANGES + 1 }, (_, i) => `${i}-${i}`).join(',')}`;
    assert.deepEqual(parseRange(many, size), { kind: 'none' });
  });
});

describe('conditional requests (RFC 9110 §13)', () => {
  const v = fileValidators(0x186a0, 1_700_000_000_123.7);
  it('builds a strong ETag from size and mtime and a whole-second Last-Modified', () => {
    assert.equal(v.etag, `"186a0-${(1_700_000_000_123).toString(16)}"`);
    assert.equal(v.lastModified.getTime(), 1_700_000_000_000);
  });
  it('If-None-Match: weak comparison, lists and *', () => {
    assert.equal(notModified({ 'if-none-match': v.etag }, v), true);
    assert.equal(notModified({ 'if-none-match': `W/${v.etag}` }, v), true);
    assert.equal(notModified({ 'if-none-match': `"x", ${v.etag}` }, v), true);
    assert.equal(notModified({ 'if-none-match': '*' }, v), true);
    assert.equal(notModified({ 'if-none-match': '"other"' }, v), false);
  });
  it('If-Modified-Since only without If-None-Match', () => {
    const lm = v.lastModified.toUTCString();
    assert.equal(notModified({ 'if-modified-since': lm }, v), true);
    assert.equal(notModified({ 'if-modified-since': new Date(1_699_999_999_000).toUTCString() }, v), false);
    assert.equal(notModified({ 'if-modified-since': 'not a date' }, v), false);
    assert.equal(notModified({ 'if-none-match': '"other"', 'if-modified-since': lm }, v), false);
  });
  it('If-Range: strong ETag match or exact date, else the whole file', () => {
    assert.equal(rangeApplies(undefined, v), true);
    assert.equal(rangeApplies(v.etag, v), true);
    assert.equal(rangeApplies(`W/${v.etag}`, v), false);
    assert.equal(rangeApplies('"stale"', v), false);
    assert.equal(rangeApplies(v.lastModified.toUTCString(), v), true);
    assert.equal(rangeApplies(new Date(0).toUTCString(), v), false);
  });
});
