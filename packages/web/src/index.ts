// @obscura/web: the browser UI's static files. The server serves them (server/src/routes/sky.ts) from the fixed
// names below and never from a client-given path; the pages talk to the server over HTTP only.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export interface WebAsset {
  /** Absolute path on disk. */
  path: string;
  contentType: string;
}

/** The sky page and its files, by the name they are served under (below /sky/). */
export const SKY_ASSETS: Readonly<Record<string, WebAsset>> = {
  'index.html': { path: join(here, 'sky.html'), contentType: 'text/html; charset=utf-8' },
  'sky.js': { path: join(here, 'sky.js'), contentType: 'text/javascript; charset=utf-8' },
  'sky.css': { path: join(here, 'sky.css'), contentType: 'text/css; charset=utf-8' },
};

/** Aladin Lite's ES module bundle (npm aladin-lite, WebAssembly core and styles inlined), served as is. */
export function aladinLiteAsset(): WebAsset {
  // The package's "import" export is dist/aladin.js.
  return { path: fileURLToPath(import.meta.resolve('aladin-lite')), contentType: 'text/javascript; charset=utf-8' };
}
