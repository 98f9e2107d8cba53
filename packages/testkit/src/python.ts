// Runs Debian's Python (/usr/bin/python3, with python3-astropy / python3-pyvo) for interoperability tests.
import { spawnSync } from 'node:child_process';

export const PYTHON = '/usr/bin/python3';

/** Runs a Python script with optional stdin; throws with stderr when it fails. Returns stdout. */
export function runPython(script: string, args: string[] = [], input?: string): string {
  const r = spawnSync(PYTHON, ['-c', script, ...args], { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`python3 exited ${r.status}:\n${r.stderr}`);
  return r.stdout;
}

/** True when /usr/bin/python3 can import the module. */
export function pythonHas(module: string): boolean {
  const r = spawnSync(PYTHON, ['-c', `import ${module}`], { encoding: 'utf8' });
  return r.status === 0;
}
