// Typed sky regions, in degrees (ICRS unless a frame says otherwise). Point, circle and polygon are the DALI 1.1
// §3.3 geometries; box and the compound forms come from STC-S (as used by ObsCore s_region and ADQL).

export interface Vertex {
  ra: number;
  dec: number;
}

export interface PointShape {
  type: 'point';
  ra: number;
  dec: number;
}

export interface CircleShape {
  type: 'circle';
  ra: number;
  dec: number;
  /** Radius in degrees, (0, 180]. */
  radius: number;
}

/** Great-circle edges between consecutive vertices (and last → first); the region is the smaller of the two. */
export interface PolygonShape {
  type: 'polygon';
  vertices: Vertex[];
}

/** STC-S Box: centre and full side lengths in degrees (sides are great circles whose midpoints are width/2 and
 * height/2 from the centre along the RA and Dec directions). */
export interface BoxShape {
  type: 'box';
  ra: number;
  dec: number;
  width: number;
  height: number;
}

export type Shape = PointShape | CircleShape | PolygonShape | BoxShape;

export interface CompoundRegion {
  type: 'union' | 'intersection';
  regions: Region[];
}
export interface NotRegion {
  type: 'not';
  region: Region;
}
export interface DifferenceRegion {
  type: 'difference';
  regions: [Region, Region];
}

export type Region = Shape | CompoundRegion | NotRegion | DifferenceRegion;

export function point(ra: number, dec: number): PointShape {
  return { type: 'point', ra, dec };
}

export function circle(ra: number, dec: number, radius: number): CircleShape {
  return { type: 'circle', ra, dec, radius };
}

/** Polygon from flat [ra1, dec1, ra2, dec2, …] values. */
export function polygon(flat: ArrayLike<number>): PolygonShape {
  const vertices: Vertex[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) vertices.push({ ra: flat[i], dec: flat[i + 1] });
  return { type: 'polygon', vertices };
}
