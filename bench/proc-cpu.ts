/**
 * CPU time read from Linux's /proc while a benchmark runs: the local servers' (deploy/local/up.sh),
 * which share a small machine's cores with the consumer, and this process's threads, to tell the
 * consumer's own thread from its worker and from V8's collector and compiler threads. On a machine
 * where all cores are busy, where the CPU went bounds what the consumer can reach. Off Linux, or for
 * a server that is not found, there is nothing to read and the figure is left out.
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

/** User plus system CPU seconds in a /proc stat file (a process's, all threads, or a thread's), or undefined if it is gone. */
function statSeconds(path: string): number | undefined {
  try {
    const stat = readFileSync(path, 'utf8');
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
    const s = pid === undefined ? undefined : statSeconds(`/proc/${pid}/stat`);
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

/** CPU seconds so far of each thread of this process, by thread id. */
export function threadCpu(): Map<number, number> {
  const out = new Map<number, number>();
  let tids: string[] = [];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return out;
  }
  for (const tid of tids) {
    const s = statSeconds(`/proc/self/task/${tid}/stat`);
    if (s !== undefined) out.set(Number(tid), s);
  }
  return out;
}

/** A process's CPU by thread (see threadCpuSince). */
export interface ThreadSplit {
  main: number;
  started: number;
  helpers: number;
}

/**
 * This process's CPU seconds since `before` (a threadCpu reading taken before the consumer started):
 * its main thread; threads started since and still running, which are the consumer's worker
 * threads (one that has exited is gone from /proc, its CPU with it); and the threads
 * that were there already but the main one, which are V8's collector and compiler threads (and
 * libuv's, idle here). Node names every thread "node", so their birth is what tells them apart.
 */
export function threadCpuSince(before: Map<number, number>): ThreadSplit | undefined {
  const now = threadCpu();
  if (now.size === 0) return undefined;
  const split: ThreadSplit = { main: 0, started: 0, helpers: 0 };
  for (const [tid, s] of now) {
    const was = before.get(tid);
    if (tid === process.pid) split.main += s - (was ?? 0);
    else if (was === undefined) split.started += s;
    else split.helpers += s - was;
  }
  return split;
}
