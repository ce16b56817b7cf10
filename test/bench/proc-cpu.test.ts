import { Worker } from 'node:worker_threads';
import { threadCpu, threadCpuSince } from '../../bench/proc-cpu';

// bench:kafka's split of its process's CPU by thread, read from Linux's /proc. Each thread spins
// until /proc says it has used a given amount of CPU, so that the figures do not depend on how
// fast the machine is or how it schedules the threads.

/** Spins until the calling thread has used `seconds` more CPU, by its own /proc entry. */
const SPIN = `
  function spin(seconds) {
    const fs = require('node:fs');
    const used = () => {
      const stat = fs.readFileSync('/proc/thread-self/stat', 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(f[11]) + Number(f[12]);
    };
    const until = used() + seconds * 100;
    while (used() < until);
  }
`;
const spin = new Function('require', 'seconds', `${SPIN} spin(seconds);`) as (r: NodeRequire, seconds: number) => void;

// Seconds are whole clock ticks, but a difference of two readings carries float rounding.
const TICK_ROUNDING = 0.005;

describe('threadCpuSince', () => {
  it('counts a thread started after the first reading apart from the main thread, and the main thread on its own', async () => {
    const before = threadCpu();
    expect(before.get(process.pid)).toBeGreaterThanOrEqual(0);
    // The listener keeps the thread alive: an exited thread is gone from /proc, and its CPU with it.
    const script = `
      const { parentPort } = require('node:worker_threads');
      ${SPIN}
      parentPort.on('message', () => undefined);
      spin(0.5);
      parentPort.postMessage('done');
    `;
    const worker = new Worker(script, { eval: true });
    try {
      await new Promise<void>((resolve) => worker.once('message', () => resolve()));
      const started = threadCpuSince(before)!;
      expect(started.started).toBeGreaterThanOrEqual(0.5 - TICK_ROUNDING);
      // The main thread only waited, and V8's threads had little to do.
      expect(started.main).toBeLessThan(0.25);
      expect(started.helpers).toBeLessThan(0.25);

      // Now the worker was there before: it counts with V8's threads, idle.
      const again = threadCpu();
      spin(require, 0.3);
      const main = threadCpuSince(again)!;
      expect(main.main).toBeGreaterThanOrEqual(0.3 - TICK_ROUNDING);
      expect(main.started).toBe(0);
      expect(main.helpers).toBeLessThan(0.15);
    } finally {
      await worker.terminate();
    }
  });
});
