import type { Readable } from 'node:stream';
import type { Message } from 'kafkajs';
import { parseEventLine } from '../../schemas/event';
import { readLineBatches } from '../ingest/lines';
import { eventMessage } from './partitioner';
import type { EventProducer } from './producer';
import { MAX_MESSAGE_BYTES, messageBytes } from './producer';

/** Messages per send: one send's acknowledgement is awaited while the next is read and validated. */
const SEND_MESSAGES = 20_000;

export interface PublishHooks {
  /** A line that failed validation, 1-based. */
  onRejected?: (line: number, reason: string) => void;
  /** After each acknowledged send. */
  onProgress?: (stats: PublishStats) => void;
}

export interface PublishStats {
  lines: number;
  sent: number;
  rejected: number;
}

/**
 * Publishes an NDJSON stream of events: each line validated, valid ones sent as they are (the
 * consumer validates again), in order, in large acknowledged sends.
 */
export async function publishLines(input: Readable, producer: EventProducer, hooks: PublishHooks = {}): Promise<PublishStats> {
  const stats: PublishStats = { lines: 0, sent: 0, rejected: 0 };
  let pending: Message[] = [];
  let sending: Promise<void> = Promise.resolve();
  const flush = async () => {
    const messages = pending;
    pending = [];
    // One send at a time keeps the file's order; the next batch is parsed while this one is acknowledged.
    await sending;
    sending = producer.send(messages).then(() => {
      stats.sent += messages.length;
      hooks.onProgress?.(stats);
    });
    // Observed now so a failure is not an unhandled rejection before the next flush awaits it.
    sending.catch(() => undefined);
  };
  for await (const batch of readLineBatches(input)) {
    for (const text of batch) {
      stats.lines++;
      if (text.trim() === '') continue;
      const reason = rejection(text, pending);
      if (reason) {
        stats.rejected++;
        hooks.onRejected?.(stats.lines, reason);
      }
    }
    if (pending.length >= SEND_MESSAGES) await flush();
  }
  await flush();
  await sending;
  return stats;
}

/** Adds the line's message to `into`, or says why it cannot be sent. */
function rejection(text: string, into: Message[]): string | undefined {
  const r = parseEventLine(text);
  if (!r.ok) return r.reason;
  const message = eventMessage(r.event, text);
  if (messageBytes(message) > MAX_MESSAGE_BYTES) return `the event is larger than ${MAX_MESSAGE_BYTES} bytes`;
  into.push(message);
  return undefined;
}
