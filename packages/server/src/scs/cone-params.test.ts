// SCS 1.03 §2 request parsing: required RA/DEC/SR, ranges, SR=0, VERB default and levels, MAXREC, case-insensitive
// names (DALI 1.1 §3.1), every problem reported at once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DaliParams } from '../dali-params.ts';
import { HttpError } from '../errors.ts';
import { parseConeRequest } from './cone-params.ts';

const limits = { maxSR: 180, maxRecords: 1000 };
const parse = (q: string) => parseConeRequest(new DaliParams(new URLSearchParams(q)), limits);
const failure = (q: string): HttpError => {
  try {
    parse(q);
  } catch (e) {
    assert.ok(e instanceof HttpError);
    assert.equal(e.code, 'SCS_BAD_PARAMETER');
    assert.equal(e.status, 400);
    return e;
  }
  assert.fail(`${q} was accepted`);
};

test('RA, DEC, SR in decimal degrees, names in any case; VERB defaults to 2 and MAXREC to MaxRecords', () => {
  assert.deepEqual(parse('RA=180.567&DEC=-30.45&SR=0.0125'), {
    ra: 180.567,
    dec: -30.45,
    sr: 0.0125,
    verb: 2,
    limit: 1000,
  });
  assert.deepEqual(parse('ra=1&Dec=2&sR=3&verb=3&MaxRec=10'), { ra: 1, dec: 2, sr: 3, verb: 3, limit: 10 });
  assert.equal(parse('RA=0&DEC=90&SR=0').sr, 0, 'SR=0 is a metadata query, not an error (SCS 1.03 §2)');
  assert.equal(parse('RA=360&DEC=-90&SR=180').ra, 360);
  assert.equal(parse('RA=1&DEC=2&SR=1e-3').sr, 0.001);
});

test('VERB outside 1..3 is clamped; MAXREC is capped at MaxRecords', () => {
  assert.equal(parse('RA=1&DEC=2&SR=3&VERB=0').verb, 1);
  assert.equal(parse('RA=1&DEC=2&SR=3&VERB=9').verb, 3);
  assert.equal(parse('RA=1&DEC=2&SR=3&MAXREC=5000').limit, 1000);
  assert.equal(parse('RA=1&DEC=2&SR=3&MAXREC=0').limit, 0);
});

test('missing, unparsable and out-of-range values are errors, all reported at once', () => {
  const e = failure('RA=as3f&DEC=91');
  assert.match(e.message, /RA="as3f" is not a decimal number/);
  assert.match(e.message, /DEC=91 is out of range/);
  assert.match(e.message, /missing parameter SR/);
  assert.match(failure('RA=1&DEC=2&SR=-1').message, /SR=-1 is out of range/);
  assert.match(failure('RA=-0.5&DEC=2&SR=1').message, /RA=-0.5 is out of range/);
  assert.match(failure('RA=1&DEC=2&SR=181').message, /maximum search radius of 180/);
  assert.match(failure('RA=1&DEC=2&SR=NaN').message, /SR="NaN" is not a decimal number/);
  assert.match(failure('RA=0x10&DEC=2&SR=1').message, /RA="0x10"/);
  assert.match(failure('RA=1&RA=2&DEC=2&SR=1').message, /RA given 2 times/);
  assert.match(failure('RA=1&DEC=2&SR=1&VERB=two').message, /VERB="two" is not an integer/);
  assert.match(failure('RA=1&DEC=2&SR=1&MAXREC=-3').message, /MAXREC="-3"/);
  assert.match(failure('RA=&DEC=2&SR=1').message, /missing parameter RA/);
});
