import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { openScaleOut } from '../../services/cli/scale-out';
import type { ScaleOut } from '../../services/cli/scale-out';
import { createStoreClient } from '../../services/store/clickhouse/connect';
import { selectRows } from '../../services/store/clickhouse/select';
import { sql } from '../../services/store/clickhouse/sql';
import type { StreamConsumer } from '../../services/stream/consumer';
import type { DetectionSink, EventSink } from '../../services/store/types';
import type { StreamFixture } from './support';
import { alertSummary, CLICKHOUSE_URL, expectedRequestsPerKey, PARTITIONS, quietLog, replayAlerts, requestsPerKey, simulated, stopAfterAll, streamFixture, testConsumer, waitFor } from './support';

// The consumer detects a partition's next batch while the previous batch's effects are written.
// Whatever happens to a write in flight, a Kafka offset is committed (and Redis's applied offset
// advanced) only over stored effects, and a replay changes no count and duplicates no alert.

const ROOT = join(__dirname, '..', '..');
const events = simulated();
let reference: ReturnType<typeof alertSummary>;

beforeAll(async () => {
  reference = alertSummary(await replayAlerts(events));
});

/** Kafka's committed offset of each partition (the next to read; -1 for none). */
async function committed(f: StreamFixture): Promise<number[]> {
  const admin = f.kafka.admin();
  await admin.connect();
  try {
    const [topic] = await admin.fetchOffsets({ groupId: f.id, topics: [f.id] });
    const out = new Array<number>(PARTITIONS).fill(-1);
    for (const p of topic.partitions) out[p.partition] = Number(p.offset);
    return out;
  } finally {
    await admin.disconnect();
  }
}

async function applied(f: StreamFixture): Promise<number[]> {
  return Promise.all(Array.from({ length: PARTITIONS }, async (_, p) => (await f.states.read(f.id, p, [])).offset ?? -1));
}

async function expectSameAsReplay(f: StreamFixture, servers: ScaleOut): Promise<void> {
  expect(await requestsPerKey(f)).toEqual(expectedRequestsPerKey(events));
  const { items } = await servers.store.listAlerts({ sort: 'detected_at:desc', limit: 1000 });
  expect(new Set(items.map((a) => a.alert_id)).size).toBe(items.length);
  expect(alertSummary(items.filter((a) => a.kind === 'key'))).toEqual(reference);
  await servers.store.flush();
  const clickhouse = createStoreClient(CLICKHOUSE_URL, f.id);
  try {
    const [stored] = await selectRows(clickhouse, sql`SELECT uniqExact(request_id) AS n FROM events`, z.object({ n: z.coerce.number() }));
    expect(stored.n).toBe(events.length);
  } finally {
    await clickhouse.close();
  }
}

describe('a write that fails after its batch was handed back', () => {
  let f: StreamFixture;
  let servers: ScaleOut;
  let consumer: StreamConsumer;
  stopAfterAll(() => ({ consumers: [consumer], servers, f }));

  it('moves the partition back to its stored offset, retries, and commits nothing it did not store', async () => {
    f = await streamFixture('pipefail');
    servers = await openScaleOut(f.config, quietLog, { consumer: true });
    const store = servers.store;
    let outputs = 0;
    let failed = 0;
    const sink: EventSink & DetectionSink = {
      encodeEvents: (batch, text) => store.encodeEvents(batch, text),
      writeEncodedEvents: (parts) => store.writeEncodedEvents(parts),
      backlog: () => store.backlog(),
      async writeOutput(output) {
        // One write in the middle of the stream fails for good, once its events are stored.
        if (++outputs === 25) {
          failed++;
          await new Promise((r) => setTimeout(r, 20));
          throw new Error('injected write failure');
        }
        await store.writeOutput(output);
      },
    };
    ({ consumer } = testConsumer(f, servers, {
      sink,
      maxBytesPerPartition: 32 * 1024,
      // The failure is not retried in place: the pipeline that detected past it is given up.
      durableWrite: { slowAfterMs: 2_000, giveUpAfterMs: 0, pollMs: 50 },
      // Text features on the worker thread, as compiled code runs them.
      textWorker: { execArgv: ['-r', join(ROOT, 'test/support/swc-register.js')] },
    }));
    await consumer.start();
    await f.produce(events);

    // Committed offsets (the next message to read) never pass what Redis says is stored.
    let violations = 0;
    let samples = 0;
    const done = f.caughtUp(120_000).then(() => true);
    let finished = false;
    void done.then(() => (finished = true));
    while (!finished) {
      const kafka = await committed(f);
      const redis = await applied(f);
      samples++;
      kafka.forEach((next, p) => next - 1 > redis[p] && violations++);
      await new Promise((r) => setTimeout(r, 20));
    }
    await done;
    expect(samples).toBeGreaterThan(5);
    expect(violations).toBe(0);
    expect(failed).toBe(1);
    expect(consumer.state).toBe('running');
    await expectSameAsReplay(f, servers);

    // A graceful stop commits every stored offset before leaving the group.
    await consumer.stop();
    expect(await committed(f)).toEqual((await applied(f)).map((o) => o + 1));
  }, 180_000);
});

describe('a consumer killed while a write is in flight and the next batch is detected', () => {
  let f: StreamFixture;
  let servers: ScaleOut;
  let consumer: StreamConsumer;
  stopAfterAll(() => ({ consumers: [consumer], servers, f }));

  it('replays from the stored offset with no double count, duplicate alert or loss', async () => {
    f = await streamFixture('pipekill');
    await f.produce(events);
    const child = spawn(process.execPath, ['-r', join(ROOT, 'test/support/swc-register.js'), join(__dirname, 'hanging-consumer.ts')], {
      cwd: ROOT,
      env: { ...process.env, ...f.env, HANG_AFTER_WRITES: '30' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
    let ahead = 0;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^ahead (\d+)$/.exec(line);
      if (m) ahead = Number(m[1]);
    });
    try {
      await waitFor(() => ahead >= 1, 60_000, 20);
    } finally {
      child.kill('SIGKILL');
    }
    expect(await exited).toBe('SIGKILL');
    // Killed with effects in ClickHouse that Redis does not cover, and detected batches beyond them.
    const redis = await applied(f);
    expect(redis.reduce((n, o) => n + o + 1, 0)).toBeLessThan(events.length);
    const kafka = await committed(f);
    kafka.forEach((next, p) => expect(next - 1).toBeLessThanOrEqual(redis[p]));

    servers = await openScaleOut(f.config, quietLog, { consumer: true });
    ({ consumer } = testConsumer(f, servers));
    await consumer.start();
    await f.caughtUp(120_000);
    await expectSameAsReplay(f, servers);
  }, 180_000);
});
