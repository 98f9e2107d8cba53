// Diagnostics rendered for a terminal: the message with its position, the source line and a caret under the column.
import type { Diagnostic } from './diagnostics.ts';

export function renderDiagnostics(text: string, diagnostics: readonly Diagnostic[]): string {
  const lines = text.split(/\r\n|\r|\n/);
  const out: string[] = [];
  for (const d of diagnostics) {
    const { line, column } = d.span.start;
    out.push(`${d.severity} ${d.code} at line ${line}, column ${column}: ${d.message}`);
    const src = (lines[line - 1] ?? '').replace(/\t/g, ' ');
    const width = d.span.end.line === line ? d.span.end.column - column : 1;
    const tildes = Math.max(0, Math.min(width, src.length - column + 1) - 1);
    out.push(`  ${src}`, `  ${' '.repeat(column - 1)}^${'~'.repeat(tildes)}`);
  }
  return `${out.join('\n')}\n`;
}
