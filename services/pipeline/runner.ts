import type { Logger } from 'pino';
import type { RequestLogEvent } from '../../schemas/event';
import type { DetectionBatch, DetectionCommitter } from '../store/types';
import type { Pipeline } from './pipeline';

export interface SourcedEvents {
  events: RequestLogEvent[];
  /** The position after the last event returned; unchanged when nothing was returned. */
  position: string | undefined;
}

/** Where the runner reads events: the SQLite journal in `serve`, a Kafka topic later. */
export interface EventSource {
  /** Names the source in the store's positions. */
  readonly name: string;
  /** Up to `max` events after `after` (from the start when undefined), in order. */
  read(after: string | undefined, max: number): SourcedEvents;
  /** Everything up to `position` is stored downstream; the source may forget it. */
  release(position: string): void;
  /** Resolves when events may have arrived, or after `timeoutMs`. */
  waitForEvents(timeoutMs: number): Promise<void>;
  /** Resolves a pending `waitForEvents` now. */
  interrupt(): void;
}

export type RunnerState = 'idle' | 'running' | 'stopping' | 'stopped' | 'failed';

export interface RunnerOptions {
  /** Events per batch: one store transaction each, and the longest the HTTP server waits on it. */
  batchSize?: number;
  /** How long to wait for new events before looking again anyway. */
  idleMs?: number;
  log: Logger;
  /** Called after each committed batch. */
  onCommitted?: (events: number, batch: DetectionBatch) => void;
}

type Processor = Pick<Pipeline, 'process' | 'drain' | 'takeDirtyStates'>;

/**
 * Drives the pipeline: read a batch after the committed position, process it, then store its
 * output, the detector state and the new position in one commit. A crash anywhere replays
 * exactly the uncommitted events against the state as committed, so results do not change.
 */
export class PipelineRunner {
  private current: RunnerState = 'idle';
  private loop: Promise<void> | undefined;
  private failure: Error | undefined;
  private position: string | undefined;

  constructor(
    private readonly source: EventSource,
    private readonly pipeline: Processor,
    private readonly store: DetectionCommitter,
    private readonly options: RunnerOptions,
  ) {}

  get state(): RunnerState {
    return this.current;
  }

  get error(): Error | undefined {
    return this.failure;
  }

  /** Resumes after the committed position; resolves once running. `done` settles when it stops. */
  async start(): Promise<{ done: Promise<void> }> {
    this.position = await this.store.committedPosition(this.source.name);
    // A crash between a commit and its release leaves consumed events behind; drop them now.
    if (this.position !== undefined) this.source.release(this.position);
    this.current = 'running';
    this.options.log.info({ source: this.source.name, position: this.position ?? null }, 'pipeline runner started');
    this.loop = this.run();
    return { done: this.loop };
  }

  /** Finishes and commits the batch in hand, then stops; unread events stay in the source. */
  async stop(): Promise<void> {
    if (this.current === 'running') this.current = 'stopping';
    this.source.interrupt();
    await this.loop;
  }

  /** Processes and commits one batch; false when there was nothing to read. */
  private async step(): Promise<boolean> {
    const { events, position } = this.source.read(this.position, this.options.batchSize ?? 1000);
    if (events.length === 0 || position === undefined) return false;
    for (const event of events) this.pipeline.process(event);
    const batch: DetectionBatch = {
      output: this.pipeline.drain(),
      states: this.pipeline.takeDirtyStates(),
      position: { source: this.source.name, offset: position },
    };
    await this.store.commitBatch(batch);
    this.position = position;
    this.source.release(position);
    this.options.log.debug({ events: events.length, alerts: batch.output.alerts.length, position }, 'batch committed');
    this.options.onCommitted?.(events.length, batch);
    return true;
  }

  private async run(): Promise<void> {
    try {
      while (this.current === 'running') {
        const progressed = await this.step();
        // Yield between batches so HTTP requests are served while the pipeline catches up.
        if (progressed) await new Promise<void>((resolve) => setImmediate(resolve));
        else await this.source.waitForEvents(this.options.idleMs ?? 250);
      }
      this.current = 'stopped';
      this.options.log.info({ position: this.position ?? null }, 'pipeline runner stopped');
    } catch (err) {
      // The pipeline's memory is now ahead of what is committed: stop, a restart replays.
      this.failure = err as Error;
      this.current = 'failed';
      this.options.log.error({ err }, 'pipeline runner failed');
    }
  }
}
