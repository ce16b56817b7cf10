import type { DeliveryAttempt, DeliveryLog } from '../store/actions';
import type { JobContext } from '../jobs/queue';
import { isFinal } from '../jobs/queue';

export type DeliverySubject = Omit<DeliveryAttempt, 'status' | 'attempts' | 'error'>;

/**
 * Sends a message once: skipped when an earlier run already sent it (a retried or re-added job),
 * and every try's outcome recorded, so that a final failure is visible on its subject.
 */
export async function deliverOnce(
  log: DeliveryLog,
  subject: DeliverySubject,
  ctx: JobContext,
  send: () => Promise<void>,
): Promise<void> {
  if ((await log.getDelivery(subject.delivery_id))?.status === 'sent') return;
  try {
    await send();
  } catch (err) {
    const status = isFinal(ctx, err) ? 'failed' : 'retrying';
    await log.recordDelivery({ ...subject, status, attempts: ctx.attempt, error: (err as Error).message });
    throw err;
  }
  await log.recordDelivery({ ...subject, status: 'sent', attempts: ctx.attempt, error: null });
}
