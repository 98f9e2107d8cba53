#!/usr/bin/env node
// Runs every test of the monorepo: type check, lint, then node:test over all *.test.ts files
// (unit tests beside the code, integration tests that start real processes and clients).
// Usage: node scripts/test.mjs [--unit] [file-or-dir-filter...]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const unitOnly = args.includes('--unit');
const filters = args.filter((a) => !a.startsWith('--'));

function run(cmd, cmdArgs, opts = {}) {
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function findTests(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) findTests(p, out);
    else if (name.endsWith('.test.ts')) out.push(relative(root, p));
  }
  return out;
}

if (!unitOnly && filters.length === 0) {
  // System packages the integration tests use (astropy, pyvo, PostgreSQL+pgSphere, STILTS, Chromium).
  run('bash', ['scripts/install-system-deps.sh']);
  run('npx', ['tsc', '-p', 'tsconfig.json']);
  run('npx', ['biome', 'check', '.']);
}

let files = findTests(join(root, 'packages'), []);
if (existsSync(join(root, 'bench'))) files.push(...findTests(join(root, 'bench'), []));
if (unitOnly) files = files.filter((f) => !f.includes('.integration.'));
if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
files.sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
run(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  env: { ...process.env, OBSCURA_CORPUS: process.env.OBSCURA_CORPUS ?? join(root, '..', 'shared', 'corpus') },
});
