// The progress journal of a bulk job: one JSON line per finished cutout (`journal.jsonl` in the job's directory),
// appended as each one ends, so that an interrupted job (a restart, ABORT, executionDuration) can be resumed: a task
// whose journal entry says ok and whose file is still there with that many bytes is not cut again. Later lines win;
// a torn last line (the process died while appending) is ignored.
import { appendFile, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CutoutStatus } from './cutout-file.ts';

export const JOURNAL_FILE = 'journal.jsonl';

export interface JournalEntry {
  /** The task's identity: source index, image ID and region (bulk-plan.ts taskKey). */
  key: string;
  status: CutoutStatus;
  message: string;
  bytes: number;
  /** Path of the cutout relative to the job directory (ok only). */
  file: string;
}

/** The entries of a job directory's journal, by key (empty when there is none). */
export async function readJournal(directory: string): Promise<Map<string, JournalEntry>> {
  const out = new Map<string, JournalEntry>();
  let text: string;
  try {
    text = await readFile(join(directory, JOURNAL_FILE), 'utf8');
  } catch {
    return out;
  }
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const e = JSON.parse(line) as JournalEntry;
      if (typeof e.key === 'string' && typeof e.status === 'string') out.set(e.key, e);
    } catch {
      // a line cut short by a crash
    }
  }
  return out;
}

/** Whether an ok entry's file is still there, complete. */
export async function entryFileIntact(directory: string, e: JournalEntry): Promise<boolean> {
  if (e.status !== 'ok' || e.file === '') return false;
  try {
    return (await stat(join(directory, e.file))).size === e.bytes;
  } catch {
    return false;
  }
}

/** Appends entries one at a time, in completion order. */
export class JournalWriter {
  private tail: Promise<void>;

  constructor(private readonly directory: string) {
    // A line torn by a crash is closed first, so the next entry starts on a line of its own.
    this.tail = readFile(join(directory, JOURNAL_FILE), 'utf8').then(
      (text) => (text === '' || text.endsWith('\n') ? undefined : appendFile(join(directory, JOURNAL_FILE), '\n')),
      () => undefined,
    );
  }

  append(entry: JournalEntry): Promise<void> {
    const line = `${JSON.stringify(entry)}\n`;
    this.tail = this.tail.then(() => appendFile(join(this.directory, JOURNAL_FILE), line));
    return this.tail;
  }

  flush(): Promise<void> {
    return this.tail;
  }
}
