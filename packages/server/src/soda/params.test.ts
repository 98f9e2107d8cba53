import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DaliParams } from '../dali-params.ts';
import { HttpError } from '../errors.ts';
import { expandSodaJobParams, MAX_ASYNC_CUTOUTS, parseSodaParams } from './params.ts';

const ID = 'ivo://obscura.test/VLASS?obs/file.fits';

function parse(pairs: [string, string][]) {
  return parseSodaParams(new DaliParams(pairs));
}

function failure(pairs: [string, string][]): { code: string; status: number; message: string } {
  try {
    parse(pairs);
  } catch (e) {
    assert.ok(e instanceof HttpError);
    return { code: e.code, status: e.status, message: e.message };
  }
  assert.fail('expected an error');
}

describe('parseSodaParams (SODA 1.0 §3)', () => {
  it('reads CIRCLE, POLYGON and the three POS shapes, names case-insensitive (DALI 1.1 §3)', () => {
    assert.deepEqual(
      parse([
        ['id', ID],
        ['circle', '148.97 69.68 0.02'],
      ]).cutout.region,
      {
        type: 'circle',
        ra: 148.97,
        dec: 69.68,
        radius: 0.02,
      },
    );
    const poly = parse([
      ['ID', ID],
      ['POLYGON', '10 10 11 10 11 11'],
    ]).cutout.region;
    assert.equal(poly?.type, 'polygon');
    assert.deepEqual(
      parse([
        ['ID', ID],
        ['POS', 'CIRCLE 1 2 0.5'],
      ]).cutout.region,
      {
        type: 'circle',
        ra: 1,
        dec: 2,
        radius: 0.5,
      },
    );
    assert.deepEqual(
      parse([
        ['ID', ID],
        ['POS', 'RANGE 0 360 89 +Inf'],
      ]).cutout.region,
      {
        type: 'range',
        lon: [0, 360],
        lat: [89, Number.POSITIVE_INFINITY],
      },
    );
    assert.equal(
      parse([
        ['ID', ID],
        ['POS', 'polygon 1 1 2 1 2 2'],
      ]).cutout.region?.type,
      'polygon',
    );
  });

  it('reads BAND and TIME intervals with open limits, POL repeated as one filter, and describes the request', () => {
    const r = parse([
      ['ID', ID],
      ['BAND', '-Inf 0.2'],
      ['TIME', '58000.5 58001'],
      ['POL', 'I'],
      ['POL', 'V'],
    ]);
    assert.deepEqual(r.cutout.band, [Number.NEGATIVE_INFINITY, 0.2]);
    assert.deepEqual(r.time, [58000.5, 58001]);
    assert.deepEqual(r.cutout.pol, ['I', 'V']);
    assert.equal(r.description, 'BAND=-Inf 0.2 TIME=58000.5 58001 POL=I,V');
    assert.equal(r.id, ID);
  });

  it('treats empty values as absent (form submissions) and accepts RESPONSEFORMAT=application/fits', () => {
    const r = parse([
      ['ID', ID],
      ['CIRCLE', ''],
      ['RESPONSEFORMAT', 'application/fits'],
    ]);
    assert.equal(r.cutout.region, undefined);
  });

  it('collects every problem in one UsageError (400)', () => {
    const f = failure([
      ['CIRCLE', '1 2'],
      ['BAND', 'a b'],
      ['POL', 'W'],
      ['RESPONSEFORMAT', 'image/png'],
    ]);
    assert.equal(f.status, 400);
    assert.match(f.message, /^UsageError: ID is missing/);
    assert.match(f.message, /CIRCLE: circle: a circle is "ra dec radius" \(3 numbers\), got 2/);
    assert.match(f.message, /BAND="a b" must be two numbers/);
    assert.match(f.message, /POL W unknown/);
    assert.match(f.message, /RESPONSEFORMAT=image\/png is not offered/);
  });

  it('rejects bad ranges and shapes with what was wrong', () => {
    assert.match(
      failure([
        ['ID', ID],
        ['POS', 'RANGE 10 20 40 30'],
      ]).message,
      /RANGE lat1 is above lat2/,
    );
    assert.match(
      failure([
        ['ID', ID],
        ['POS', 'RANGE 10 400 0 1'],
      ]).message,
      /longitudes must be in \[0, 360\]/,
    );
    assert.match(
      failure([
        ['ID', ID],
        ['POS', 'BOX 1 2 3 4'],
      ]).message,
      /the shape must be CIRCLE, RANGE or POLYGON/,
    );
    assert.match(
      failure([
        ['ID', ID],
        ['TIME', '5 4'],
      ]).message,
      /TIME="5 4": the low limit is above/,
    );
    assert.match(
      failure([
        ['ID', ID],
        ['CIRCLE', '1 2 3'],
        ['POS', 'CIRCLE 1 2 3'],
      ]).message,
      /give one of CIRCLE/,
    );
  });

  it('answers MultiValuedParamNotSupported for repeated single-valued parameters (§3.1)', () => {
    const f = failure([
      ['ID', ID],
      ['ID', ID],
      ['CIRCLE', '1 2 3'],
      ['CIRCLE', '1 2 4'],
    ]);
    assert.equal(f.code, 'SODA_MULTIVALUED');
    assert.equal(f.status, 400);
    assert.match(f.message, /^MultiValuedParamNotSupported: ID given 2 times, CIRCLE given 2 times/);
  });
});

describe('expandSodaJobParams (SODA 1.0 §3.1 {async})', () => {
  const expand = (pairs: [string, string][]) => expandSodaJobParams(new DaliParams(pairs));

  it('makes one request per ID × region × BAND × TIME, IDs outermost, POL shared', () => {
    const out = expand([
      ['ID', 'a'],
      ['ID', 'b'],
      ['CIRCLE', '10 20 0.1'],
      ['POS', 'RANGE 1 2 3 4'],
      ['BAND', '0.1 0.2'],
      ['POL', 'I'],
      ['POL', 'Q'],
    ]);
    assert.deepEqual(
      out.map((r) => `${r.id} ${r.description}`),
      [
        'a CIRCLE=10 20 0.1 BAND=0.1 0.2 POL=I,Q',
        'a POS=RANGE 1 2 3 4 BAND=0.1 0.2 POL=I,Q',
        'b CIRCLE=10 20 0.1 BAND=0.1 0.2 POL=I,Q',
        'b POS=RANGE 1 2 3 4 BAND=0.1 0.2 POL=I,Q',
      ],
    );
    assert.deepEqual(out[1].cutout.region, { type: 'range', lon: [1, 2], lat: [3, 4] });
    assert.deepEqual(out[0].cutout.pol, ['I', 'Q']);
  });

  it('checks each combination as {sync} and reports every problem once; caps the number of cutouts', () => {
    assert.throws(
      () =>
        expand([
          ['CIRCLE', '1 2 3'],
          ['CIRCLE', '1 95 3'],
        ]),
      (e: unknown) =>
        e instanceof HttpError &&
        e.code === 'SODA_USAGE' &&
        /^UsageError: ID is missing.*; CIRCLE: circle: latitude 95/.test(e.message) &&
        e.message.split('ID is missing').length === 2,
    );
    const many: [string, string][] = [['ID', ID]];
    for (let i = 0; i <= MAX_ASYNC_CUTOUTS; i++) many.push(['CIRCLE', `1 ${i * 1e-3} 0.1`]);
    assert.throws(
      () => expand(many),
      (e: unknown) => e instanceof HttpError && /this job asks for 1001 cutouts/.test(e.message),
    );
  });
});
