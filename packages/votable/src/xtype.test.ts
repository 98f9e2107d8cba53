import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArraysize } from './field.ts';
import { checkXtypeValue, daliField, formatShape, formatTimestamp, parseShape, parseTimestamp } from './xtype.ts';

describe('arraysize (VOTable 1.5 §2.2)', () => {
  it('parses scalars, fixed, bounded, variable and multi-dimensional sizes', () => {
    assert.equal(parseArraysize(undefined), undefined);
    assert.deepEqual(parseArraysize('10'), { dims: [10], variable: false, fixedCount: 10 });
    assert.deepEqual(parseArraysize('*'), { dims: [0], variable: true, fixedCount: 1 });
    assert.deepEqual(parseArraysize('128*'), { dims: [128], variable: true, maxLast: 128, fixedCount: 1 });
    assert.deepEqual(parseArraysize('2x3'), { dims: [2, 3], variable: false, fixedCount: 6 });
    assert.deepEqual(parseArraysize('2x3x*'), { dims: [2, 3, 0], variable: true, fixedCount: 6 });
    assert.throws(() => parseArraysize('*x2'), /bad arraysize/);
    assert.throws(() => parseArraysize('ten'), /bad arraysize/);
  });
});

describe('DALI xtypes (DALI 1.1 §3.3-3.7, 1.2 moc/shape)', () => {
  it('gives each xtype its VOTable datatype and arraysize', () => {
    assert.deepEqual(daliField('p', 'point', { unit: 'deg' }), {
      name: 'p',
      datatype: 'double',
      arraysize: '2',
      xtype: 'point',
      unit: 'deg',
    });
    assert.equal(daliField('c', 'circle').arraysize, '3');
    assert.equal(daliField('r', 'polygon').arraysize, '*');
    assert.equal(daliField('i', 'interval').arraysize, '2');
    assert.deepEqual(
      [daliField('t', 'timestamp').datatype, daliField('m', 'moc').datatype, daliField('s', 'shape').datatype],
      ['char', 'char', 'char'],
    );
  });

  it('formats and parses timestamps (UTC, no Z for astronomical times)', () => {
    assert.equal(formatTimestamp(Date.UTC(2024, 2, 4, 5, 6, 7, 890)), '2024-03-04T05:06:07.890');
    assert.equal(formatTimestamp(new Date(Date.UTC(2000, 0, 1)), true), '2000-01-01T00:00:00.000Z');
    assert.equal(parseTimestamp('2002-03-04').getTime(), Date.UTC(2002, 2, 4));
    assert.equal(parseTimestamp('2000-01-02T15:20:30.456').getTime(), Date.UTC(2000, 0, 2, 15, 20, 30, 456));
    assert.throws(() => parseTimestamp('04/03/2002'), /not a DALI timestamp/);
  });

  it('formats and parses shapes, and checks geometry values', () => {
    assert.equal(formatShape({ type: 'circle', lon: 12.3, lat: 45.6, radius: 0.5 }), 'circle 12.3 45.6 0.5');
    assert.deepEqual(parseShape('polygon 10 10 10.2 10 10.2 10.2'), {
      type: 'polygon',
      vertices: [10, 10, 10.2, 10, 10.2, 10.2],
    });
    assert.deepEqual(parseShape('range 10 11 20 21'), { type: 'range', lon1: 10, lon2: 11, lat1: 20, lat2: 21 });
    assert.throws(() => formatShape({ type: 'polygon', vertices: [1, 2, 3, 4] }), /≥ 3 vertices/);
    assert.throws(() => checkXtypeValue('point', [1, 2, 3]), /point takes 2/);
    assert.throws(() => checkXtypeValue('moc', 'hello'), /not an ASCII MOC/);
    checkXtypeValue('moc', '3/1-4 8 4/');
    checkXtypeValue('polygon', null);
  });
});
