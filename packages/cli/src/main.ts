import { Command } from 'commander';

/** Builds the `obscura` command tree (contract in DESIGN.md). */
export function buildProgram(): Command {
  const program = new Command('obscura').description('Obscura: a Virtual Observatory data center for radio archives');
  return program;
}

export async function main(argv: string[]): Promise<void> {
  await buildProgram().parseAsync(argv);
}
