import type { Notifier } from '../../notify/notifier';
import type { JobDefinition } from '../registry';
import type { NotifyPayload } from '../queues';
import { NOTIFY } from '../queues';

/** Sends one alert notification to one target; tries are recorded on the alert. */
export function notifyJob(notifier: Notifier): JobDefinition<NotifyPayload> {
  return { spec: NOTIFY, process: (p, ctx) => notifier.send(p, ctx) };
}
