// `obscura adql parse QUERY`: syntax only — prints the normalised ADQL, or the positioned errors (exit code 1).
import { parse, printAdql, renderDiagnostics } from '@obscura/adql';
import type { Command } from 'commander';

/** The text `adql parse` prints and whether the query parsed. */
export function adqlParseOutput(
  query: string,
  version: '2.0' | '2.1' = '2.1',
): { ok: boolean; stdout: string; stderr: string } {
  const r = parse(query, { version });
  const warnings = r.diagnostics.filter((d) => d.severity === 'warning');
  if (r.ast)
    return {
      ok: true,
      stdout: `${printAdql(r.ast)}\n`,
      stderr: warnings.length ? renderDiagnostics(query, warnings) : '',
    };
  return { ok: false, stdout: '', stderr: renderDiagnostics(query, r.diagnostics) };
}

export function registerAdql(program: Command): void {
  const adql = program.command('adql').description('ADQL tools');
  adql
    .command('parse')
    .description('check the syntax of an ADQL query and print it normalised (positioned errors and exit 1 if bad)')
    .argument('<query>', 'the ADQL query (quote it)')
    .option('--adql-version <v>', 'ADQL version: 2.1 (default) or 2.0', '2.1')
    .action((query: string, opts: { adqlVersion: string }) => {
      const out = adqlParseOutput(query, opts.adqlVersion === '2.0' ? '2.0' : '2.1');
      process.stdout.write(out.stdout);
      process.stderr.write(out.stderr);
      if (!out.ok) process.exitCode = 1;
    });
}
