import type { RequestLogEvent } from '../../schemas/event';
import type { PipelineOptions } from '../pipeline/pipeline';
import { Pipeline, WATERMARK_STATE_ID } from '../pipeline/pipeline';

/**
 * The ids under which `Pipeline` saves an event's key and account state (see its keyId/accountId),
 * and its watermark, which a restarted pipeline reads at its first event. With `pipeline`, only
 * those it does not hold in memory: the states it may ask `loadState` for.
 */
export function stateIds(events: readonly RequestLogEvent[], pipeline?: Pick<Pipeline, 'holdsState'>): string[] {
  // Distinct names first: a batch has thousands of events of a few hundred keys.
  const keys = new Set<string>();
  const accounts = new Set<string>();
  for (const e of events) {
    keys.add(e.api_key_id);
    accounts.add(e.account_id);
  }
  const ids: string[] = [];
  const want = (id: string): void => {
    if (!pipeline?.holdsState(id)) ids.push(id);
  };
  want(WATERMARK_STATE_ID);
  for (const k of keys) want(`key:${k}`);
  for (const a of accounts) want(`account:${a}`);
  return ids;
}

/**
 * One assigned partition's detection: a pipeline of its own, so results do not depend on which
 * consumer holds which partitions, the offsets it has detected and stored up to, and the chain of
 * its batches' writes. `Pipeline` asks for saved state synchronously, so the states a sub-batch
 * needs and the pipeline does not hold are fetched before it and handed over here.
 *
 * Batches are detected ahead of their writes (see BatchProcessor), so Redis can lag behind the
 * pipeline: the states of writes not yet acknowledged are kept here and laid over what Redis
 * returns, for a key that went cold in one batch and comes back in the next.
 */
export class PartitionWorker {
  readonly pipeline: Pipeline;
  private saved = new Map<string, string>();
  /** States handed to writes that Redis has not acknowledged, with the offset each write stores. */
  private readonly unacknowledged = new Map<string, { state: string; upTo: number }>();
  /** Offsets the writes queued or in flight will store, oldest first. */
  private readonly writing: number[] = [];
  /** Where the fetch position was last moved to for this worker (see BatchProcessor). */
  soughtTo: number | undefined;
  /** Last offset folded into the pipeline: at or past `applied` while writes are in flight. */
  detected: number | undefined;
  /** The last write queued; never rejects (a failure closes the worker). */
  tail: Promise<void> = Promise.resolve();
  /** Set when the worker is given up (a write failed, the partition was revoked): queued writes are skipped. */
  closed = false;

  constructor(
    /** Last offset whose effects are stored; undefined before the first. */
    public applied: number | undefined,
    options: Omit<PipelineOptions, 'loadState'>,
  ) {
    this.detected = applied;
    this.pipeline = new Pipeline({ ...options, loadState: (id) => this.saved.get(id) });
  }

  /** Whether Redis's offset is one this worker's writes explain (else another consumer wrote). */
  explains(stored: number | undefined): boolean {
    return stored === this.applied || (stored !== undefined && this.writing.includes(stored));
  }

  /** Call before sending a state read: states Redis acknowledged holding need no copy here. */
  forgetStored(): void {
    if (this.applied === undefined) return;
    for (const [id, s] of this.unacknowledged) if (s.upTo <= this.applied) this.unacknowledged.delete(id);
  }

  /**
   * States for the next sub-batch: Redis's, read at offset `stored`, with the states of writes it
   * does not reflect yet laid over them.
   */
  useSavedStates(states: Map<string, string>, stored: number | undefined): void {
    for (const [id, s] of this.unacknowledged) if (stored === undefined || s.upTo > stored) states.set(id, s.state);
    this.saved = states;
  }

  /** After a sub-batch: the states read for it are not needed any more (the pipeline holds them). */
  releaseSavedStates(): void {
    this.saved = new Map();
  }

  /** Records a write queued to store `states` with offset `upTo`. */
  queued(states: ReadonlyArray<{ id: string; state: string }>, upTo: number): void {
    for (const s of states) this.unacknowledged.set(s.id, { state: s.state, upTo });
    this.writing.push(upTo);
    this.detected = upTo;
  }

  /** Records that Redis acknowledged the oldest write: it holds its states and offset. */
  stored(upTo: number): void {
    this.applied = upTo;
    this.writing.shift();
  }
}
