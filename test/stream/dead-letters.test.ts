import type { KafkaMessage } from 'kafkajs';
import { openScaleOut } from '../../services/cli/scale-out';
import type { ScaleOut } from '../../services/cli/scale-out';
import type { StreamConsumer } from '../../services/stream/consumer';
import { DLQ_HEADERS, deadLetterTopic } from '../../services/stream/dead-letters';
import { accountPartitioner } from '../../services/stream/partitioner';
import type { StreamFixture } from './support';
import { alertSummary, expectedRequestsPerKey, quietLog, replayAlerts, requestsPerKey, simulated, stopAfterAll, streamFixture, testConsumer, waitFor } from './support';

// Bad messages go to `<topic>.dlq` byte for byte with the reason, and the good ones around them
// flow as if the bad ones were not there.

const good = simulated().slice(0, 8000);
const BAD: Array<{ value: string | null; reason: RegExp }> = [
  { value: 'this is not json', reason: /^invalid JSON/ },
  { value: '[1, 2, 3]', reason: /one JSON object/ },
  { value: JSON.stringify({ ...good[0], request_id: 'bad-1', prompt_tokens: -5 }), reason: /^prompt_tokens: / },
  { value: JSON.stringify({ ...good[0], request_id: 'bad-2', ts: '2026-13-45T99:00:00Z' }), reason: /^ts: / },
  { value: null, reason: /no value/ },
];

describe('dead letters', () => {
  let f: StreamFixture;
  let servers: ScaleOut;
  let consumer: StreamConsumer;
  stopAfterAll(() => ({ consumers: [consumer], servers, f }));

  it('sends each bad message to the DLQ with its reason, never stopping the good ones', async () => {
    f = await streamFixture('dlq');
    servers = await openScaleOut(f.config, quietLog, { consumer: true });
    let registry;
    ({ consumer, registry } = testConsumer(f, servers));
    await consumer.start();

    // The bad ones go in between good ones of the same account, so that its partition must move past them.
    const raw = f.kafka.producer({ createPartitioner: accountPartitioner });
    await raw.connect();
    const half = good.length / 2;
    await f.produce(good.slice(0, half));
    await raw.send({
      topic: f.id,
      messages: BAD.map((b, i) => ({ key: `bad-${i}`, value: b.value, headers: { account_id: good[0].account_id, trace: `t${i}` } })),
    });
    await f.produce(good.slice(half));
    await raw.disconnect();
    await f.caughtUp();

    const letters = await readAll(deadLetterTopic(f.id), BAD.length);
    expect(letters).toHaveLength(BAD.length);
    letters.forEach((m, i) => {
      expect(m.value === null ? null : m.value.toString()).toBe(BAD[i].value);
      expect(m.key?.toString()).toBe(`bad-${i}`);
      expect(m.headers?.[DLQ_HEADERS.reason]?.toString()).toMatch(BAD[i].reason);
      expect(m.headers?.[DLQ_HEADERS.topic]?.toString()).toBe(f.id);
      expect(m.headers?.trace?.toString()).toBe(`t${i}`);
    });
    expect((await registry.getSingleMetricAsString('distillguard_consumer_dead_letters_total')).trim()).toMatch(/ 5$/);
    expect(await requestsPerKey(f)).toEqual(expectedRequestsPerKey(good));
    const { items } = await servers.store.listAlerts({ sort: 'detected_at:desc', limit: 1000 });
    expect(alertSummary(items)).toEqual(alertSummary(await replayAlerts(good)));
  });

  async function readAll(topic: string, count: number): Promise<KafkaMessage[]> {
    const reader = f.kafka.consumer({ groupId: `${f.id}-reader` });
    const got: KafkaMessage[] = [];
    await reader.connect();
    await reader.subscribe({ topic, fromBeginning: true });
    await reader.run({ eachMessage: async ({ message }) => void got.push(message) });
    try {
      await waitFor(() => got.length >= count, 20_000);
    } finally {
      await reader.disconnect();
    }
    return got;
  }
});
