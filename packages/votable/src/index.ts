export * from './diagnostics.ts';
export * from './field.ts';
export * from './writer.ts';
export * from './xtype.ts';
export type { EndOptions, TableWriter } from './table-writer.ts';
export type { ChunkConsumer, Sink } from './output.ts';
export { escapeAttr, escapeText } from './xml.ts';
export * from './reader.ts';
