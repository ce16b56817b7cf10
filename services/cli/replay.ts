import { createReadStream, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { replay } from '../pipeline/replay';
import { writeLines } from './output';

/** Rejected lines printed one by one before only the count is kept, so a broken file cannot flood a terminal. */
const MAX_REJECTIONS_PRINTED = 50;

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('Run the detection pipeline over NDJSON events in event time; print every alert in its final state as NDJSON')
    .argument('[file]', 'NDJSON file of RequestLogEvent v1, or - for standard input', '-')
    .action(async (file: string) => {
      const input: Readable = file === '-' ? process.stdin : createReadStream(file, { highWaterMark: 1 << 20 });
      const bar = progressBar(file);
      let printed = 0;
      const { alerts, stats } = await replay(
        input,
        {},
        {
          onRejected: (line, reason) => {
            if (printed++ < MAX_REJECTIONS_PRINTED) process.stderr.write(`line ${line}: rejected: ${reason}\n`);
          },
          onProgress: bar ? () => bar.update((input as { bytesRead?: number }).bytesRead ?? 0) : undefined,
        },
      );
      bar?.stop();
      await writeLines(process.stdout, alerts.map((a) => JSON.stringify(a)));
      const sev = stats.alertsBySeverity;
      process.stderr.write(
        `replay: ${stats.events} events, ${stats.rejected} rejected, ${stats.duplicates} duplicates, ` +
          `${stats.keys} keys, ${alerts.length} alerts (critical ${sev.critical}, high ${sev.high}, ` +
          `medium ${sev.medium}, low ${sev.low}), ${Math.round(stats.events / stats.seconds)} events/s\n`,
      );
    });
}

/** A progress bar over the file's bytes, only when a person is watching stderr. */
function progressBar(file: string): cliProgress.SingleBar | undefined {
  if (!process.stderr.isTTY || file === '-') return undefined;
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: 'replay [{bar}] {percentage}% | {value}/{total} bytes | eta {eta}s' },
    cliProgress.Presets.shades_classic,
  );
  bar.start(statSync(file).size, 0);
  return bar;
}
