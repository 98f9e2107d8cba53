import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { corpusPath } from '@obscura/testkit';
import { formatHipsList, formatProperties, hipsDate, parseProperties, property } from './properties.ts';

const DIR = corpusPath('hips', 'aladin-lite-examples-hips');

test('the 5 corpus properties files (HipsGen) parse and re-format to the same key/value pairs', () => {
  const surveys = readdirSync(DIR);
  assert.equal(surveys.length, 5);
  for (const s of surveys) {
    const props = parseProperties(readFileSync(`${DIR}/${s}/properties`, 'utf8'));
    assert.ok(props.length > 10, s);
    assert.equal(property(props, 'hips_tile_width'), '512');
    assert.match(property(props, 'creator_did') ?? '', /^ivo:\/\//);
    assert.deepEqual(parseProperties(formatProperties(props)), props);
  }
  const cfht = parseProperties(readFileSync(`${DIR}/CFHT/properties`, 'utf8'));
  assert.equal(property(cfht, 'hips_order'), '5');
  assert.equal(property(cfht, 'hips_version'), '1.4');
  assert.equal(property(cfht, 'hips_release_date'), '2022-10-19T15:00Z');
});

test('dates as HiPS writes them; a HiPS list is records separated by blank lines (§5.2)', () => {
  assert.equal(hipsDate(new Date('2025-10-01T14:07:59.9Z')), '2025-10-01T14:07Z');
  const list = formatHipsList(
    [
      [
        ['creator_did', 'ivo://a/P/1'],
        ['hips_status', 'public master clonableOnce'],
      ],
      [['creator_did', 'ivo://a/P/2']],
    ],
    'HiPS list',
  );
  assert.equal(
    list,
    '# HiPS list\ncreator_did          = ivo://a/P/1\nhips_status          = public master clonableOnce\n\ncreator_did          = ivo://a/P/2\n',
  );
  assert.throws(() => formatProperties([['bad key', 'x']]));
});
