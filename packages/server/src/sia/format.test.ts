// SIA 2.0 §2.1.17 FORMAT (format.ts): media types compared as RFC 2045 says, FITS under both of its names, and the
// ADQL condition (access_format, or the #this file's content type) checked by the ADQL parser.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse as parseAdql } from '@obscura/adql';
import { FILES_UPLOAD_NAME, formatCondition, normalizeMediaType, productTypes } from './format.ts';

describe('SIA FORMAT', () => {
  it('compares media types case-insensitively, ignoring blanks around ; and =', () => {
    assert.equal(
      normalizeMediaType(' Application/X-VOTable+XML ; content = DataLink '),
      'application/x-votable+xml;content=datalink',
    );
    assert.equal(normalizeMediaType('IMAGE/FITS'), 'image/fits');
  });

  it('FITS answers to application/fits and image/fits; other types only to themselves', () => {
    assert.deepEqual(productTypes('image/fits'), ['application/fits', 'image/fits']);
    assert.deepEqual(productTypes('Application/FITS'), ['application/fits', 'image/fits']);
    assert.deepEqual(productTypes('application/x-tar'), ['application/x-tar']);
  });

  it('is one ADQL condition over access_format and the #this file, values OR-ed; none without values', () => {
    assert.equal(formatCondition([]), null);
    const c = formatCondition(['image/fits', 'application/x-votable+xml;content=datalink']) as string;
    assert.equal(
      c,
      "(LOWER(o.access_format) IN ('image/fits', 'application/x-votable+xml;content=datalink') OR " +
        `o.obs_publisher_did IN (SELECT f.obs_publisher_did FROM TAP_UPLOAD.${FILES_UPLOAD_NAME} AS f ` +
        "WHERE f.semantics = '#this' AND LOWER(f.content_type) IN ('application/fits', 'image/fits', " +
        "'application/x-votable+xml;content=datalink')))",
    );
    const parsed = parseAdql(`SELECT o.obs_id FROM ivoa.obscore AS o WHERE ${c}`);
    assert.deepEqual(
      parsed.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    // A quote in a value stays inside its literal.
    assert.match(formatCondition(["x/y'z"]) as string, /'x\/y''z'/);
  });
});
