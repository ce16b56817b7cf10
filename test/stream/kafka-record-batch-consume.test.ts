import { randomBytes } from 'node:crypto';
import { CompressionTypes } from 'kafkajs';
import type { Admin, Consumer, IHeaders, Message, Producer } from 'kafkajs';
import { createKafka } from '../../services/stream/kafka';
import { decodeRecordBatch } from '../../services/stream/kafka-record-batch';
import { BROKERS, quietLog } from './support';

// Through the real local Kafka: a consumer of a client made by createKafka decodes record batches with
// ours, and gets what was produced.

const id = `dgtest_kdec_${randomBytes(4).toString('hex')}`;
const kafka = createKafka(BROKERS, quietLog, id);
let admin: Admin;
let producer: Producer;
let consumer: Consumer | undefined;

afterAll(async () => {
  await consumer?.disconnect();
  await producer?.disconnect();
  await admin?.deleteTopics({ topics: [id] }).catch(() => undefined);
  await admin?.disconnect();
});

const message = (i: number): Message => ({
  key: i % 5 === 0 ? null : `account-${i % 7}`,
  value: i % 11 === 0 ? '' : JSON.stringify({ i, text: 'é'.repeat(i % 50), pad: 'x'.repeat(600) }),
  timestamp: String(1_700_000_000_000 + i * 37),
  headers: i % 3 === 0 ? {} : { trace: `t${i}`, bin: Buffer.from([i & 0xff, 0, 255]), dup: ['a', Buffer.from('b'), `c${i}`] },
});

const asBuffer = (v: string | Buffer) => (Buffer.isBuffer(v) ? v : Buffer.from(v));
const expectedHeaders = (headers: IHeaders) =>
  Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.map(asBuffer) : asBuffer(v!)]));

it('consumes what was produced, offsets included, with our record batch decoder', async () => {
  const decoderPath = require.resolve('kafkajs/src/protocol/recordBatch/v0/decoder.js');
  expect(require.cache[decoderPath]?.exports).toBe(decodeRecordBatch);
  // kafkajs's decoder reads every record's timestamp delta with this; ours never for such timestamps.
  const readVarLong = jest.spyOn(require('kafkajs/src/protocol/decoder').prototype, 'readVarLong');

  admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic: id, numPartitions: 1 }] });
  producer = kafka.producer();
  await producer.connect();
  const sent = Array.from({ length: 300 }, (_, i) => message(i));
  await producer.send({ topic: id, messages: sent.slice(0, 150) });
  await producer.send({ topic: id, messages: sent.slice(150), compression: CompressionTypes.GZIP });

  consumer = kafka.consumer({ groupId: id });
  await consumer.connect();
  await consumer.subscribe({ topic: id, fromBeginning: true });
  const received: Array<{ offset: string; key: Buffer | null; value: Buffer | null; timestamp: string; headers?: IHeaders }> = [];
  const done = new Promise<void>((resolve) => {
    void consumer!.run({
      eachMessage: async ({ message: m }) => {
        received.push({ offset: m.offset, key: m.key, value: m.value, timestamp: m.timestamp, headers: m.headers });
        if (received.length === sent.length) resolve();
      },
    });
  });
  await done;

  expect(received).toEqual(
    sent.map((m, i) => ({
      offset: String(i),
      key: m.key == null ? null : asBuffer(m.key),
      value: asBuffer(m.value!),
      timestamp: m.timestamp,
      headers: expectedHeaders(m.headers!),
    })),
  );
  expect(require.cache[require.resolve('kafkajs/src/protocol/requests/fetch/v4/decodeMessages.js')]).toBeDefined();
  expect(readVarLong).not.toHaveBeenCalled();
});
