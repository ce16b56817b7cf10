import { deliverOnce } from '../delivery/record';
import { postWebhook } from '../delivery/webhook';
import type { JobContext } from '../jobs/queue';
import { mustExist, PermanentJobError } from '../jobs/queue';
import type { NotifyPayload } from '../jobs/queues';
import type { DeliveryLog } from '../store/actions';
import type { AlertStore } from '../store/types';
import { alertLink, alertNotification, slackMessage } from './message';
import type { NotifyTarget } from './targets';

export interface NotifierDeps {
  store: DeliveryLog & Pick<AlertStore, 'getAlert'>;
  targets: readonly NotifyTarget[];
  /** Signs JSON webhooks. */
  secret: string | undefined;
  publicUrl: string;
}

/** The notify job: one message per alert, peak severity and target, whatever retries happen. */
export class Notifier {
  constructor(private readonly d: NotifierDeps) {}

  async send(p: NotifyPayload, ctx: JobContext): Promise<void> {
    const target = this.d.targets.find((t) => t.id === p.target);
    // The target was removed from the configuration since the job was added.
    if (!target) throw new PermanentJobError(`no notification target ${p.target}`);
    const subject = { delivery_id: ctx.jobId, subject_type: 'alert' as const, subject_id: p.alert_id, channel: target.kind, event: p.severity };
    await deliverOnce(this.d.store, subject, ctx, async () => {
      const alert = await mustExist(this.d.store.getAlert(p.alert_id));
      const message = alertNotification(alert, p.severity, alertLink(this.d.publicUrl, alert.alert_id));
      const body = target.kind === 'slack' ? slackMessage(message) : message;
      await postWebhook(target.url, body, { secret: target.kind === 'webhook' ? this.d.secret : undefined, event: message.type, deliveryId: ctx.jobId });
    });
  }
}
