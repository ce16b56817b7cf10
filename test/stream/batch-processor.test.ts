import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import { Registry } from 'prom-client';
import type { Alert } from '../../schemas/alert';
import type { RequestLogEventInput } from '../../schemas/event';
import type { PipelineOptions } from '../../services/pipeline/pipeline';
import { TextFeatureWorker } from '../../services/pipeline/text-feature-worker';
import { encodeEvents } from '../../services/store/clickhouse/events';
import type { DetectionSink, EncodedEvents, EventSink } from '../../services/store/types';
import type { Backpressure } from '../../services/stream/backpressure';
import { BatchProcessor } from '../../services/stream/batch-processor';
import type { DeadLetterQueue } from '../../services/stream/dead-letters';
import { ConsumerMetrics } from '../../services/stream/metrics';
import type { PartitionSnapshot } from '../../services/stream/state-store';
import { PartitionStateStore } from '../../services/stream/state-store';
import { makeEvent, T0 } from '../support/fixtures';
import { alertSummary, quietLog, REDIS_URL, replayAlerts, simulated, waitFor } from './support';

// The batch processor on its own, with Redis for states and a sink that keeps what it is given:
// which states a batch reads, and that processing a batch in sub-batches changes no result.

const ROOT = join(__dirname, '..', '..');
const TOPIC = 't';
const HOUR = 3600_000;
const PIPELINE: Omit<PipelineOptions, 'loadState'> = { clusters: false, exportLinks: true, storePrompts: true };

const redis = new Redis(REDIS_URL);
const prefixes: string[] = [];
afterAll(async () => {
  for (const prefix of prefixes) {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
  }
  redis.disconnect();
});

function messages(lines: readonly string[], from = 0): KafkaMessage[] {
  return lines.map((line, i) => ({
    key: null,
    value: Buffer.from(line),
    offset: String(from + i),
    timestamp: '0',
    attributes: 0,
    headers: {},
    size: line.length,
  })) as unknown as KafkaMessage[];
}

/** A kafkajs batch of `msgs`, recording the offsets the processor resolves. */
function payload(msgs: KafkaMessage[], resolved: string[], partition = 0): EachBatchPayload {
  return {
    batch: { topic: TOPIC, partition, highWatermark: String(Number(msgs[msgs.length - 1].offset) + 1), messages: msgs },
    resolveOffset: (o: string) => resolved.push(o),
    heartbeat: async () => undefined,
    commitOffsetsIfNecessary: async () => undefined,
    isRunning: () => true,
    isStale: () => false,
  } as unknown as EachBatchPayload;
}

interface Harness {
  processor: BatchProcessor;
  states: PartitionStateStore;
  prefix: string;
  /** The ids of every state read, and the offset it found. */
  reads: Array<{ ids: string[]; offset: number | undefined }>;
  rows: EncodedEvents[];
  alerts: Map<string, Alert>;
  dead: string[];
  /** Holds the n-th write (1-based) in ClickHouse until `release` is called. */
  hold(n: number): { release: () => void };
}

function harness(options: { subBatch?: number; prefix?: string; textWorker?: TextFeatureWorker; pipeline?: Omit<PipelineOptions, 'loadState'> } = {}): Harness {
  const prefix = options.prefix ?? `dgtest_bp_${randomBytes(4).toString('hex')}`;
  prefixes.push(prefix);
  const states = new PartitionStateStore(redis, prefix);
  const read = states.read.bind(states);
  const reads: Harness['reads'] = [];
  jest.spyOn(states, 'read').mockImplementation(async (topic, partition, ids): Promise<PartitionSnapshot> => {
    const snapshot = await read(topic, partition, ids);
    reads.push({ ids: [...ids], offset: snapshot.offset });
    return snapshot;
  });
  const rows: EncodedEvents[] = [];
  const alerts = new Map<string, Alert>();
  const dead: string[] = [];
  const held = new Map<number, Promise<void>>();
  let writes = 0;
  const sink: EventSink & DetectionSink = {
    encodeEvents: (events, text) => encodeEvents(events, true, text),
    async writeEncodedEvents(parts) {
      rows.push(...parts);
    },
    backlog: () => 0,
    async writeOutput(output) {
      await held.get(++writes);
      for (const a of output.alerts) alerts.set(a.alert_id, a);
    },
  };
  const processor = new BatchProcessor({
    states,
    sink,
    deadLetters: {
      async send(_topic: string, _partition: number, letters: ReadonlyArray<{ reason: string; message: KafkaMessage }>) {
        for (const l of letters) dead.push(`${String(l.message.offset)}: ${l.reason}`);
      },
    } as unknown as DeadLetterQueue,
    backpressure: { degrade: () => undefined, recover: () => undefined } as unknown as Backpressure,
    metrics: new ConsumerMetrics(new Registry()),
    pipeline: options.pipeline ?? PIPELINE,
    seek: () => undefined,
    log: quietLog,
    durableWrite: { slowAfterMs: 2_000, giveUpAfterMs: 10_000, pollMs: 20 },
    textWorker: options.textWorker,
    subBatch: options.subBatch,
  });
  return {
    processor,
    states,
    prefix,
    reads,
    rows,
    alerts,
    dead,
    hold(n) {
      let release: () => void = () => undefined;
      held.set(n, new Promise<void>((r) => (release = r)));
      return { release: () => release() };
    },
  };
}

/** Requests counted per key in the partition's stored states. */
async function storedRequests(h: Harness, partition = 0): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [id, json] of Object.entries(await redis.hgetall(h.states.key(TOPIC, partition)))) {
    if (id.startsWith('key:')) out[id.slice(4)] = (JSON.parse(json) as { state: { requests: number } }).state.requests;
  }
  return out;
}

const line = (e: RequestLogEventInput) => JSON.stringify(e);

describe('BatchProcessor state reads', () => {
  it('reads only the states its pipeline does not hold, and the offset at every batch', async () => {
    const h = harness();
    const resolved: string[] = [];
    const ev = (i: number, key: string, account: string) => line(makeEvent(i, { api_key_id: key, account_id: account }));
    await h.processor.handle(payload(messages([ev(0, 'a', 'x'), ev(1, 'b', 'y'), ev(2, 'a', 'x')]), resolved));
    await h.processor.handle(payload(messages([ev(3, 'a', 'x'), ev(4, 'c', 'y'), ev(5, 'd', 'z')], 3), resolved));
    await h.processor.handle(payload(messages([ev(6, 'b', 'y'), ev(7, 'd', 'z')], 6), resolved));
    await h.processor.drain();
    expect(h.reads.map((r) => r.ids.sort())).toEqual([
      ['account:x', 'account:y', 'key:a', 'key:b', 'watermark'],
      ['account:z', 'key:c', 'key:d'],
      [],
    ]);
    expect(resolved).toEqual(['2', '5', '7']);
    expect(await storedRequests(h)).toEqual({ a: 3, b: 2, c: 1, d: 2 });
  });

  it('reads the state of a key evicted in an earlier batch when it returns mid-batch, from a write Redis has not acknowledged yet', async () => {
    // Idle keys are evicted an hour after `idleMs` (1 h here) and let go once their state is taken.
    const h = harness({ subBatch: 2, pipeline: { ...PIPELINE, idleMs: HOUR } });
    const resolved: string[] = [];
    let i = 0;
    const ev = (key: string, ts: number) => line(makeEvent(i++, { api_key_id: key, account_id: `acct-${key}`, ts }));
    const batch1 = [ev('idle', T0), ev('busy', T0), ev('idle', T0 + 1000)];
    // The idle key's third event, then three hours of another key's: evicted and written with batch 2.
    const batch2 = [ev('idle', T0 + 2000), ev('busy', T0 + HOUR), ev('busy', T0 + 3 * HOUR), ev('busy', T0 + 3 * HOUR + 1)];
    // Back in the second sub-batch of batch 3, with a new key, while batch 2's write is held.
    const batch3 = [ev('busy', T0 + 3 * HOUR + 2), ev('busy', T0 + 3 * HOUR + 3), ev('other', T0 + 3 * HOUR + 4), ev('idle', T0 + 3 * HOUR + 5)];
    await h.processor.handle(payload(messages(batch1), resolved));
    const held = h.hold(2);
    await h.processor.handle(payload(messages(batch2, 3), resolved));
    const third = h.processor.handle(payload(messages(batch3, 7), resolved));
    await waitFor(() => h.reads.some((r) => r.ids.includes('key:idle') && r.offset === 2), 5_000, 5);
    held.release();
    await third;
    await h.processor.drain();
    // Batch 3 read the offset at its start, nothing for the keys it holds, then the returning and new keys'
    // states (accounts stay in memory).
    expect(h.reads.slice(2).map((r) => r.ids.sort())).toEqual([[], ['account:acct-other', 'key:idle', 'key:other']]);
    expect(resolved).toEqual(['2', '6', '10']);
    expect(await storedRequests(h)).toEqual({ idle: 4, busy: 6, other: 1 });
  });

  it('starts a batch over on a pipeline loaded from Redis when another consumer stored progress mid-batch', async () => {
    const events = Array.from({ length: 300 }, (_, i) => makeEvent(i, { api_key_id: `key-${Math.floor(i / 50)}`, account_id: `acct-${i % 3}` }));
    const lines = events.map(line);
    const mine = harness({ subBatch: 50 });
    const other = harness({ prefix: mine.prefix });
    const resolved: string[] = [];
    await mine.processor.handle(payload(messages(lines.slice(0, 100)), resolved));
    await waitFor(async () => (await redis.hget(mine.states.key(TOPIC, 0), '@offset')) === '99', 5_000, 5);
    // The other consumer stores up to offset 149 just as this one reads the states of its second sub-batch (offsets 150-199).
    const read = mine.states.read as jest.Mock;
    const original = read.getMockImplementation()!;
    let reads = 0;
    read.mockImplementation(async (...args: Parameters<PartitionStateStore['read']>) => {
      if (++reads === 2) {
        await other.processor.handle(payload(messages(lines.slice(0, 150)), []));
        await other.processor.drain();
      }
      return original(...args);
    });
    await mine.processor.handle(payload(messages(lines.slice(100, 300), 100), resolved));
    await mine.processor.drain();
    // Batch 2 read at offset 99, then 149 (moved): started over, its first sub-batch replayed.
    expect(mine.reads.slice(2).map((r) => r.offset)).toEqual([99, 149, 149, 149, 149, 149]);
    expect(resolved).toEqual(['99', '299']);
    const expected: Record<string, number> = {};
    for (const e of events) expected[e.api_key_id] = (expected[e.api_key_id] ?? 0) + 1;
    expect(await storedRequests(mine)).toEqual(expected);
    expect((await mine.states.read(TOPIC, 0, [])).offset).toBe(299);
  });
});

describe('BatchProcessor sub-batches', () => {
  const events = simulated();
  const lines = events.map(line);
  // An invalid message and a repeated request among them.
  lines.splice(1234, 0, '{"not": "an event"}');
  lines.splice(4001, 0, lines[4000]);
  const BATCH = 3000;
  let reference: ReturnType<typeof alertSummary>;
  let textWorker: TextFeatureWorker | undefined;

  beforeAll(async () => {
    reference = alertSummary(await replayAlerts(events));
    textWorker = TextFeatureWorker.start({ execArgv: ['-r', join(ROOT, 'test/support/swc-register.js')] });
  });
  afterAll(async () => {
    await textWorker?.close();
  });

  async function run(subBatch: number, withWorker = false) {
    const h = harness({ subBatch, textWorker: withWorker ? textWorker : undefined });
    const resolved: string[] = [];
    for (let at = 0; at < lines.length; at += BATCH) await h.processor.handle(payload(messages(lines.slice(at, at + BATCH), at), resolved));
    await h.processor.drain();
    const hash = await redis.hgetall(h.states.key(TOPIC, 0));
    return {
      alerts: [...h.alerts.values()].sort((a, b) => (a.alert_id < b.alert_id ? -1 : 1)),
      rows: Buffer.concat(h.rows.flatMap((r) => r.chunks)),
      count: h.rows.reduce((n, r) => n + r.count, 0),
      dead: h.dead,
      hash,
      resolved,
      reads: h.reads.length,
    };
  }

  it('change no result: alerts, stored states, event rows and dead letters are those of whole batches', async () => {
    const whole = await run(BATCH);
    expect(alertSummary(whole.alerts)).toEqual(reference);
    expect(whole.count).toBe(events.length);
    expect(whole.dead).toHaveLength(1);
    expect(whole.dead[0]).toMatch(/^1234: /);
    expect(whole.resolved[whole.resolved.length - 1]).toBe(String(lines.length - 1));
    for (const [size, withWorker] of [[1000, true], [1000, false], [7, false]] as const) {
      const sub = await run(size, withWorker);
      expect(sub.alerts).toEqual(whole.alerts);
      expect(sub.hash).toEqual(whole.hash);
      expect(sub.rows.equals(whole.rows)).toBe(true);
      expect(sub.dead).toEqual(whole.dead);
      expect(sub.resolved).toEqual(whole.resolved);
    }
  }, 120_000);
});
