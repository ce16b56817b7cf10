import type { Producer } from 'kafkajs';
import { Kafka } from 'kafkajs';
import type { Decision } from '../../../schemas/enforcement';
import type { DecisionEvent } from '../../jobs/queues';
import { decisionMessage } from '../message';
import type { Publisher } from './types';

export const ENFORCEMENT_TOPIC = 'enforcement-decisions';

/** Decisions on the `enforcement-decisions` topic, keyed by API key so that each key's messages stay in order. */
export class KafkaPublisher implements Publisher {
  private readonly producer: Producer;
  private connected: Promise<void> | undefined;

  constructor(brokers: string[], clientId: string) {
    this.producer = new Kafka({ brokers, clientId }).producer({ allowAutoTopicCreation: true });
  }

  async publish(event: DecisionEvent, decision: Decision, deliveryId: string): Promise<void> {
    // Connecting lazily keeps start-up independent of the broker; a failed connect is retried with the job.
    this.connected ??= this.producer.connect().catch((err: unknown) => {
      this.connected = undefined;
      throw err;
    });
    await this.connected;
    await this.producer.send({
      topic: ENFORCEMENT_TOPIC,
      messages: [
        {
          key: decision.api_key_id,
          value: JSON.stringify(decisionMessage(event, decision, deliveryId)),
          headers: { 'distillguard-event': `enforcement.${event}` },
        },
      ],
    });
  }

  async close(): Promise<void> {
    if (this.connected) await this.producer.disconnect();
  }
}
