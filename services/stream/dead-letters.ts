import type { KafkaMessage, Producer } from 'kafkajs';

/** Headers a dead letter carries next to the original key, value and headers. */
export const DLQ_HEADERS = {
  reason: 'dlq_reason',
  topic: 'dlq_source_topic',
  partition: 'dlq_source_partition',
  offset: 'dlq_source_offset',
} as const;

export interface DeadLetter {
  message: KafkaMessage;
  reason: string;
}

/** `<topic>.dlq`: invalid messages, byte for byte, with why and where they came from. */
export const deadLetterTopic = (topic: string) => `${topic}.dlq`;

/**
 * Sends messages that can never be processed (bad JSON, contract violations) aside, so one bad
 * producer cannot stop the partition. Retriable failures are not dead letters: they fail the batch.
 */
export class DeadLetterQueue {
  readonly topic: string;

  constructor(
    private readonly producer: Producer,
    sourceTopic: string,
  ) {
    this.topic = deadLetterTopic(sourceTopic);
  }

  async send(sourceTopic: string, partition: number, letters: readonly DeadLetter[]): Promise<void> {
    if (letters.length === 0) return;
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: letters.map(({ message, reason }) => ({
        key: message.key,
        value: message.value,
        headers: {
          ...message.headers,
          [DLQ_HEADERS.reason]: reason,
          [DLQ_HEADERS.topic]: sourceTopic,
          [DLQ_HEADERS.partition]: String(partition),
          [DLQ_HEADERS.offset]: message.offset,
        },
      })),
    });
  }
}
