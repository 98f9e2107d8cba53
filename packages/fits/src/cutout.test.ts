import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { preparePolygon } from '@obscura/sky';
import { corpusPath, withTempDir } from '@obscura/testkit';
import {
  type CutoutRegion,
  cutoutBytes,
  cutoutHeader,
  DescriptorSource,
  findImageHdu,
  type PixelBox,
  planCutout,
  regionContains,
  regionPixelBox,
} from './cutout.ts';
import { openFits, scanHdus } from './file.ts';
import { Header, parseHeaderText } from './header.ts';
import { readImage, readImageSection } from './image.ts';
import { type ByteSource, FileSource } from './source.ts';
import { Wcs } from './wcs/wcs.ts';
import { encodeImageHdu } from './write.ts';

/** A TAN image header (1-based CRPIX at the centre), optionally with degenerate FREQ/STOKES axes like VLASS. */
function tanHeader(w: number, h: number, ra: number, dec: number, scale: number, extraAxes = 0): Header {
  const hd = new Header();
  hd.set('SIMPLE', true)
    .set('BITPIX', -32)
    .set('NAXIS', 2 + extraAxes)
    .set('NAXIS1', w)
    .set('NAXIS2', h);
  if (extraAxes >= 1) hd.set('NAXIS3', 1);
  if (extraAxes >= 2) hd.set('NAXIS4', 1);
  hd.set('CTYPE1', 'RA---TAN')
    .set('CRVAL1', ra)
    .set('CDELT1', -scale)
    .set('CRPIX1', (w + 1) / 2);
  hd.set('CTYPE2', 'DEC--TAN')
    .set('CRVAL2', dec)
    .set('CDELT2', scale)
    .set('CRPIX2', (h + 1) / 2);
  if (extraAxes >= 1) hd.set('CTYPE3', 'FREQ').set('CRVAL3', 3e9).set('CDELT3', 2e9).set('CRPIX3', 1);
  if (extraAxes >= 2) hd.set('CTYPE4', 'STOKES').set('CRVAL4', 1).set('CDELT4', 1).set('CRPIX4', 1);
  hd.set('RADESYS', 'ICRS');
  return hd;
}

/** Bounding box of the pixels whose centres lie in the region, by testing every pixel (the reference answer). */
function bruteForceBox(wcs: Wcs, region: CutoutRegion, w: number, h: number): PixelBox | null {
  let box: PixelBox | null = null;
  const o = new Float64Array(2);
  const prepared = region.type === 'polygon' ? preparePolygon(region.vertices) : null;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      wcs.pixelToWorldInto(x, y, o);
      if (!regionContains(region, prepared, o[0], o[1])) continue;
      if (!box) box = { x0: x, x1: x, y0: y, y1: y };
      box.x0 = Math.min(box.x0, x);
      box.x1 = Math.max(box.x1, x);
      box.y0 = Math.min(box.y0, y);
      box.y1 = Math.max(box.y1, y);
    }
  }
  return box;
}

/** The box covers every pixel centre in the region and is at most one pixel larger on each side. */
function assertTight(box: PixelBox | null, ref: PixelBox | null, what: string): void {
  assert.ok(ref, `${what}: the reference finds pixels`);
  assert.ok(box, `${what}: a box is found`);
  assert.ok(box.x0 <= ref.x0 && box.x1 >= ref.x1 && box.y0 <= ref.y0 && box.y1 >= ref.y1, `${what}: covers`);
  assert.ok(ref.x0 - box.x0 <= 1 && box.x1 - ref.x1 <= 1, `${what}: tight in x ${JSON.stringify({ box, ref })}`);
  assert.ok(ref.y0 - box.y0 <= 1 && box.y1 - ref.y1 <= 1, `${what}: tight in y ${JSON.stringify({ box, ref })}`);
}

describe('regionPixelBox', () => {
  it('a circle inside the image gives the pixels of the circle', () => {
    const hd = tanHeader(120, 100, 150, 2, 1 / 3600);
    const wcs = Wcs.fromHeader(hd);
    const region: CutoutRegion = { type: 'circle', ra: 150.001, dec: 2.002, radius: 20 / 3600 };
    const box = regionPixelBox(wcs, region, 120, 100);
    assertTight(box, bruteForceBox(wcs, region, 120, 100), 'circle');
    assert.ok(box && box.x1 - box.x0 + 1 >= 40 && box.x1 - box.x0 + 1 <= 42);
  });

  it('handles RA = 0 wrap on a real VLASS Quick Look header (SIN, CRVAL1 0.618°)', () => {
    const text = readFileSync(
      corpusPath(
        'vlass',
        'vlass2caom2',
        'VLASS1.1.ql.T01t01.J000228-363000.10.2048.v1.I.iter1.image.pbcor.tt0.subim.fits.header',
      ),
      'latin1',
    );
    const { header } = parseHeaderText(text);
    const wcs = Wcs.fromHeader(header);
    // A circle straddling RA = 0 (the image reaches RA 359.98°), on the image.
    const region: CutoutRegion = { type: 'circle', ra: 0, dec: -36.5, radius: 0.01 };
    const box = regionPixelBox(wcs, region, 3722, 3722);
    assert.ok(box);
    const [cx, cy] = wcs.worldToPixel(0, -36.5);
    const r = 0.01 * 3600; // pixels of 1"
    assert.ok(Math.abs(box.x0 - (cx - r)) <= 1.5 && Math.abs(box.x1 - (cx + r)) <= 1.5, JSON.stringify({ box, cx }));
    assert.ok(Math.abs(box.y0 - (cy - r)) <= 1.5 && Math.abs(box.y1 - (cy + r)) <= 1.5, JSON.stringify({ box, cy }));
    // The same circle given with the centre at RA 0 exactly, and as a RANGE that wraps (359.99 .. 0.01).
    const wrapRange: CutoutRegion = { type: 'range', lon: [359.99, 0.01], lat: [-36.51, -36.49] };
    const rb = regionPixelBox(wcs, wrapRange, 3722, 3722);
    assert.ok(rb);
    const [x0] = wcs.worldToPixel(0.01, -36.5);
    const [x1] = wcs.worldToPixel(359.99, -36.5);
    assert.ok(Math.abs(rb.x0 - x0) <= 1.5 && Math.abs(rb.x1 - x1) <= 1.5, JSON.stringify({ rb, x0, x1 }));
  });

  it('regions crossing RA = 0 on a TAN image match the per-pixel reference', () => {
    const hd = tanHeader(100, 80, 0, 10, 2 / 3600);
    const wcs = Wcs.fromHeader(hd);
    const regions: CutoutRegion[] = [
      { type: 'circle', ra: 359.99, dec: 10.0, radius: 0.02 },
      {
        type: 'polygon',
        vertices: [
          { ra: 359.98, dec: 9.99 },
          { ra: 0.01, dec: 9.995 },
          { ra: 0.005, dec: 10.02 },
        ],
      },
      { type: 'range', lon: [359.985, 0.015], lat: [9.99, 10.01] },
    ];
    for (const region of regions) {
      assertTight(regionPixelBox(wcs, region, 100, 80), bruteForceBox(wcs, region, 100, 80), region.type);
    }
  });

  it('near the pole: a circle around the pole and a polygon across it', () => {
    const hd = tanHeader(90, 90, 0, 89.98, 2 / 3600);
    const wcs = Wcs.fromHeader(hd);
    const around: CutoutRegion = { type: 'circle', ra: 123, dec: 90, radius: 0.015 };
    assertTight(regionPixelBox(wcs, around, 90, 90), bruteForceBox(wcs, around, 90, 90), 'pole circle');
    const across: CutoutRegion = {
      type: 'polygon',
      vertices: [
        { ra: 0, dec: 89.99 },
        { ra: 120, dec: 89.99 },
        { ra: 240, dec: 89.99 },
      ],
    };
    assertTight(regionPixelBox(wcs, across, 90, 90), bruteForceBox(wcs, across, 90, 90), 'pole polygon');
    const cap: CutoutRegion = { type: 'range', lon: [0, 360], lat: [89.99, 90] };
    assertTight(regionPixelBox(wcs, cap, 90, 90), bruteForceBox(wcs, cap, 90, 90), 'pole range');
  });

  it('partially off the image: the box is clipped to the image', () => {
    const hd = tanHeader(120, 100, 150, 2, 1 / 3600);
    const wcs = Wcs.fromHeader(hd);
    const [cx, cy] = wcs.pixelToWorld(0, 0); // the corner pixel
    const region: CutoutRegion = { type: 'circle', ra: cx, dec: cy, radius: 10 / 3600 };
    const box = regionPixelBox(wcs, region, 120, 100);
    assert.deepEqual(box, { x0: 0, x1: 10, y0: 0, y1: 10 });
    assertTight(box, bruteForceBox(wcs, region, 120, 100), 'corner');
  });

  it('a region holding the whole image gives the whole image', () => {
    const hd = tanHeader(120, 100, 150, 2, 1 / 3600);
    const wcs = Wcs.fromHeader(hd);
    assert.deepEqual(regionPixelBox(wcs, { type: 'circle', ra: 150, dec: 2, radius: 30 }, 120, 100), {
      x0: 0,
      x1: 119,
      y0: 0,
      y1: 99,
    });
    // Bigger than a hemisphere: its boundary is behind the TAN image's horizon and cannot be projected at all.
    assert.deepEqual(regionPixelBox(wcs, { type: 'circle', ra: 160, dec: 2, radius: 120 }, 120, 100), {
      x0: 0,
      x1: 119,
      y0: 0,
      y1: 99,
    });
  });

  it('no overlap: far away, on the far side of the sky, and near a corner whose bounding box touches the image', () => {
    const hd = tanHeader(120, 100, 150, 2, 1 / 3600);
    const wcs = Wcs.fromHeader(hd);
    assert.equal(regionPixelBox(wcs, { type: 'circle', ra: 151, dec: 2, radius: 0.01 }, 120, 100), null);
    assert.equal(regionPixelBox(wcs, { type: 'circle', ra: 330, dec: -2, radius: 1 }, 120, 100), null);
    // A circle just off the corner (0, 0): its bounding box overlaps the corner, the circle itself does not.
    const [ra, dec] = wcs.pixelToWorld(-8, -8);
    assert.equal(regionPixelBox(wcs, { type: 'circle', ra, dec, radius: 10 / 3600 }, 120, 100), null);
  });
});

describe('cutoutHeader', () => {
  it('shifts CRPIX of the primary and alternate WCS, sets NAXISn, drops CHECKSUM/DATASUM, adds provenance', () => {
    const parent = tanHeader(300, 200, 150, 2, 1 / 3600, 2);
    parent.set('XTENSION', 'IMAGE'); // ignored: the cutout is a primary HDU
    parent.set('CTYPE1A', 'RA---TAN').set('CRPIX1A', 10).set('CRPIX2A', 20).set('CTYPE2A', 'DEC--TAN');
    parent.set('CHECKSUM', 'abc').set('DATASUM', '1').set('BUNIT', 'Jy/beam');
    const h = cutoutHeader(parent, [100, 50, 0, 0], [150, 80, 1, 1], { id: 'ivo://x/y?z', request: 'CIRCLE 1 2 3' });
    assert.equal(h.cards[0].keyword, 'SIMPLE');
    assert.equal(h.has('XTENSION'), false);
    assert.deepEqual(
      [1, 2, 3, 4].map((i) => h.getNumber(`NAXIS${i}`)),
      [50, 30, 1, 1],
    );
    assert.equal(h.getNumber('CRPIX1'), 150.5 - 100);
    assert.equal(h.getNumber('CRPIX2'), 100.5 - 50);
    assert.equal(h.getNumber('CRPIX3'), 1);
    assert.equal(h.getNumber('CRPIX1A'), 10 - 100);
    assert.equal(h.getNumber('CRPIX2A'), 20 - 50);
    assert.equal(h.has('CHECKSUM') || h.has('DATASUM'), false);
    assert.equal(h.getString('BUNIT'), 'Jy/beam');
    assert.equal(h.getString('SODA_ID'), 'ivo://x/y?z');
    assert.ok(h.commentary('HISTORY').some((l) => l.includes('parent pixels [101:150,51:80,1:1,1:1]')));
    // A sky position falls on the same pixel, shifted by the box start.
    const a = Wcs.fromHeader(parent).worldToPixel(150.003, 2.001);
    const b = Wcs.fromHeader(h).worldToPixel(150.003, 2.001);
    assert.ok(Math.abs(a[0] - 100 - b[0]) < 1e-9 && Math.abs(a[1] - 50 - b[1]) < 1e-9);
  });
});

/** A ByteSource that counts what is read through it. */
class CountingSource implements ByteSource {
  bytes = 0;
  reads = 0;
  constructor(private readonly inner: ByteSource) {}
  get size(): number {
    return this.inner.size;
  }
  async read(offset: number, length: number): Promise<Uint8Array> {
    const b = await this.inner.read(offset, length);
    this.bytes += b.length;
    this.reads++;
    return b;
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

describe('planCutout + cutoutBytes', () => {
  it('reads only the box (bytes read = cutout data bytes) and writes the parent values with a valid header', async () => {
    await withTempDir(async (dir) => {
      const w = 300;
      const h = 200;
      const header = tanHeader(w, h, 150, 2, 1 / 3600, 2);
      const data = new Float32Array(w * h);
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = x + 1000 * y;
      const path = join(dir, 'image.fits');
      writeFileSync(path, encodeImageHdu(header, data, { axes: [w, h, 1, 1] }));

      const counting = new CountingSource(await FileSource.open(path));
      const { hdus } = await scanHdus(counting);
      const hdu = findImageHdu(hdus);
      assert.ok(hdu);
      counting.bytes = 0;
      counting.reads = 0;
      const wcs = Wcs.fromHeader(hdu.header);
      const outcome = planCutout(
        hdu,
        wcs,
        { region: { type: 'circle', ra: 150.002, dec: 2.001, radius: 15 / 3600 }, band: [0.05, 0.2] },
        { id: 'ivo://test/x?y' },
      );
      assert.ok(outcome.overlap);
      const plan = outcome.plan;
      const stats = { bytesRead: 0, reads: 0 };
      const bytes = await cutoutBytes(counting, plan, stats);
      await counting.close();
      assert.equal(counting.bytes, plan.dataBytes, 'bytes read through the file handle');
      assert.equal(stats.bytesRead, plan.dataBytes, 'bytes counted by cutoutChunks');
      assert.equal(counting.reads, plan.end[1] - plan.start[1], 'one read per row');
      assert.equal(bytes.length % 2880, 0);

      // The descriptor fast path (all runs read straight into the chunk) gives the same bytes and reads as little.
      const fast = await DescriptorSource.open(path);
      const fastStats = { bytesRead: 0, reads: 0 };
      const fastBytes = await cutoutBytes(fast, plan, fastStats);
      await fast.close();
      assert.deepEqual(fastBytes, bytes);
      assert.deepEqual(fastStats, stats);

      const cut = await openFits(bytes);
      assert.equal(cut.diagnostics.filter((d) => d.severity === 'error').length, 0);
      const img = await readImage(cut, cut.hdus[0]);
      const parent = await openFits(path);
      const ref = await readImageSection(parent, parent.hdus[0], { start: plan.start, end: plan.end });
      await parent.close();
      assert.deepEqual(img.axes, ref.axes);
      assert.deepEqual(Array.from(img.data as Float32Array), Array.from(ref.data as Float32Array));
      assert.equal((img.data as Float32Array)[0], plan.start[0] + 1000 * plan.start[1]);
    });
  });

  it('streams a whole large image in bounded reads (runs merge only up to the chunk size)', async () => {
    await withTempDir(async (dir) => {
      const w = 600;
      const h = 600;
      const data = new Float32Array(w * h).map((_, i) => i);
      const path = join(dir, 'big.fits');
      writeFileSync(path, encodeImageHdu(tanHeader(w, h, 10, 10, 1 / 3600), data));
      const counting = new CountingSource(await FileSource.open(path));
      const { hdus } = await scanHdus(counting);
      const hdu = hdus[0];
      let largest = 0;
      const inner = counting.read.bind(counting);
      counting.read = async (o: number, n: number) => {
        largest = Math.max(largest, n);
        return inner(o, n);
      };
      counting.bytes = 0;
      const outcome = planCutout(hdu, Wcs.fromHeader(hdu.header), {});
      assert.ok(outcome.overlap);
      const bytes = await cutoutBytes(counting, outcome.plan);
      await counting.close();
      assert.equal(counting.bytes, w * h * 4, 'the whole data unit, once');
      assert.equal(largest, w * 4, 'one row per read: merging all 600 rows would be 1.4 MB');
      const out = await openFits(bytes);
      const img = await readImage(out, out.hdus[0]);
      assert.deepEqual(Array.from(img.data as Float32Array).slice(-3), [w * h - 3, w * h - 2, w * h - 1]);
    });
  });

  it('BAND selects channels of a spectral cube; POL selects Stokes planes; no overlap is reported', async () => {
    const hd = tanHeader(40, 30, 150, 2, 1 / 3600, 2);
    hd.set('NAXIS3', 8).set('CRVAL3', 1e9).set('CDELT3', 1e8).set('CRPIX3', 1); // 1.0 .. 1.7 GHz channels
    hd.set('NAXIS4', 4).set('CRVAL4', 1).set('CDELT4', 1).set('CRPIX4', 1); // I Q U V
    const hdus = (
      await scanHdus({
        size: 2880 * 3,
        read: async (o, n) => hd.toBytes().slice(o, o + n),
        close: async () => {},
      } as ByteSource)
    ).hdus;
    const hdu = hdus[0];
    const wcs = Wcs.fromHeader(hdu.header);
    const c = 299792458;
    // 1.251-1.449 GHz: the channels centred on 1.3 (1.25-1.35) and 1.4 (1.35-1.45) GHz overlap it, 1.2 and 1.5 not.
    const r = planCutout(hdu, wcs, { band: [c / 1.449e9, c / 1.251e9], pol: ['Q', 'U'] });
    assert.ok(r.overlap);
    assert.deepEqual(r.plan.start, [0, 0, 3, 1]);
    assert.deepEqual(r.plan.end, [40, 30, 5, 3]);
    assert.equal(r.plan.header.getNumber('CRPIX3'), 1 - 3);
    assert.equal(r.plan.header.getNumber('CRPIX4'), 1 - 1);
    const none = planCutout(hdu, wcs, { band: [1, 2] });
    assert.equal(none.overlap, false);
    const nopol = planCutout(hdu, wcs, { pol: ['RR'] });
    assert.equal(nopol.overlap, false);
  });
});
