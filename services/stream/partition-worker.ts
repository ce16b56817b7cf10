import type { RequestLogEvent } from '../../schemas/event';
import type { PipelineOptions } from '../pipeline/pipeline';
import { Pipeline } from '../pipeline/pipeline';

/** The ids under which `Pipeline` saves an event's key and account state (see its keyId/accountId). */
export function stateIds(events: readonly RequestLogEvent[]): string[] {
  const ids = new Set<string>();
  for (const e of events) ids.add(`key:${e.api_key_id}`).add(`account:${e.account_id}`);
  return [...ids];
}

/**
 * One assigned partition's detection: a pipeline of its own, so results do not depend on which
 * consumer holds which partitions, and the offset its saved state reflects. `Pipeline` asks for
 * saved state synchronously, so the states of a batch's ids are fetched before it and handed
 * over here.
 */
export class PartitionWorker {
  readonly pipeline: Pipeline;
  private saved = new Map<string, string>();
  /** Where the fetch position was last moved to for this worker (see BatchProcessor). */
  soughtTo: number | undefined;

  constructor(
    /** Last offset whose effects are stored; undefined before the first. */
    public applied: number | undefined,
    options: Omit<PipelineOptions, 'loadState'>,
  ) {
    this.pipeline = new Pipeline({ ...options, loadState: (id) => this.saved.get(id) });
  }

  /** States for the next batch; the previous batch's are released. */
  useSavedStates(states: Map<string, string>): void {
    this.saved = states;
  }
}
