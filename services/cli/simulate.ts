import { writeFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { Command, InvalidArgumentError } from 'commander';
import { DEFAULT_START, parseStart, simulate } from '../simulate';
import { writeLines } from './output';

/** Lines are written in chunks of about this many characters. */
const CHUNK_CHARS = 1 << 16;

function parseSeed(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('must be a non-negative integer');
  return n;
}

function parsePositive(v: string): number {
  const n = Number(v);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError('must be a positive number');
  return n;
}

function parseStartFlag(v: string): string {
  try {
    parseStart(v);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
  return v;
}

/**
 * Events as NDJSON in chunks of many lines, so the writer makes one write per chunk; stops early
 * once `out` has failed.
 */
function* ndjsonChunks(items: Iterable<unknown>, out: Writable): Generator<string> {
  let lines: string[] = [];
  let size = 0;
  for (const item of items) {
    if (out.errored) return;
    const line = JSON.stringify(item);
    lines.push(line);
    size += line.length;
    if (size >= CHUNK_CHARS) {
      yield lines.join('\n');
      lines = [];
      size = 0;
    }
  }
  if (lines.length > 0) yield lines.join('\n');
}

interface SimulateFlags {
  seed: number;
  days: number;
  scale: number;
  labels?: string;
  start: string;
}

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('Write synthetic API traffic as NDJSON RequestLogEvent v1 lines, sorted by ts, to stdout')
    .requiredOption('--seed <n>', 'PRNG seed; the same seed and options give byte-identical output', parseSeed)
    .requiredOption('--days <d>', 'length of the simulated window in days', parsePositive)
    .option('--scale <s>', "multiplies every persona's number of keys", parsePositive, 1)
    .option('--labels <file>', 'also write a JSON map api_key_id -> { persona, attacker, account_id }')
    .option('--start <iso>', 'start of the window (RFC 3339 with offset)', parseStartFlag, DEFAULT_START)
    .action(async (flags: SimulateFlags) => {
      const sim = simulate({ seed: flags.seed, days: flags.days, scale: flags.scale, start: flags.start });
      if (flags.labels) writeFileSync(flags.labels, JSON.stringify(sim.labels, null, 2) + '\n');
      let failure: NodeJS.ErrnoException | undefined;
      const note = (err: NodeJS.ErrnoException) => {
        failure = err;
      };
      process.stdout.on('error', note);
      try {
        await writeLines(process.stdout, ndjsonChunks(sim.events, process.stdout));
      } catch (err) {
        failure = err as NodeJS.ErrnoException;
      } finally {
        process.stdout.off('error', note);
      }
      // A reader that stops early (`| head`) closes the pipe; that is not a failure.
      if (failure && failure.code !== 'EPIPE') throw failure;
    });
}
