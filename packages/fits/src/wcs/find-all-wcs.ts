// Every coordinate description in a header: the primary (' ') and alternates 'A'..'Z' (Paper I §2.2), like
// astropy's find_all_wcs. Descriptions that fail to parse are skipped and their diagnostics returned.
import type { HeaderLike } from './header-like.ts';
import { Wcs } from './wcs.ts';
import type { WcsDiagnostic } from './wcs-diagnostics.ts';
import { hasWcsKeywords } from './wcs-keywords.ts';

export const WCS_ALTERNATES = ' ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');

export function findAllWcs(header: HeaderLike): { wcses: Wcs[]; diagnostics: WcsDiagnostic[] } {
  const wcses: Wcs[] = [];
  const diagnostics: WcsDiagnostic[] = [];
  for (const alt of WCS_ALTERNATES) {
    if (!hasWcsKeywords(header, alt)) continue;
    const r = Wcs.tryFromHeader(header, { alt });
    if (r.wcs) wcses.push(r.wcs);
    diagnostics.push(...r.diagnostics);
  }
  return { wcses, diagnostics };
}
