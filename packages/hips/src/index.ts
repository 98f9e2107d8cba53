// @obscura/hips: HiPS 1.0 image surveys from FITS images (tiles, lower orders, Allsky, properties, MOC).
export { ALLSKY_ORDER, ALLSKY_TILE_WIDTH, allskyCell, allskyGeometry } from './allsky.ts';
export {
  buildHips,
  type HipsBuildOptions,
  type HipsBuildResult,
  type HipsProgress,
  SOFTENING_KEY,
  STRETCH_KEY,
  stretchOfProperties,
  TILE_WIDTH,
} from './build.ts';
export { encodeCoverageFits, skyFraction, tileCoverage } from './coverage.ts';
export { CUT_QUANTILES, type Cuts } from './cuts.ts';
export { HIPS_DIAGNOSTICS, type HipsDiagnostic, type HipsDiagnosticCode, HipsError } from './diagnostics.ts';
export { encodeTileFits, readTileFits } from './fits-tile.ts';
export { allskyPath, type HipsPath, parseHipsPath, type TileFormat, tileDirNumber, tilePath } from './layout.ts';
export { MANIFEST_FILE } from './manifest.ts';
export { hipsPixelSize, MIN_HIPS_ORDER, orderForPixelScale } from './order.ts';
export { encodeGreyAlphaPng, encodeTilePng } from './png-tile.ts';
export {
  formatHipsList,
  formatProperties,
  HIPS_LIST_MANDATORY,
  hipsDate,
  MANDATORY_PROPERTIES,
  type Properties,
  parseProperties,
  property,
  setProperty,
} from './properties.ts';
export { GRID, TileResampler, TOLERANCE } from './resample.ts';
export { sampleBilinear } from './sample.ts';
export { describeImage, type SourceImage } from './source-image.ts';
export { sampleImagePixels } from './source-sample.ts';
export { asinhStretchOf, STRETCHES, type Stretch, type StretchFunction, stretchGrey, stretchTable } from './stretch.ts';
export { cellTilePixel, tilePixelCell, tilePixelPosition, tileSkyPositions } from './tile-geometry.ts';
