// The shared Database contract against a real SQLite file in a temporary directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseContract } from './database.contract.ts';
import { openDatabase } from './database.ts';

const dir = mkdtempSync(join(tmpdir(), 'obscura-sqlite-'));

databaseContract('SQLite', {
  open: () => openDatabase(`sqlite:${join(dir, 'data', 'archive.sqlite')}`, { migrate: false }),
  cleanup: async () => rmSync(dir, { recursive: true, force: true }),
});
