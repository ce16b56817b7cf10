import { InProcessBackend } from '../../services/jobs/in-process';
import type { JobContext } from '../../services/jobs/queue';
import { PermanentJobError } from '../../services/jobs/queue';

// The embedded backend keeps BullMQ's promises to processors: de-duplication by job id while the
// job exists, exponential backoff, a last try marked final, delays, and a clean close.

const spec = { name: 'q', payload: undefined as never, concurrency: 2 };

describe('InProcessBackend', () => {
  let backend: InProcessBackend;
  afterEach(() => backend.close());

  function run(handler: (data: unknown, ctx: JobContext) => Promise<void>) {
    backend = new InProcessBackend({ attempts: 3, backoffMs: 50 });
    backend.work(spec, handler, { error: () => undefined, stalled: () => undefined });
  }

  it('ignores a job id that is waiting or running, and runs it again once it has finished', async () => {
    const seen: unknown[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    run(async (data) => {
      seen.push(data);
      await held;
    });
    await backend.add('q', 1, { jobId: 'j' });
    await backend.add('q', 2, { jobId: 'j' });
    await new Promise((r) => setTimeout(r, 20));
    release();
    await new Promise((r) => setTimeout(r, 20));
    await backend.add('q', 3, { jobId: 'j' });
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual([1, 3]);
  });

  it('retries with exponential backoff and marks the last try final', async () => {
    const tries: Array<{ at: number; attempt: number; final: boolean }> = [];
    run(async (_data, ctx) => {
      tries.push({ at: Date.now(), attempt: ctx.attempt, final: ctx.final });
      throw new Error('down');
    });
    await backend.add('q', {}, { jobId: 'j' });
    await new Promise((r) => setTimeout(r, 400));
    expect(tries.map((t) => [t.attempt, t.final])).toEqual([[1, false], [2, false], [3, true]]);
    expect(tries[1].at - tries[0].at).toBeGreaterThanOrEqual(45);
    expect(tries[2].at - tries[1].at).toBeGreaterThanOrEqual(95);
  });

  it('does not retry a permanent failure', async () => {
    let tries = 0;
    run(async () => {
      tries++;
      throw new PermanentJobError('gone');
    });
    await backend.add('q', {}, { jobId: 'j' });
    await new Promise((r) => setTimeout(r, 200));
    expect(tries).toBe(1);
  });

  it('runs a delayed job when it is due, with its due time', async () => {
    const ran: JobContext[] = [];
    run(async (_data, ctx) => void ran.push(ctx));
    const added = Date.now();
    await backend.add('q', {}, { jobId: 'later', delayMs: 100 });
    await new Promise((r) => setTimeout(r, 50));
    expect(ran).toEqual([]);
    await new Promise((r) => setTimeout(r, 100));
    expect(ran[0].dueAt - added).toBeGreaterThanOrEqual(100);
  });

  it('waits for running jobs on close and refuses new ones', async () => {
    let finished = false;
    run(async () => {
      await new Promise((r) => setTimeout(r, 50));
      finished = true;
    });
    await backend.add('q', {}, { jobId: 'j' });
    await new Promise((r) => setTimeout(r, 5));
    await backend.close();
    expect(finished).toBe(true);
    await expect(backend.add('q', {}, { jobId: 'k' })).rejects.toThrow(/closed/);
  });
});
