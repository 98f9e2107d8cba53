// A worker thread's entry as plain JavaScript, bundled once per process by esbuild (the transpiler tsx itself runs on),
// so that a worker starts without tsx's loader. Loaded through tsx, each worker registered the loader again and
// transpiled every module it imports in its own isolate: ~34 MiB of resident memory per SQLite query worker beside the
// server, against ~20 MiB for the bundle (measured on the tap bench server, Node 20). The workspace's own packages are
// bundled; every other package stays an import, by absolute file URL, so the bundle (a data: URL, no file written)
// resolves the same node_modules as the sources. Anything failing here leaves the caller on the tsx bootstrap.
import { builtinModules } from 'node:module';
import { pathToFileURL } from 'node:url';

const bundles = new Map<string, Promise<URL | null>>();

/** The bundled entry as a data: URL to start a Worker from, or null when esbuild cannot bundle it. */
export function bundledWorkerUrl(entry: URL): Promise<URL | null> {
  let bundle = bundles.get(entry.href);
  if (!bundle) {
    bundle = build(entry).catch(() => null);
    bundles.set(entry.href, bundle);
  }
  return bundle;
}

async function build(entry: URL): Promise<URL> {
  const esbuild = await import('esbuild');
  const builtins = new Set(builtinModules);
  const out = await esbuild.build({
    entryPoints: [new URL(entry).pathname],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
    plugins: [
      {
        name: 'packages-by-file-url',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, async (args) => {
            if (args.pluginData === 'inner' || args.path.startsWith('@obscura/')) return undefined;
            if (args.path.startsWith('node:') || builtins.has(args.path.split('/')[0]))
              return { path: args.path, external: true };
            const r = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'inner' });
            if (r.errors.length > 0) return { errors: r.errors };
            return { path: pathToFileURL(r.path).href, external: true };
          });
        },
      },
    ],
  });
  // esbuild's service process (~37 MB resident) would otherwise stay for the server's lifetime; a later call would
  // start it again.
  await esbuild.stop();
  const code = out.outputFiles[0].text;
  return new URL(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}
