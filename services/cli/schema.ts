import type { Command } from 'commander';
import { requestLogEventJsonSchema } from '../../schemas/json-schema';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('Print the RequestLogEvent v1 contract as JSON Schema')
    .action(() => {
      process.stdout.write(JSON.stringify(requestLogEventJsonSchema(), null, 2) + '\n');
    });
}
