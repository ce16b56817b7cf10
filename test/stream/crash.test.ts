import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { openScaleOut } from '../../services/cli/scale-out';
import type { ScaleOut } from '../../services/cli/scale-out';
import { killServes, spawnCli } from '../support/serve-process';
import type { StreamFixture } from './support';
import { alertSummary, expectedRequestsPerKey, PARTITIONS, quietLog, replayAlerts, requestsPerKey, streamFixture, waitFor } from './support';
import { simulate } from '../../services/simulate';

// A consumer process killed with SIGKILL in the middle of the stream, then started again: the
// replay of its unfinished batches must count no request twice, duplicate no alert, lose nothing.
// Then one stopped with SIGTERM in the middle of the stream: it stores and commits what it has
// detected before it exits, and the next one finishes the rest.

const ROOT = join(__dirname, '..', '..');
const events = [...simulate({ seed: 11, days: 2, scale: 0.1 }).events];

describe('distillguard produce and consume across a SIGKILL', () => {
  let f: StreamFixture;
  let servers: ScaleOut;
  let dir: string;
  afterAll(async () => {
    killServes();
    await servers?.close();
    await f?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes a file, reporting bad lines by number', async () => {
    f = await streamFixture('crash');
    dir = mkdtempSync(join(tmpdir(), 'dg-crash-'));
    const third = Math.floor(events.length / 3);
    const lines = events.slice(0, third).map((e) => JSON.stringify(e));
    lines.splice(10, 0, '{"not": "an event"}', 'not json');
    writeFileSync(join(dir, 'first.ndjson'), lines.join('\n') + '\n');
    const ndjson = (part: typeof events) => part.map((e) => JSON.stringify(e)).join('\n') + '\n';
    writeFileSync(join(dir, 'middle.ndjson'), ndjson(events.slice(third, 2 * third)));
    writeFileSync(join(dir, 'last.ndjson'), ndjson(events.slice(2 * third)));
    const out = produce(join(dir, 'first.ndjson'));
    expect(out.status).toBe(0);
    expect(out.stderr).toMatch(/^line 11: rejected: request_id: /m);
    expect(out.stderr).toMatch(/^line 12: rejected: invalid JSON/m);
    expect(out.stderr).toContain(`${third} sent, 2 rejected`);
  });

  it('replays after SIGKILL without double counting, duplicate alerts or loss', async () => {
    const first = await consume();
    await f.caughtUp();
    await killMidStream(first, 'middle.ndjson', 'SIGKILL');

    const second = await consume();
    await f.caughtUp();
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    await expectExactly(events.slice(0, 2 * Math.floor(events.length / 3)));
  });

  it('stores and commits what it detected when stopped with SIGTERM mid-stream; the next consumer finishes', async () => {
    const third = await consume();
    await f.caughtUp();
    await killMidStream(third, 'last.ndjson', 'SIGTERM');
    // Every stored batch's Kafka offset was committed before the group was left.
    const admin = f.kafka.admin();
    await admin.connect();
    const [committed] = await admin.fetchOffsets({ groupId: f.id, topics: [f.id] });
    await admin.disconnect();
    for (const { partition, offset } of committed.partitions) {
      expect(Number(offset)).toBe(((await f.states.read(f.id, partition, [])).offset ?? -1) + 1);
    }

    const fourth = await consume();
    await f.caughtUp();
    fourth.child.kill('SIGTERM');
    expect(await fourth.exited).toBe(0);
    await expectExactly(events);
  });

  /** Produces the file, then stops the consumer with `signal` once some of it is stored but not all: batches are in flight. */
  async function killMidStream(c: Awaited<ReturnType<typeof consume>>, file: string, signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    expect(produce(join(dir, file)).status).toBe(0);
    const end = await totalOffsets();
    let applied = 0;
    await waitFor(async () => (applied = await appliedOffsets()) > end.before, 30_000, 5);
    c.child.kill(signal);
    expect(await c.exited).toBe(signal === 'SIGKILL' ? 'SIGKILL' : 0);
    expect(applied).toBeLessThan(end.total);
  }

  /** Every request of `sent` counted once, no alert twice, and the key alerts `replay` gives. */
  async function expectExactly(sent: typeof events): Promise<void> {
    servers ??= await openScaleOut(f.config, quietLog, { consumer: false });
    expect(await requestsPerKey(f)).toEqual(expectedRequestsPerKey(sent));
    const { items } = await servers.store.listAlerts({ sort: 'detected_at:desc', limit: 1000 });
    expect(new Set(items.map((a) => a.alert_id)).size).toBe(items.length);
    // Key alerts: the consumers' linking job may have linked some hours too.
    expect(alertSummary(items.filter((a) => a.kind === 'key'))).toEqual(alertSummary(await replayAlerts(sent)));
  }

  function produce(file: string) {
    return spawnSync(
      process.execPath,
      ['-r', join(ROOT, 'test/support/swc-register.js'), '-e', "require('./services/cli/main.ts').main(process.argv.slice(1))", '--', 'produce', file],
      { cwd: ROOT, env: { ...process.env, ...f.env }, encoding: 'utf8', timeout: 60_000 },
    );
  }

  const consume = () => spawnCli(['consume'], f.env, 'distillguard consuming');

  async function appliedOffsets(): Promise<number> {
    let sum = 0;
    for (let p = 0; p < PARTITIONS; p++) sum += ((await f.states.read(f.id, p, [])).offset ?? -1) + 1;
    return sum;
  }

  async function totalOffsets(): Promise<{ before: number; total: number }> {
    return { before: await appliedOffsets(), total: await f.messages() };
  }
});
