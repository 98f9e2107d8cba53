// Runs Debian's Python (/usr/bin/python3, with python3-astropy / python3-pyvo) for interoperability tests.
import { execFile, spawnSync } from 'node:child_process';

export const PYTHON = '/usr/bin/python3';

/** Runs a Python script with optional stdin; throws with stderr when it fails. Returns stdout. */
export function runPython(script: string, args: string[] = [], input?: string): string {
  const r = spawnSync(PYTHON, ['-c', script, ...args], { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`python3 exited ${r.status}:\n${r.stderr}`);
  return r.stdout;
}

/**
 * Runs a program (python3, stilts…) without blocking the event loop, for tests whose server runs in the test's own
 * process (a synchronous child would keep that server from answering it). Resolves with stdout; rejects with stderr
 * when the program fails.
 */
export function runAsync(program: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      program,
      args,
      { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${program} failed: ${error.message}\n${stderr}\n${stdout}`));
        else resolve(stdout);
      },
    );
    child.stdin?.end(input);
  });
}

/** runPython without blocking the event loop (see runAsync). */
export function runPythonAsync(script: string, args: string[] = [], input?: string): Promise<string> {
  return runAsync(PYTHON, ['-c', script, ...args], input);
}

/** True when /usr/bin/python3 can import the module. */
export function pythonHas(module: string): boolean {
  const r = spawnSync(PYTHON, ['-c', `import ${module}`], { encoding: 'utf8' });
  return r.status === 0;
}
