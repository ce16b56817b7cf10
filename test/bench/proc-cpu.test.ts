import { Worker } from 'node:worker_threads';
import { threadCpu, threadCpuSince } from '../../bench/proc-cpu';

// bench:kafka's split of its process's CPU by thread, read from Linux's /proc. Each thread does a
// fixed amount of work rather than spinning for a time, so that the split does not depend on how
// the machine schedules them.

const WORK = `
  function work(n) {
    let x = 0;
    for (let i = 0; i < n; i++) x = (x + i * 7) | 0;
    return x;
  }
`;
const work = new Function('n', `${WORK} return work(n);`) as (n: number) => number;

describe('threadCpuSince', () => {
  it('tells a thread started after the first reading from the main thread and from the threads there before', async () => {
    const before = threadCpu();
    expect(before.get(process.pid)).toBeGreaterThanOrEqual(0);
    // The listener keeps the thread alive: an exited thread is gone from /proc, and its CPU with it.
    const script = `
      const { parentPort } = require('node:worker_threads');
      ${WORK}
      parentPort.on('message', () => undefined);
      parentPort.postMessage(work(3e8));
    `;
    const worker = new Worker(script, { eval: true });
    await new Promise<void>((resolve) => worker.once('message', () => resolve()));
    work(5e7);
    const split = threadCpuSince(before)!;
    await worker.terminate();
    // Clock ticks are 10 ms.
    expect(split.started).toBeGreaterThanOrEqual(0.1);
    expect(split.main).toBeGreaterThanOrEqual(0.01);
    expect(split.main).toBeLessThan(split.started);
    expect(split.helpers).toBeLessThan(split.started);
  });
});
