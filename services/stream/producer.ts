import type { Kafka, Message, Producer } from 'kafkajs';
import { accountPartitioner } from './partitioner';

/**
 * Bytes per produce request. Kafka refuses a partition's record batch above `message.max.bytes`
 * (1 MB by default); keeping the whole request below that holds even when one account fills it.
 */
const MAX_REQUEST_BYTES = 900_000;
/** The largest event we send: one message alone must fit in a request. */
export const MAX_MESSAGE_BYTES = MAX_REQUEST_BYTES;
/** After a failed send, ingest refuses work this long before trying Kafka again. */
const FAILURE_HOLD_MS = 5_000;

/**
 * Sends events to the topic in order, each request acknowledged by all in-sync replicas. Shared by
 * `distillguard produce` and HTTP ingest in scale-out mode.
 *
 * Not kafkajs's idempotent producer: it loses messages when several sends run at once
 * (tulios/kafkajs#1005), and ingest sends from concurrent requests. A retried request may
 * duplicate events instead; the pipeline drops repeated request_ids and the events table replaces
 * them. One request in flight per broker keeps a retry from overtaking the request after it.
 */
export class EventProducer {
  private inFlight = 0;
  private lastFailureAt = 0;
  private lastSuccessAt = 0;

  private constructor(
    private readonly producer: Producer,
    readonly topic: string,
  ) {}

  static create(kafka: Kafka, topic: string): EventProducer {
    return new EventProducer(
      kafka.producer({ createPartitioner: accountPartitioner, maxInFlightRequests: 1, retry: { retries: 3 } }),
      topic,
    );
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  /** Messages handed to `send` and not yet acknowledged. */
  get pending(): number {
    return this.inFlight;
  }

  /** True for a while after a send failed, until one succeeds. */
  get failing(): boolean {
    return this.lastFailureAt > this.lastSuccessAt && Date.now() - this.lastFailureAt < FAILURE_HOLD_MS;
  }

  /** Resolves when every message is acknowledged; requests go one after another so order is kept. */
  async send(messages: readonly Message[]): Promise<void> {
    this.inFlight += messages.length;
    try {
      for (const chunk of requestChunks(messages)) {
        await this.producer.send({ topic: this.topic, acks: -1, messages: chunk });
      }
      this.lastSuccessAt = Date.now();
    } catch (err) {
      this.lastFailureAt = Date.now();
      throw err;
    } finally {
      this.inFlight -= messages.length;
    }
  }
}

/** Bytes a message adds to a request, near enough: its key, value and headers. */
export function messageBytes(m: Message): number {
  let n = size(m.key) + size(m.value);
  for (const v of Object.values(m.headers ?? {})) n += size(v as Buffer | string | undefined);
  return n;
}

const size = (v: Buffer | string | null | undefined) =>
  v === null || v === undefined ? 0 : typeof v === 'string' ? Buffer.byteLength(v) : v.length;

function* requestChunks(messages: readonly Message[]): Generator<Message[]> {
  let chunk: Message[] = [];
  let bytes = 0;
  for (const m of messages) {
    const b = messageBytes(m);
    if (chunk.length && bytes + b > MAX_REQUEST_BYTES) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
    chunk.push(m);
    bytes += b;
  }
  if (chunk.length) yield chunk;
}
