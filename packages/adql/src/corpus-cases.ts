// Reads the shared ADQL corpus (../shared/corpus/adql/all_cases.jsonl; see its PROVENANCE.md) and runs one case
// the way its authors' test did: VOLLT's parseSelect/parseWhere become fragment parses, its `version` picks the
// ADQL version, lyonetia's `udfs` declare the user-defined functions, and VOLLT's DBChecker metadata
// (corpus-vollt-fixtures.ts) runs our checker.
import { readCorpusJsonl } from '@obscura/testkit';
import type { Query } from './ast.ts';
import { checkQuery } from './checker.ts';
import { volltSetup } from './corpus-vollt-fixtures.ts';
import type { Diagnostic } from './diagnostics.ts';
import { parse, parseFragment } from './parser.ts';
import { checkSemantics } from './semantic.ts';

export interface CorpusCase {
  origin: 'lyonetia' | 'vollt' | 'queryparser' | 'adql-spec';
  id: string;
  query: string;
  valid: boolean | null;
  version?: string;
  call?: string;
  context?: string[];
  udfs?: string[];
  note?: string;
  expected_toADQL?: string;
}

export function readAdqlCorpus(): CorpusCase[] {
  return readCorpusJsonl<CorpusCase>('adql', 'all_cases.jsonl');
}

export function caseVersion(c: CorpusCase): '2.0' | '2.1' {
  return String(c.version ?? '').startsWith('adql-2.0') ? '2.0' : '2.1';
}

export interface CaseOutcome {
  syntaxOk: boolean;
  ast: unknown;
  diagnostics: readonly Diagnostic[];
  semantic: Diagnostic[];
  accepted: boolean;
  /** True when the case ran through the checker against its VOLLT fixture catalog. */
  checked: boolean;
}

export function runCase(c: CorpusCase): CaseOutcome {
  const version = caseVersion(c);
  const r =
    c.call === 'parseSelect'
      ? parseFragment(c.query, 'select', { version })
      : c.call === 'parseWhere'
        ? parseFragment(c.query, 'where', { version })
        : parse(c.query, { version });
  const setup = volltSetup(c);
  if (r.ast && setup?.catalog) {
    const checked = checkQuery(r.ast as Query, setup.catalog);
    const semantic = checked.diagnostics.filter((d) => d.severity === 'error');
    return { syntaxOk: true, ast: r.ast, diagnostics: r.diagnostics, semantic, accepted: checked.ok, checked: true };
  }
  // Lyonetia: declared UDFs when the file declares them, else any prefix_name (ivo_foo, eso_dateadd_sec) as DaCHS.
  const udfs = c.origin === 'lyonetia' ? (c.udfs ?? 'prefixed') : (setup?.udfs ?? 'any');
  const semantic = r.ast ? checkSemantics(r.ast, { udfs }) : [];
  return {
    syntaxOk: !!r.ast,
    ast: r.ast,
    diagnostics: r.diagnostics,
    semantic,
    accepted: !!r.ast && semantic.length === 0,
    checked: false,
  };
}
