import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { withTempDir } from '@obscura/testkit';
import { type TarEntry, tarChunks, tarLength } from './tar.ts';

async function collect(entries: TarEntry[]): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of tarChunks(entries)) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

/** The fields of a ustar header block, and whether its checksum holds (POSIX pax "ustar Interchange Format"). */
function readHeader(block: Buffer) {
  const text = (a: number, n: number) => block.toString('utf8', a, a + n).replace(/\0.*$/s, '');
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : block[i];
  return {
    name: text(0, 100),
    prefix: text(345, 155),
    size: Number.parseInt(text(124, 12), 8),
    type: text(156, 1),
    magic: text(257, 6),
    checksumOk: Number.parseInt(text(148, 8), 8) === sum,
  };
}

describe('tar package', () => {
  it('has exactly the announced length, ustar headers with valid checksums, the files padded to 512', async () => {
    await withTempDir(async (dir) => {
      const a = join(dir, 'a.fits');
      const b = join(dir, 'b.fits');
      writeFileSync(a, Buffer.alloc(2880, 7));
      writeFileSync(b, Buffer.alloc(1000, 9));
      const longName = `VLASS1.2.T28t06.J095236+693000/${'x'.repeat(90)}.fits`; // > 100 bytes: prefix/name split
      const entries: TarEntry[] = [
        { name: 'obs/a.fits', path: a, size: 2880, mtimeMs: 1.7e12 },
        { name: longName, path: b, size: 1000, mtimeMs: 1.7e12 },
      ];
      const tar = await collect(entries);
      assert.equal(tar.length, tarLength(entries));
      assert.equal(tar.length, 512 + 3072 + 512 + 1024 + 1024);
      const h1 = readHeader(tar.subarray(0, 512));
      assert.deepEqual(h1, { name: 'obs/a.fits', prefix: '', size: 2880, type: '0', magic: 'ustar', checksumOk: true });
      assert.ok(tar.subarray(512, 512 + 2880).every((v) => v === 7));
      const h2 = readHeader(tar.subarray(512 + 3072, 512 + 3072 + 512));
      assert.equal(`${h2.prefix}/${h2.name}`, longName);
      assert.ok(h2.checksumOk);
      assert.ok(
        tar.subarray(tar.length - 1024).every((v) => v === 0),
        'two zero blocks end the archive',
      );
    });
  });

  it('gives a name that cannot be split a pax extended header (path=)', async () => {
    await withTempDir(async (dir) => {
      const f = join(dir, 'f');
      writeFileSync(f, 'hello');
      const name = `obs/${'y'.repeat(150)}.fits`;
      const entries: TarEntry[] = [{ name, path: f, size: 5, mtimeMs: 0 }];
      const tar = await collect(entries);
      assert.equal(tar.length, tarLength(entries));
      const pax = readHeader(tar.subarray(0, 512));
      assert.equal(pax.type, 'x');
      assert.ok(pax.checksumOk);
      const record = tar.toString('utf8', 512, 512 + pax.size);
      assert.equal(record, `${record.length} path=${name}\n`);
      assert.equal(readHeader(tar.subarray(1024, 1536)).size, 5);
    });
  });
});
