// A least-recently-used cache of loaded image planes, bounded in bytes: what keeps a worker's memory bounded while
// it resamples tiles in an order that reuses the same images (tiles are dispatched grouped by image).
import { type LoadedImage, loadImage, type SourceImage } from './source-image.ts';

export class ImageCache {
  private readonly entries = new Map<string, { image: Promise<LoadedImage>; bytes: number }>();
  private bytes = 0;
  loads = 0;

  constructor(readonly maxBytes: number) {}

  /** The loaded image (from the cache or read now); evicts the least recently used ones beyond maxBytes. */
  async get(image: SourceImage): Promise<LoadedImage> {
    const key = image.path;
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.image;
    }
    const bytes = image.axes[0] * image.axes[1] * 4;
    const entry = { image: loadImage(image), bytes };
    this.loads++;
    this.entries.set(key, entry);
    this.bytes += bytes;
    // Evict the oldest entries, always keeping the one just requested.
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes || k === key) break;
      this.entries.delete(k);
      this.bytes -= e.bytes;
    }
    try {
      return await entry.image;
    } catch (e) {
      this.entries.delete(key);
      this.bytes -= bytes;
      throw e;
    }
  }

  get size(): number {
    return this.bytes;
  }
}
