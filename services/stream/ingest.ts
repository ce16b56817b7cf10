import type { Message } from 'kafkajs';
import type { IngestResult } from '../../schemas/api';
import type { EventIngest, IngestLine } from '../pipeline/ingestor';
import { BackpressureError } from '../pipeline/ingestor';
import { eventMessage } from './partitioner';
import type { EventProducer } from './producer';
import { MAX_MESSAGE_BYTES, messageBytes } from './producer';

/** Kafka refuses or is unreachable: a few seconds is enough for a broker failover or restart. */
const RETRY_WHEN_FAILING_S = 5;
const RETRY_WHEN_BEHIND_S = 2;

export interface KafkaIngestorOptions {
  /** Events in flight to Kafka above which ingest answers 429. */
  maxPending: number;
  onIngested?: (accepted: number, rejected: number) => void;
}

/**
 * HTTP ingest in scale-out mode: valid events are produced to the topic and acknowledged by Kafka
 * before the 202, with the same body and validation as the embedded journal.
 */
export class KafkaIngestor implements EventIngest {
  constructor(
    private readonly producer: EventProducer,
    private readonly options: KafkaIngestorOptions,
  ) {}

  checkCapacity(): void {
    if (this.producer.failing) {
      throw new BackpressureError('Kafka is not accepting events', RETRY_WHEN_FAILING_S, true);
    }
    if (this.producer.pending >= this.options.maxPending) {
      throw new BackpressureError(`${this.producer.pending} events are on their way to Kafka; retry later`, RETRY_WHEN_BEHIND_S, false);
    }
  }

  async ingest(lines: readonly IngestLine[]): Promise<IngestResult> {
    this.checkCapacity();
    const messages: Message[] = [];
    const rejected: IngestResult['rejected'] = [];
    for (const l of lines) {
      if (!l.ok) {
        rejected.push({ line: l.line, reason: l.reason });
        continue;
      }
      const message = eventMessage(l.event, JSON.stringify(l.event));
      if (messageBytes(message) <= MAX_MESSAGE_BYTES) messages.push(message);
      else rejected.push({ line: l.line, reason: `the event is larger than ${MAX_MESSAGE_BYTES} bytes` });
    }
    try {
      await this.producer.send(messages);
    } catch (err) {
      // Part of the body may be in Kafka already; a retry repeats request_ids, which detection drops.
      throw new BackpressureError(`Kafka did not acknowledge the events: ${(err as Error).message}`, RETRY_WHEN_FAILING_S, true);
    }
    this.options.onIngested?.(messages.length, rejected.length);
    return { accepted: messages.length, rejected };
  }
}
