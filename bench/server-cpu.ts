/**
 * CPU time used by the local servers (deploy/local/up.sh) while a benchmark runs, read from Linux's
 * /proc: on a small machine Kafka, ClickHouse and Redis share the cores with the consumer, so where
 * the CPU went bounds what the consumer can reach. A server that is not found is left out.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export type ServerCpu = Map<string, number>;

const STATE = process.env.DISTILLGUARD_STATE ?? '/tmp/distillguard-local';

/** Clock ticks per second of /proc's times; 100 on every Linux we know of, asked once. */
let ticksPerSecond: number | undefined;
function ticks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** User plus system CPU seconds of a process and all its threads, or undefined if it is gone. */
function processSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticks();
  } catch {
    return undefined;
  }
}

function pidFromFile(file: string): number | undefined {
  try {
    return Number(readFileSync(file, 'utf8').trim()) || undefined;
  } catch {
    return undefined;
  }
}

/** Redis may run as the machine's own service, without a pid file of ours. */
function pidByName(name: string): number | undefined {
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) return Number(entry);
      } catch {
        // The process ended while listed.
      }
    }
  } catch {
    // No /proc: not Linux.
  }
  return undefined;
}

/** CPU seconds so far of each local server found. */
export function serverCpu(): ServerCpu {
  const pids: Array<[string, number | undefined]> = [
    ['Kafka', pidFromFile(join(STATE, 'kafka', 'kafka.pid'))],
    ['ClickHouse', pidFromFile(join(STATE, 'clickhouse', 'clickhouse.pid'))],
    ['Redis', pidFromFile(join(STATE, 'redis.pid')) ?? pidByName('redis-server')],
  ];
  const out: ServerCpu = new Map();
  for (const [name, pid] of pids) {
    const s = pid === undefined ? undefined : processSeconds(pid);
    if (s !== undefined) out.set(name, s);
  }
  return out;
}

/** CPU seconds each server used between two readings. */
export function serverCpuSince(before: ServerCpu): ServerCpu {
  const out: ServerCpu = new Map();
  for (const [name, s] of serverCpu()) {
    const was = before.get(name);
    if (was !== undefined) out.set(name, s - was);
  }
  return out;
}
