// The HiPS `properties` file (HiPS 1.0 §4.4.1): UTF-8, one `keyword = value` per line, `#` comments, blank lines
// ignored; and the HiPS list (§5.2): properties records separated by blank lines, each with at least creator_did,
// hips_release_date, hips_service_url and hips_status.

export type Properties = Array<[string, string]>;

/** The keywords HiPS 1.0 §4.4.1 makes mandatory for every HiPS. */
export const MANDATORY_PROPERTIES = [
  'creator_did',
  'obs_title',
  'dataproduct_type',
  'hips_version',
  'hips_release_date',
  'hips_status',
  'hips_tile_format',
  'hips_order',
  'hips_frame',
] as const;

/** Keywords every record of a HiPS list must carry (HiPS 1.0 §5.2). */
export const HIPS_LIST_MANDATORY = ['creator_did', 'hips_release_date', 'hips_service_url', 'hips_status'] as const;

/** ISO 8601 as the spec writes dates: YYYY-mm-ddTHH:MMZ (HiPS 1.0 §4.4.1). */
export function hipsDate(d: Date): string {
  return `${d.toISOString().slice(0, 16)}Z`;
}

/** Formats properties aligned like HipsGen (`key<padding> = value`). Values must be one line. */
export function formatProperties(props: Properties): string {
  return props
    .map(([k, v]) => {
      if (/[\s=]/.test(k)) throw new RangeError(`property keyword "${k}" contains a space or '='`);
      return `${k.padEnd(20)} = ${String(v).replace(/[\r\n]+/g, ' ')}\n`;
    })
    .join('');
}

/** Parses a properties file (comments and blank lines ignored; spaces around '=' ignored; repeated keys kept). */
export function parseProperties(text: string): Properties {
  const out: Properties = [];
  for (const raw of text.split(/\r?\n/)) {
    if (raw.startsWith('#') || raw.trim() === '') continue;
    const eq = raw.indexOf('=');
    if (eq < 0) continue;
    out.push([raw.slice(0, eq).trim(), raw.slice(eq + 1).trim()]);
  }
  return out;
}

/** First value of a keyword. */
export function property(props: Properties, key: string): string | undefined {
  return props.find(([k]) => k === key)?.[1];
}

/** Sets (replaces or appends) a keyword. */
export function setProperty(props: Properties, key: string, value: string): Properties {
  const i = props.findIndex(([k]) => k === key);
  if (i >= 0) props[i] = [key, value];
  else props.push([key, value]);
  return props;
}

/** One HiPS list (§5.2): the records, each a properties file, separated by one blank line. */
export function formatHipsList(records: Properties[], comment?: string): string {
  const head = comment ? `# ${comment}\n` : '';
  return head + records.map(formatProperties).join('\n');
}
