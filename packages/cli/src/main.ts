import { Command, CommanderError } from 'commander';
import { registerAdql } from './commands/adql.ts';
import { registerDemo } from './commands/demo.ts';
import { registerHips } from './commands/hips.ts';
import { registerIngest } from './commands/ingest.ts';
import { registerServe } from './commands/serve.ts';

/** Builds the `obscura` command tree (contract in DESIGN.md). */
export function buildProgram(): Command {
  const program = new Command('obscura').description('Obscura: a Virtual Observatory data center for radio archives');
  program.exitOverride();
  program.configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerDemo(program);
  registerServe(program);
  registerIngest(program);
  registerAdql(program);
  registerHips(program);
  return program;
}

/** Runs the command line; errors reach the user as one line without a stack trace, exit code 1. */
export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are "errors" with exit code 0; commander already printed its message.
      process.exitCode = e.exitCode === 0 ? 0 : 1;
      return;
    }
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`obscura: ${message.split('\n')[0]}\n`);
    process.exitCode = 1;
  }
}
