// ObsCore access_url values on the public base of the request being answered. Ingest writes them as absolute URLs on
// the base it was configured with (archive ingest/identifiers.ts datalinkUrl); a server on another port or behind a
// proxy must give clients URLs they can use as they are (ObsCore 1.1 §4.7 access_url "URL used to access the
// dataset", DataLink 1.1 §3.2.2). The column is found by its TAP_SCHEMA utype (obscore:Access.Reference, ObsCore 1.1
// Table 6), whatever its name in the result, and only values pointing at this service's DataLink links endpoint are
// rebased: the part before `/datalink/links?` is replaced.
import type { Field } from '@obscura/votable';

const ACCESS_REFERENCE = 'obscore:access.reference';
const LINKS_PATH = '/datalink/links?';

/** Indexes of the result columns holding ObsCore access_url values. */
export function accessUrlColumns(fields: readonly Field[]): number[] {
  const out: number[] = [];
  fields.forEach((f, i) => {
    if (f.utype?.toLowerCase() === ACCESS_REFERENCE) out.push(i);
  });
  return out;
}

/** value with everything before `/datalink/links?` replaced by base (no trailing slash); other values unchanged. */
export function rebaseAccessUrl(value: unknown, base: string): unknown {
  if (typeof value !== 'string') return value;
  const at = value.indexOf(LINKS_PATH);
  return at < 0 ? value : base + value.slice(at);
}
