import type { Enforcement } from '../../enforcement/service';
import type { JobDefinition } from '../registry';
import type { ExpirePayload } from '../queues';
import { EXPIRE } from '../queues';

/** Ends a decision at its `until` and announces the end. */
export function expireJob(enforcement: Enforcement): JobDefinition<ExpirePayload> {
  return { spec: EXPIRE, process: (p, ctx) => enforcement.expire(p.decision_id, ctx) };
}
