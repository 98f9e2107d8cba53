import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mocToAscii, parseMocAscii } from './ascii.ts';
import { cellCount } from './dimension.ts';
import { frequencyMocContains, frequencyMocFromRanges, frequencyToIndex, indexToFrequency } from './frequency.ts';
import { mocToJson, parseMocJson } from './json.ts';
import { Moc } from './moc.ts';
import {
  areaSquareDegrees,
  SPHERE_SQUARE_DEGREES,
  skyFraction,
  spaceMocContains,
  spaceMocFromCone,
  spaceMocFromPositions,
} from './space.ts';
import { parseStMocAscii, stMocToAscii } from './stmoc.ts';
import { jdToTimeIndex, timeIndexToJd, timeMocContains, timeMocFromJdRanges, timeMocToJdRanges } from './time.ts';
import { decodeUniqNumber, mocToUniqs, spaceMocFromUniqs } from './uniq.ts';

const ascii = (text: string) => parseMocAscii(text).moc as Moc;

test('the MOC 2.0 §4.3.2 example reads and prints back canonically', () => {
  const r = parseMocAscii('1/1 2 4 2/12-14 21 23 25 8/');
  assert.deepEqual(r.diagnostics, []);
  const m = r.moc as Moc;
  assert.equal(m.depth, 8);
  assert.equal(mocToAscii(m), '1/1-2 4 2/12-14 21 23 25 8/ ');
  // 3 order-1 cells and 6 order-2 cells: 3·4 + 6 = 18 order-2 cells out of 192.
  assert.equal(m.coverageFraction(), 18 / 192);
});

test('well-formed output merges siblings into their parent (§7.1)', () => {
  assert.equal(mocToAscii(ascii('2/4 5 6 7')), '1/1 2/ ');
  assert.equal(mocToAscii(ascii('0/11 1/0-3')), '0/0 11 1/ ');
});

test('union, intersection, difference, complement on small MOCs', () => {
  const a = ascii('1/0-5 2/');
  const b = ascii('1/4-9');
  assert.equal(mocToAscii(a.union(b)), '0/0-1 1/8-9 2/ ');
  assert.equal(mocToAscii(a.intersection(b)), '1/4-5 2/ ');
  assert.equal(mocToAscii(a.difference(b)), '0/0 2/ ');
  assert.equal(mocToAscii(ascii('0/0-10').complement()), '0/11 ');
  assert.ok(a.union(a.complement()).equals(Moc.full('space', 2)));
  assert.ok(a.intersection(a.complement()).isEmpty());
  assert.throws(() => a.union(Moc.empty('time', 3)), TypeError);
});

test('degrade covers: every partly covered parent becomes covered', () => {
  const m = ascii('3/1 200');
  assert.equal(mocToAscii(m.degrade(1)), '1/0 12 ');
  assert.equal(mocToAscii(m.degrade(0)), '0/0 3 ');
  assert.throws(() => m.degrade(4), RangeError);
});

test('the bigint representation (depth > 24) gives the same results as the float64 one', () => {
  const a = ascii('3/1-40 100 7/5000-6000');
  const b = ascii('2/3-9 6/999');
  const deepA = a.toDepth(27);
  const deepB = b.toDepth(29);
  assert.equal(deepA.isBig, true);
  const ops: Array<[Moc, Moc]> = [
    [a.union(b), deepA.union(deepB)],
    [a.intersection(b), deepA.intersection(deepB)],
    [a.difference(b), deepA.difference(deepB)],
    [a.complement(), deepA.complement()],
  ];
  for (const [small, big] of ops) {
    assert.equal(big.depth, big === ops[3][1] ? 27 : 29);
    assert.deepEqual(big.cells(), small.toDepth(big.depth).cells());
    assert.ok(big.degrade(7).equals(small.toDepth(7)));
  }
  // 6/999 lies inside 2/3 (999 >> 6 = 3).
  assert.equal(mocToAscii(deepB), '1/1 2/3 8-9 29/ ');
});

test('NUNIQ encoding (§4.3.1) round-trips, including order 29', () => {
  assert.deepEqual(decodeUniqNumber(4 * 4 ** 3 + 17), { order: 3, index: 17 });
  const m = ascii('0/3 1/1 5/1000 29/123456789012345 29/');
  const u = mocToUniqs(m);
  assert.equal(u[0], 4n + 3n);
  assert.ok(spaceMocFromUniqs(u, 29).equals(m));
  assert.ok(spaceMocFromUniqs(Array.from(u).reverse()).equals(m));
});

test('JSON (Appendix D) round-trip, exact for 62-bit time indices', () => {
  const m = ascii('t61/4611686018427387903 60/1');
  assert.equal(m.dim, 'time');
  const j = mocToJson(m, { wrap: true });
  assert.equal(j, '{"t":{"60":[1],"61":[4611686018427387903]}}');
  assert.ok((parseMocJson(j).moc as Moc).equals(m));
  assert.deepEqual(
    parseMocJson('{"1":[1,2,4],"2":[12,13,14,21,23,25],"8":[]}').moc?.cells(),
    ascii('1/1 2 4 2/12-14 21 23 25 8/').cells(),
  );
});

test('parsers report problems with codes and keep going', () => {
  const r = parseMocAscii('1/1 x 2/9999 3/5 40/');
  assert.deepEqual(
    r.diagnostics.map((d) => d.code),
    ['MOC_ASCII_SYNTAX', 'MOC_BAD_INDEX', 'MOC_BAD_ORDER'],
  );
  assert.equal(mocToAscii(r.moc as Moc), '1/1 3/5 ');
  assert.equal(parseMocJson('[1,2').diagnostics[0].code, 'MOC_JSON_SYNTAX');
});

test('cone, positions, containment and area', () => {
  const cone = spaceMocFromCone(10, 83.63, 22.01, 1);
  assert.ok(spaceMocContains(cone, 83.63, 22.01));
  assert.ok(spaceMocContains(cone, 83.63, 22.9));
  assert.ok(!spaceMocContains(cone, 83.63, 23.5));
  // An inclusive cone is a little larger than the π r² cap (≈ 3.1416 deg²) and the exact one close to it.
  assert.ok(areaSquareDegrees(cone) > 3.14 && areaSquareDegrees(cone) < 3.6);
  const exact = spaceMocFromCone(10, 83.63, 22.01, 1, { inclusive: false });
  assert.ok(Math.abs(areaSquareDegrees(exact) - 3.1413) < 0.05);
  assert.equal(Moc.full('space', 3).coverageFraction(), 1);
  assert.equal(areaSquareDegrees(Moc.full('space', 0)), SPHERE_SQUARE_DEGREES);
  const pos = spaceMocFromPositions(5, [10, 10.001, 180], [10, 10, -89]);
  assert.equal(pos.cellsAtDepth(), 2);
  assert.equal(skyFraction(pos), 2 / cellCount('space', 5));
  // Dense input takes the bitmap path, sparse the sort path: both give the same MOC.
  const lons = Array.from({ length: 5000 }, (_, i) => (i * 7.3) % 360);
  const lats = Array.from({ length: 5000 }, (_, i) => ((i * 3.1) % 180) - 90);
  assert.ok(spaceMocFromPositions(3, lons, lats).equals(spaceMocFromPositions(12, lons, lats).degrade(3)));
});

test('time MOC: µs since JD 0 at depth 61 (§4.2.1), ranges and containment', () => {
  assert.equal(jdToTimeIndex(1), 86_400_000_000n);
  assert.equal(jdToTimeIndex(2451545.5), 2451545n * 86_400_000_000n + 43_200_000_000n);
  assert.equal(timeIndexToJd(jdToTimeIndex(2460000.25)), 2460000.25);
  const t = timeMocFromJdRanges(40, [
    [2460000, 2460001],
    [2460010, 2460010.5],
  ]);
  assert.ok(timeMocContains(t, 2460000.5));
  assert.ok(!timeMocContains(t, 2460005));
  const back = timeMocToJdRanges(t);
  assert.equal(back.length, 2);
  // Depth 40 cells last 2^21 µs ≈ 2.1 s: the ranges grow outwards by less than that.
  assert.ok(back[0][0] <= 2460000 && back[0][0] > 2460000 - 2.1 / 86400);
  assert.equal(mocToAscii(ascii('t61/0 60/1')), '60/1 61/0 ');
});

test('frequency MOC: the F-MOC float64-bits index (cds-moc-rust qty.rs)', () => {
  // 1 Hz = 2^0: biased exponent 1023 → 1023 − 929 = 94 in the top 8 of 60 bits, mantissa 0.
  assert.equal(frequencyToIndex(1), 94n << 52n);
  assert.equal(frequencyToIndex(1.5), (94n << 52n) | (1n << 51n));
  assert.equal(indexToFrequency(frequencyToIndex(1.4e9)), 1.4e9);
  assert.ok(frequencyToIndex(1e9) < frequencyToIndex(1.0000001e9));
  assert.throws(() => frequencyToIndex(0), RangeError);
  const f = frequencyMocFromRanges(30, [[1e9, 2e9]]);
  assert.ok(frequencyMocContains(f, 1.5e9));
  assert.ok(!frequencyMocContains(f, 2.1e9));
  assert.equal(mocToAscii(f, { prefix: true }).startsWith('f'), true);
});

test('STMOC ASCII (§5.1): the Recommendation example reads and round-trips', () => {
  const r = parseStMocAscii('t61/1 s29/0-2 t61/3 s28/0 t60/2 61/6 s29/2 5');
  assert.deepEqual(r.diagnostics, []);
  const st = r.stmoc;
  assert.ok(st);
  assert.equal(st.entries.length, 3);
  assert.equal(st.timeDepth, 61);
  assert.equal(st.spaceDepth, 29);
  assert.equal(mocToAscii(st.entries[2].time), '60/2 61/6 ');
  const again = parseStMocAscii(stMocToAscii(st)).stmoc;
  assert.ok(again?.equals(st));
  assert.ok(st.spaceAt(timeIndexToJd(3n)).equals(ascii('28/0 29/')));
  assert.ok(st.spaceAt(timeIndexToJd(2n)).isEmpty());
});
