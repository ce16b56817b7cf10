import { deliverOnce } from '../../delivery/record';
import type { Publishers } from '../../enforcement/publishers';
import type { DeliveryLog, EnforcementStore } from '../../store/actions';
import { mustExist, PermanentJobError } from '../queue';
import type { JobDefinition } from '../registry';
import type { DeliverPayload } from '../queues';
import { DELIVER } from '../queues';

/** Publishes a decision's change to one channel; every try is recorded on the decision. */
export function deliverJob(store: Pick<EnforcementStore, 'getDecision'> & DeliveryLog, publishers: Publishers): JobDefinition<DeliverPayload> {
  return {
    spec: DELIVER,
    async process(p, ctx) {
      const publisher = publishers[p.channel];
      if (!publisher) throw new PermanentJobError(`the ${p.channel} channel is not configured here`);
      const decision = await mustExist(store.getDecision(p.decision_id));
      const subject = { delivery_id: ctx.jobId, subject_type: 'decision' as const, subject_id: p.decision_id, channel: p.channel, event: p.event };
      await deliverOnce(store, subject, ctx, () => publisher.publish(p.event, decision, ctx.jobId));
    },
  };
}
