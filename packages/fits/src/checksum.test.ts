import assert from 'node:assert/strict';
import { test } from 'node:test';
import { corpusPath } from '@obscura/testkit';
import { encodeChecksum, onesComplementSum, verifyChecksum } from './checksum.ts';
import { openFits } from './file.ts';

const at = (f: string) => corpusPath('fits-headers', 'astropy', f);

test('checksum.fits: DATASUM and CHECKSUM verify in both HDUs', async () => {
  const fits = await openFits(at('checksum.fits'));
  for (const hdu of fits.hdus) {
    const r = await verifyChecksum(fits, hdu);
    assert.equal(r.datasum, 'ok', `HDU ${hdu.index}`);
    assert.equal(r.checksum, 'ok', `HDU ${hdu.index}`);
  }
  assert.equal((await verifyChecksum(fits, fits.hdus[0])).computedDatasum, 3949456131);
  await fits.close();
});

test('checksum_false.fits: the bad sums are reported', async () => {
  const fits = await openFits(at('checksum_false.fits'));
  const reports = await Promise.all(fits.hdus.map((h) => verifyChecksum(fits, h)));
  // DATASUM of HDU 0 is 3949466131 (the data sums to 3949456131), and both CHECKSUMs fail (as astropy reports).
  assert.deepEqual(
    reports.map((r) => [r.datasum, r.checksum]),
    [
      ['bad', 'bad'],
      ['bad', 'bad'],
    ],
  );
  assert.equal(reports[0].computedDatasum, 3949456131);
  assert.ok(reports[0].diagnostics.every((d) => d.severity === 'warning'));
  await fits.close();
});

test('encodeChecksum reproduces the CHECKSUM of checksum.fits from its bytes', async () => {
  const fits = await openFits(at('checksum.fits'));
  const hdu = fits.hdus[0];
  const header = new Uint8Array(await fits.source.read(hdu.headerOffset, hdu.dataOffset - hdu.headerOffset));
  const text = new TextDecoder('latin1').decode(header);
  const at0 = text.indexOf("CHECKSUM= '") + 11;
  assert.equal(text.slice(at0, at0 + 16), 'MPAGOM8DMMADMM5D');
  header.set(new TextEncoder().encode('0'.repeat(16)), at0);
  const data = await fits.source.read(hdu.dataOffset, hdu.nextOffset - hdu.dataOffset);
  assert.equal(encodeChecksum(onesComplementSum(data, onesComplementSum(header))), 'MPAGOM8DMMADMM5D');
  await fits.close();
});

test('encodeChecksum: the example of Appendix J (sum 0 encodes as "0000000000000000" complement)', () => {
  // An all-ones sum complements to 0, whose encoding is all '0' characters.
  assert.equal(encodeChecksum(0xffffffff), '0000000000000000');
  // Encoded strings hold only 0-9, A-Z, a-z (no punctuation)
  for (const s of [1, 0x12345678, 0xdeadbeef]) assert.match(encodeChecksum(s), /^[0-9A-Za-z]{16}$/);
});
