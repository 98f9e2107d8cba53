export { bestDepth, fromUniq, fromZuniq, uniq, zuniq } from './best-depth.ts';
export {
  ang2pixBig,
  ang2pixManyBig,
  cornersBig,
  nest2ringBig,
  nest2xyfBig,
  pix2angBig,
  ring2nestBig,
  verticesBig,
  xyf2nestBig,
} from './big.ts';
export {
  checkOrder,
  MAX_ORDER,
  MAX_ORDER_NUMBER,
  maxPixrad,
  nside2npix,
  nside2pixarea,
  nside2resol,
  nsideToOrder,
  orderToNside,
} from './constants.ts';
export { coveringIndexRanges, type IndexRangesOptions } from './index-ranges.ts';
export { neighbours, neighboursBig, neighboursRing, xyfNeighbours } from './neighbours.ts';
export {
  ang2pix,
  ang2pixMany,
  ang2xyf,
  checkPosition,
  corners,
  nest2xyf,
  pix2ang,
  pix2angMany,
  vertices,
  xyf2ang,
  xyf2nest,
  xyfCorners,
  xyfVertices,
} from './nested.ts';
export { type DiscOptions, queryDisc } from './query-disc.ts';
export { type PolygonQueryOptions, queryPolygon } from './query-polygon.ts';
export {
  RangeListBuilder,
  rangesContain,
  rangesCount,
  rangesFromPixels,
  rangesToOrder,
  rangesToPixels,
  rangesUnion,
} from './ranges.ts';
export { nest2ring, ring2nest, ring2xyf, xyf2ring } from './ring.ts';
