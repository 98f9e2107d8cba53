// What an ingest run tells its caller: how many products and rows it wrote, which inputs it skipped and why, how
// long it took. A file that cannot be read is reported here by name while the rest of the batch goes on.
export interface SkippedInput {
  /** The file (or file:row) that was not ingested. */
  path: string;
  reason: string;
}

export interface IngestReport {
  /** ObsCore products written (inserted or updated). */
  products: number;
  /** Catalogue or ObsCore rows written. */
  rows: number;
  /** Auxiliary files attached to products (e.g. VLASS .rms images). */
  auxiliary: number;
  skipped: SkippedInput[];
  warnings: SkippedInput[];
  seconds: number;
}

export function emptyReport(): IngestReport {
  return { products: 0, rows: 0, auxiliary: 0, skipped: [], warnings: [], seconds: 0 };
}

/** A one-paragraph human summary (the CLI prints it). */
export function formatReport(r: IngestReport, what: string): string {
  const lines = [
    `${what}: ${r.products ? `${r.products} products, ` : ''}${r.rows} rows${r.auxiliary ? `, ${r.auxiliary} auxiliary files` : ''} in ${r.seconds.toFixed(2)} s` +
      (r.skipped.length ? `; ${r.skipped.length} skipped` : ''),
  ];
  for (const s of r.skipped) lines.push(`  skipped ${s.path}: ${s.reason}`);
  for (const w of r.warnings.slice(0, 50)) lines.push(`  warning ${w.path}: ${w.reason}`);
  if (r.warnings.length > 50) lines.push(`  … and ${r.warnings.length - 50} more warnings`);
  return lines.join('\n');
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
