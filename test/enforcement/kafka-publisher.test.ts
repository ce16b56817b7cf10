import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import type { Decision } from '../../schemas/enforcement';
import { ENFORCEMENT_TOPIC, KafkaPublisher } from '../../services/enforcement/publishers/kafka';
import { eventually } from '../support/eventually';

// The Kafka channel against the real broker: the message a gateway consumes from
// `enforcement-decisions`, keyed by API key.

const BROKERS = (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',');

test('publishes a decision to enforcement-decisions, keyed by its API key', async () => {
  const key = `key-kafka-${randomBytes(4).toString('hex')}`;
  const decision: Decision = {
    decision_id: `dec_${randomBytes(6).toString('hex')}`, api_key_id: key, account_id: 'acct-1', alert_id: 'al_1', action: 'throttle',
    limit_rpm: 60, limit_tpm: null, reason: 'high-throttle', source: 'policy', rule: 'high-throttle', offence: 1, status: 'active',
    created_at: 1_795_000_000_000, created_by: 'policy', until: 1_795_003_600_000, ended_at: null, ended_by: null, end_reason: null, deliveries: [],
  };
  const publisher = new KafkaPublisher(BROKERS, 'distillguard-test');
  const consumer = new Kafka({ brokers: BROKERS, clientId: 'test', logLevel: logLevel.NOTHING }).consumer({ groupId: `test-${randomBytes(4).toString('hex')}` });
  const seen: Array<{ key: string; value: Record<string, unknown>; event: string }> = [];
  try {
    await publisher.publish('applied', decision, 'd-1');
    await consumer.connect();
    await consumer.subscribe({ topic: ENFORCEMENT_TOPIC, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (message.key?.toString() !== key) return;
        seen.push({ key, value: JSON.parse(message.value!.toString()), event: String(message.headers?.['distillguard-event']) });
      },
    });
    await eventually('the message', () => (seen.length ? true : undefined), 30_000);
    const { deliveries: _, ...state } = decision;
    expect(seen).toEqual([
      { key, event: 'enforcement.applied', value: { type: 'enforcement.applied', delivery_id: 'd-1', decision_updated_at: decision.created_at, decision: state } },
    ]);
  } finally {
    await consumer.disconnect();
    await publisher.close();
  }
}, 60_000);
