import type { Decision } from '../../../schemas/enforcement';
import type { DecisionEvent } from '../../jobs/queues';

/** One place a gateway reads decisions from. Throws to have the delivery retried. */
export interface Publisher {
  publish(event: DecisionEvent, decision: Decision, deliveryId: string): Promise<void>;
  close(): Promise<void>;
}
