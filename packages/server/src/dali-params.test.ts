import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DaliParams, urlencodedPairs } from './dali-params.ts';
import { HttpError } from './errors.ts';

describe('DaliParams (DALI 1.1 §3)', () => {
  const p = new DaliParams(urlencodedPairs('pos=CIRCLE+10+20+1&POS=RANGE%200%201%202%203&MaxRec=10&lang=ADQL&empty='));
  it('matches names case-insensitively and keeps values as given', () => {
    assert.equal(p.get('maxrec'), '10');
    assert.equal(p.get('LANG'), 'ADQL');
    assert.equal(p.has('Empty'), true);
    assert.equal(p.get('missing'), undefined);
    assert.deepEqual(p.names(), ['POS', 'MAXREC', 'LANG', 'EMPTY']);
  });
  it('keeps repeated parameters in order', () => {
    assert.deepEqual(p.getAll('Pos'), ['CIRCLE 10 20 1', 'RANGE 0 1 2 3']);
  });
  it('rejects a repeated single-valued parameter and a missing required one with 400', () => {
    assert.throws(
      () => p.get('pos'),
      (e) => e instanceof HttpError && e.status === 400 && /POS given 2 times/.test(e.message),
    );
    assert.throws(
      () => p.require('empty'),
      (e) => e instanceof HttpError && e.status === 400 && /missing parameter EMPTY/.test(e.message),
    );
    assert.equal(p.require('lang'), 'ADQL');
  });
});
