// `obscura adql parse QUERY`: syntax only — prints the normalised ADQL, or the positioned errors (exit code 1).
import { parse, printAdql, renderDiagnostics, type SqlDialect, translate } from '@obscura/adql';
import { CORE_TABLES, catalogFromTables, openDatabase, type TableDef } from '@obscura/archive';
import type { Command } from 'commander';

/** `adql translate`: checked SQL for the dialect, or the positioned errors. */
export async function adqlTranslateOutput(
  query: string,
  options: { dialect?: SqlDialect; db?: string } = {},
): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  let tables: readonly TableDef[] = CORE_TABLES;
  let dialect: SqlDialect = options.dialect ?? 'sqlite';
  if (options.db) {
    const db = await openDatabase(options.db, { migrate: false });
    try {
      tables = await db.tables();
      dialect = options.dialect ?? db.dialect.name;
    } finally {
      await db.close();
    }
  }
  const r = translate(query, catalogFromTables(tables), dialect);
  if (r.ok) {
    const warnings = r.diagnostics.filter((d) => d.severity === 'warning');
    return { ok: true, stdout: `${r.sql}\n`, stderr: warnings.length ? renderDiagnostics(query, warnings) : '' };
  }
  return { ok: false, stdout: '', stderr: renderDiagnostics(query, r.diagnostics) };
}

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
  adql
    .command('translate')
    .description('check an ADQL query against the schema and print its SQL (positioned errors and exit 1 if bad)')
    .argument('<query>', 'the ADQL query (quote it)')
    .option('--dialect <d>', 'sqlite or postgres (default: the --db backend, else sqlite)')
    .option('--db <url>', 'check against this archive database (sqlite:PATH or postgres://...)')
    .action(async (query: string, opts: { dialect?: string; db?: string }) => {
      if (opts.dialect && opts.dialect !== 'sqlite' && opts.dialect !== 'postgres') {
        process.stderr.write(`--dialect must be sqlite or postgres, not ${opts.dialect}\n`);
        process.exitCode = 1;
        return;
      }
      const out = await adqlTranslateOutput(query, { dialect: opts.dialect as SqlDialect | undefined, db: opts.db });
      process.stdout.write(out.stdout);
      process.stderr.write(out.stderr);
      if (!out.ok) process.exitCode = 1;
    });
}
