// Expanding the PATH arguments of `obscura ingest images PATH...` (DESIGN.md): files, directories (searched
// recursively) and globs (`*`, `?`, `**`, `[abc]`; node 20 has no fs.glob, so a small matcher lives here).
import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve, sep } from 'node:path';

const GLOB_CHARS = /[*?[]/;

/** A glob pattern (one path segment, or `**`) as a RegExp over one segment. */
function segmentRegExp(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = segment.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        const body = segment
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) await walk(p, out);
    else if (e.isFile()) out.push(p);
  }
}

async function globFrom(base: string, segments: string[], out: string[]): Promise<void> {
  if (segments.length === 0) {
    const s = await stat(base).catch(() => null);
    if (s?.isFile()) out.push(base);
    else if (s?.isDirectory()) await walk(base, out);
    return;
  }
  const [head, ...rest] = segments;
  if (head === '**') {
    await globFrom(base, rest, out); // zero directories
    const entries = await readdir(base, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (e.isDirectory() && !e.name.startsWith('.')) await globFrom(join(base, e.name), segments, out);
    }
    return;
  }
  if (!GLOB_CHARS.test(head)) return globFrom(join(base, head), rest, out);
  const re = segmentRegExp(head);
  const entries = await readdir(base, { withFileTypes: true }).catch(() => []);
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    // As in POSIX shells, a wildcard does not match a leading dot.
    if (re.test(e.name) && (!e.name.startsWith('.') || head.startsWith('.'))) {
      await globFrom(join(base, e.name), rest, out);
    }
  }
}

/**
 * Every file named by the arguments, absolute, sorted within each argument and without duplicates. An argument that
 * names nothing is returned in `missing`.
 */
export async function expandPaths(
  args: string[],
  cwd = process.cwd(),
): Promise<{ files: string[]; missing: string[] }> {
  const seen = new Set<string>();
  const files: string[] = [];
  const missing: string[] = [];
  for (const arg of args) {
    const found: string[] = [];
    if (GLOB_CHARS.test(arg)) {
      const abs = isAbsolute(arg) ? arg : join(cwd, arg);
      const parts = abs.split(sep);
      const first = parts.findIndex((p) => GLOB_CHARS.test(p));
      const base = parts.slice(0, first).join(sep) || sep;
      await globFrom(base, parts.slice(first), found);
    } else {
      const p = resolve(cwd, arg);
      const s = await stat(p).catch(() => null);
      if (s?.isDirectory()) await walk(p, found);
      else if (s?.isFile()) found.push(p);
    }
    if (found.length === 0) missing.push(arg);
    found.sort();
    for (const f of found) {
      if (!seen.has(f)) {
        seen.add(f);
        files.push(f);
      }
    }
  }
  return { files, missing };
}

/** True for names ingestion treats as FITS images. */
export function looksLikeFits(path: string): boolean {
  return /\.(fits|fit|fts)(\.gz)?$/i.test(path);
}
