import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accessUrlColumns, rebaseAccessUrl } from './access-url.ts';

test('accessUrlColumns finds the ObsCore access_url column by its utype, whatever its name', () => {
  assert.deepEqual(
    accessUrlColumns([
      { name: 'obs_id', datatype: 'char', arraysize: '*', utype: 'obscore:DataID.observationID' },
      { name: 'u', datatype: 'char', arraysize: '*', utype: 'obscore:Access.Reference' },
      { name: 'access_url', datatype: 'char', arraysize: '*' },
      { name: 'link', datatype: 'char', arraysize: '*', utype: 'OBSCORE:ACCESS.REFERENCE' },
    ]),
    [1, 3],
  );
});

test('rebaseAccessUrl replaces what precedes /datalink/links? and leaves other values alone', () => {
  const stored = 'http://127.0.0.1:8080/datalink/links?ID=ivo%3A%2F%2Fx%2Fy%3Fz';
  assert.equal(
    rebaseAccessUrl(stored, 'http://127.0.0.1:41234'),
    'http://127.0.0.1:41234/datalink/links?ID=ivo%3A%2F%2Fx%2Fy%3Fz',
  );
  assert.equal(
    rebaseAccessUrl(stored, 'https://archive.example.org/obscura'),
    'https://archive.example.org/obscura/datalink/links?ID=ivo%3A%2F%2Fx%2Fy%3Fz',
  );
  assert.equal(
    rebaseAccessUrl('https://elsewhere.example/data/x.fits', 'http://h:1'),
    'https://elsewhere.example/data/x.fits',
  );
  assert.equal(rebaseAccessUrl(null, 'http://h:1'), null);
});
