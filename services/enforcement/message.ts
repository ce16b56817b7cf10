import type { Decision } from '../../schemas/enforcement';
import type { DecisionEvent } from '../jobs/queues';

/**
 * What the Kafka topic and the webhook carry (docs/enforcement-gateway.md): the event and the
 * decision's whole state after it, so that a consumer that missed or reordered messages still
 * converges by keeping, per decision, the message with the latest `decision_updated_at`.
 */
export interface DecisionMessage {
  type: `enforcement.${DecisionEvent}`;
  /** The same on every retry of this message: consumers drop duplicates by it. */
  delivery_id: string;
  decision_updated_at: number;
  decision: Omit<Decision, 'deliveries'>;
}

export function decisionMessage(event: DecisionEvent, { deliveries: _, ...decision }: Decision, deliveryId: string): DecisionMessage {
  return {
    type: `enforcement.${event}`,
    delivery_id: deliveryId,
    decision_updated_at: decision.ended_at ?? decision.created_at,
    decision,
  };
}
