import { Command } from 'commander';
import { registerConsume } from './consume';
import { registerProduce } from './produce';
import { registerReplay } from './replay';
import { registerReport } from './report';
import { registerSchema } from './schema';
import { registerServe } from './serve';
import { registerSimulate } from './simulate';

/** Entry point of the `distillguard` bin; each command lives in its own module. */
export function main(argv: string[]): void {
  const program = new Command('distillguard')
    .description('Detects model-distillation traffic in LLM API request logs.')
    .showHelpAfterError();
  registerReplay(program);
  registerSimulate(program);
  registerSchema(program);
  registerServe(program);
  registerProduce(program);
  registerConsume(program);
  registerReport(program);
  program.parseAsync(argv, { from: 'user' }).catch((err: unknown) => {
    process.stderr.write(`distillguard: ${(err as Error).message}\n`);
    process.exitCode = 1;
  });
}
