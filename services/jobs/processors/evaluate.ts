import type { Enforcement } from '../../enforcement/service';
import type { DeliveryLog } from '../../store/actions';
import type { JobDefinition } from '../registry';
import type { EvaluatePayload } from '../queues';
import { EVALUATE } from '../queues';

/** Applies the policy to an alert; a final failure shows in the alert's activity. */
export function evaluateJob(enforcement: Enforcement, log: DeliveryLog): JobDefinition<EvaluatePayload> {
  return {
    spec: EVALUATE,
    process: (p) => enforcement.evaluate(p),
    onFailed: (p, ctx, err) =>
      log.recordDelivery({
        delivery_id: ctx.jobId,
        subject_type: 'alert',
        subject_id: p.alert_id,
        channel: 'enforcement',
        event: `evaluate ${p.severity}`,
        status: 'failed',
        attempts: ctx.attempt,
        error: err.message,
      }),
  };
}
