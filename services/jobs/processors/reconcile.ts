import type { Reconciler } from '../reconcile';
import type { JobDefinition } from '../registry';
import type { ReconcilePayload } from '../queues';
import { RECONCILE } from '../queues';

/** Hands stored alerts and active decisions over to their jobs again (at start-up and on a schedule). */
export function reconcileJob(reconciler: Reconciler): JobDefinition<ReconcilePayload> {
  return {
    spec: RECONCILE,
    process: async () => {
      await reconciler.run();
    },
  };
}
