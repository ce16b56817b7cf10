import type { Kafka } from 'kafkajs';
import { WATERMARK_STATE_ID } from '../pipeline/pipeline';
import type { PartitionStateStore } from '../stream/state-store';

const HOUR = 3600_000;

/** How far detection has got in one partition of the topic. */
export interface PartitionProgress {
  partition: number;
  /** Event time its pipeline has reached (saved with its state); undefined before its first event. */
  watermark: number | undefined;
  /** Every message in it is applied: nothing of any hour waits there, for now. */
  caughtUp: boolean;
}

/**
 * The last event hour (start, epoch ms) every partition is done with, or undefined when none is.
 * A partition is done with hour H once its watermark has passed H's end, or when it is caught up:
 * an idle partition must not hold the others back. Some partition must have passed H, or H may
 * still be going on. An event arriving for an hour already linked counts from the next hour on.
 */
export function finishedHour(partitions: readonly PartitionProgress[]): number | undefined {
  let latest = -Infinity;
  let slowest = Infinity;
  for (const p of partitions) {
    if (p.watermark !== undefined) latest = Math.max(latest, p.watermark);
    if (!p.caughtUp) slowest = Math.min(slowest, p.watermark ?? -Infinity);
  }
  const reached = Math.min(latest, slowest);
  return Number.isFinite(reached) ? Math.floor(reached / HOUR) * HOUR - HOUR : undefined;
}

/**
 * Each partition's progress: its end from Kafka, then its applied offset and watermark from Redis,
 * where the consumer stores them together, after the batch's link features are in ClickHouse.
 */
export async function readProgress(kafka: Kafka, states: PartitionStateStore, topic: string): Promise<PartitionProgress[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  return Promise.all(
    ends.map(async (p) => {
      const { offset, states: saved } = await states.read(topic, p.partition, [WATERMARK_STATE_ID]);
      const watermark = saved.get(WATERMARK_STATE_ID);
      return {
        partition: p.partition,
        watermark: watermark === undefined ? undefined : Number(watermark),
        caughtUp: Number(p.high) <= Number(p.low) || (offset ?? -1) >= Number(p.high) - 1,
      };
    }),
  );
}
