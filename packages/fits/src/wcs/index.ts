// FITS-WCS (Papers I–III): pixel ↔ world for celestial projections and spectral axes. 0-based pixel coordinates.
export { normalizeLongitude } from './angles.ts';
export { findAllWcs, WCS_ALTERNATES } from './find-all-wcs.ts';
export { type HeaderLike, headerFromRecord } from './header-like.ts';
export { type Projection, SUPPORTED_PROJECTIONS } from './projections/index.ts';
export { convertSpectral, SPEED_OF_LIGHT, SpectralAxis, type SpectralType } from './spectral.ts';
export {
  type AxisKind,
  type CelestialFrame,
  type CelestialSystem,
  Wcs,
  type WcsAxis,
  type WcsParameters,
} from './wcs.ts';
export { WCS_DIAGNOSTICS, type WcsDiagnostic, type WcsDiagnosticCode, WcsError } from './wcs-diagnostics.ts';
export type { ProjectionParameter, WcsDescription } from './wcs-keywords.ts';
