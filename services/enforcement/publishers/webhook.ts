import type { Decision } from '../../../schemas/enforcement';
import { postWebhook } from '../../delivery/webhook';
import type { DecisionEvent } from '../../jobs/queues';
import { decisionMessage } from '../message';
import type { Publisher } from './types';

/** Decisions POSTed to the enforcement webhook, signed. */
export class WebhookPublisher implements Publisher {
  constructor(
    private readonly url: string,
    private readonly secret: string,
  ) {}

  async publish(event: DecisionEvent, decision: Decision, deliveryId: string): Promise<void> {
    const message = decisionMessage(event, decision, deliveryId);
    await postWebhook(this.url, message, { secret: this.secret, event: message.type, deliveryId });
  }

  async close(): Promise<void> {}
}
