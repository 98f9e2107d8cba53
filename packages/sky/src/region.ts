// Containment and overlap tests for any Region (the predicates behind ADQL CONTAINS / INTERSECTS and SIA POS).
import { angularDistance } from './distance.ts';
import {
  boxToPolygon,
  polygonContains,
  polygonIntersectsCircle,
  polygonsIntersect,
  preparePolygon,
  type SphericalPolygon,
} from './polygon.ts';
import type { Region, Shape } from './shapes.ts';

const prepared = new WeakMap<object, SphericalPolygon>();

/** The prepared polygon of a polygon or box shape (cached per shape object). */
export function polygonOf(shape: Shape): SphericalPolygon {
  let p = prepared.get(shape);
  if (!p) {
    p = preparePolygon(
      shape.type === 'box' ? boxToPolygon(shape) : shape.type === 'polygon' ? shape : { type: 'polygon', vertices: [] },
    );
    prepared.set(shape, p);
  }
  return p;
}

/** True when (ra, dec) in degrees lies in the region (a point region contains only itself, to 1e-12°). */
export function regionContains(region: Region, ra: number, dec: number): boolean {
  switch (region.type) {
    case 'point':
      return angularDistance(region.ra, region.dec, ra, dec) <= 1e-12;
    case 'circle':
      return angularDistance(region.ra, region.dec, ra, dec) <= region.radius;
    case 'polygon':
    case 'box':
      return polygonContains(polygonOf(region), ra, dec);
    case 'union':
      return region.regions.some((r) => regionContains(r, ra, dec));
    case 'intersection':
      return region.regions.every((r) => regionContains(r, ra, dec));
    case 'not':
      return !regionContains(region.region, ra, dec);
    case 'difference':
      return regionContains(region.regions[0], ra, dec) && !regionContains(region.regions[1], ra, dec);
  }
}

/**
 * True when two simple shapes share at least one point. Compound regions are supported when the answer is exact
 * (a union intersects X when any member does); for intersection/not/difference a RangeError says so.
 */
export function regionsIntersect(a: Region, b: Region): boolean {
  if (a.type === 'union') return a.regions.some((r) => regionsIntersect(r, b));
  if (b.type === 'union') return b.regions.some((r) => regionsIntersect(a, r));
  if (
    a.type === 'intersection' ||
    a.type === 'not' ||
    a.type === 'difference' ||
    b.type === 'intersection' ||
    b.type === 'not' ||
    b.type === 'difference'
  ) {
    throw new RangeError(`INTERSECTS of a ${a.type} and a ${b.type} region is not supported`);
  }
  return shapesIntersect(a as Shape, b as Shape);
}

function shapesIntersect(a: Shape, b: Shape): boolean {
  if (a.type === 'point') return regionContains(b, a.ra, a.dec);
  if (b.type === 'point') return regionContains(a, b.ra, b.dec);
  if (a.type === 'circle' && b.type === 'circle') {
    return angularDistance(a.ra, a.dec, b.ra, b.dec) <= a.radius + b.radius;
  }
  if (a.type === 'circle') return polygonIntersectsCircle(polygonOf(b), a.ra, a.dec, a.radius);
  if (b.type === 'circle') return polygonIntersectsCircle(polygonOf(a), b.ra, b.dec, b.radius);
  return polygonsIntersect(polygonOf(a), polygonOf(b));
}
