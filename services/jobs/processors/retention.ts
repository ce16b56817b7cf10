import type { Logger } from 'pino';
import type { JobDefinition } from '../registry';
import type { RetentionPayload } from '../queues';
import { RETENTION } from '../queues';

/** What a retention run aged out. */
export interface RetentionOutcome {
  /** Monthly partitions (YYYYMM) dropped, by ClickHouse table. */
  dropped: Record<string, string[]>;
  /** Key states deleted from Redis, their keys idle for longer than kept. */
  prunedKeyStates: number;
}

/** Scale-out's retention (services/cli/scale-out.ts): what grows with requests and keys, aged out. */
export interface Retention {
  run(now: number): Promise<RetentionOutcome>;
}

/** Ages out what scale-out keeps past its retention. */
export function retentionJob(retention: Retention, log: Logger): JobDefinition<RetentionPayload> {
  return {
    spec: RETENTION,
    process: async () => {
      const outcome = await retention.run(Date.now());
      const any = outcome.prunedKeyStates > 0 || Object.values(outcome.dropped).some((d) => d.length > 0);
      log[any ? 'info' : 'debug'](outcome, 'aged out data past its retention');
    },
  };
}
