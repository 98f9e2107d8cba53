export {
  type Card,
  type CardValue,
  type Complex,
  formatCard,
  formatValue,
  parseCard,
  parseFitsNumber,
} from './card.ts';
export { addSums, type ChecksumReport, encodeChecksum, onesComplementSum, verifyChecksum } from './checksum.ts';
export {
  type CutoutOutcome,
  type CutoutPlan,
  type CutoutProvenance,
  type CutoutRegion,
  type CutoutRequest,
  type CutoutStats,
  cutoutBytes,
  cutoutChunks,
  cutoutHeader,
  cutoutRuns,
  DescriptorSource,
  findImageHdu,
  type PixelBox,
  planCutout,
  regionBoundary,
  regionContains,
  regionPixelBox,
  STOKES_CODES,
} from './cutout.ts';
export { FITS_DIAGNOSTICS, type FitsDiagnostic, type FitsDiagnosticCode, FitsError } from './diagnostics.ts';
export { type FitsFile, openFits, readDataUnit, readFits, scanHdus } from './file.ts';
export { axes, describeHdu, type Hdu, type HduKind } from './hdu.ts';
export { BLOCK_SIZE, Header, padToBlock, parseHeader, parseHeaderText } from './header.ts';
export {
  type Bitpix,
  type ImageArray,
  type ImageData,
  type ImageReadOptions,
  type ImageSection,
  readImage,
  readImageSection,
  scalingOf,
  toPhysical,
} from './image.ts';
export { encodeMocFits, type MocFitsContent, type MocFitsOptions, readMocFits, writeMocFits } from './moc-fits.ts';
export { parseRecordValuedCard, type RecordValuedCard } from './record-valued.ts';
export { type ByteSource, FileSource, MemorySource } from './source.ts';
export { type CellValue, type Column, columnValues, readTable, type Table } from './table.ts';
export { encodeBinaryTable, type TableColumnInput } from './table-write.ts';
export { type AsciiFormat, type BinaryCode, type BinaryFormat, parseAsciiTform, parseBinaryTform } from './tform.ts';
export * from './wcs/index.ts';
export {
  encodeEmptyPrimary,
  encodeImageData,
  encodeImageHdu,
  FitsImageWriter,
  type ImageHduInput,
  imageHeader,
  storageOf,
  writeFits,
} from './write.ts';
