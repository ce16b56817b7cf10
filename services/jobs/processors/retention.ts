import type { Logger } from 'pino';
import type { PartitionRetention } from '../../store/clickhouse/retention';
import type { JobDefinition } from '../registry';
import type { RetentionPayload } from '../queues';
import { RETENTION } from '../queues';

/** Drops the partitions of raw events and link features past their retention (scale-out). */
export function retentionJob(retention: PartitionRetention, log: Logger): JobDefinition<RetentionPayload> {
  return {
    spec: RETENTION,
    process: async () => {
      const { dropped } = await retention.run(Date.now());
      const any = Object.values(dropped).some((d) => d.length > 0);
      log[any ? 'info' : 'debug']({ dropped }, 'dropped partitions past their retention');
    },
  };
}
