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
    writeFileSync(join(dir, 'rest.ndjson'), events.slice(third).map((e) => JSON.stringify(e)).join('\n') + '\n');
    const out = produce(join(dir, 'first.ndjson'));
    expect(out.status).toBe(0);
    expect(out.stderr).toMatch(/^line 11: rejected: request_id: /m);
    expect(out.stderr).toMatch(/^line 12: rejected: invalid JSON/m);
    expect(out.stderr).toContain(`${third} sent, 2 rejected`);
  });

  it('replays after SIGKILL without double counting, duplicate alerts or loss', async () => {
    const first = await consume();
    await f.caughtUp();
    expect(produce(join(dir, 'rest.ndjson')).status).toBe(0);
    const end = await totalOffsets();
    // Killed once some of the rest is stored but not all of it: batches are in flight.
    let applied = 0;
    await waitFor(async () => (applied = await appliedOffsets()) > end.before, 30_000, 5);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    expect(applied).toBeLessThan(end.total);

    const second = await consume();
    await f.caughtUp();
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    servers = await openScaleOut(f.config, quietLog, { consumer: false });
    expect(await requestsPerKey(f)).toEqual(expectedRequestsPerKey(events));
    const { items } = await servers.store.listAlerts({ sort: 'detected_at:desc', limit: 1000 });
    expect(new Set(items.map((a) => a.alert_id)).size).toBe(items.length);
    // Key alerts: the consumers' linking job may have linked some hours too.
    expect(alertSummary(items.filter((a) => a.kind === 'key'))).toEqual(alertSummary(await replayAlerts(events)));
  });

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
    const admin = f.kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(f.id);
    await admin.disconnect();
    return { before: await appliedOffsets(), total: offsets.reduce((n, p) => n + Number(p.high), 0) };
  }
});
