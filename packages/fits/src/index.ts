export {
  type Card,
  type CardValue,
  type Complex,
  formatCard,
  formatValue,
  parseCard,
  parseFitsNumber,
} from './card.ts';
export { FITS_DIAGNOSTICS, type FitsDiagnostic, type FitsDiagnosticCode, FitsError } from './diagnostics.ts';
export { BLOCK_SIZE, Header, padToBlock, parseHeader, parseHeaderText } from './header.ts';
export { parseRecordValuedCard, type RecordValuedCard } from './record-valued.ts';
