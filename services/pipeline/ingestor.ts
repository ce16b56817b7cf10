import type { IngestResult } from '../../schemas/api';
import type { ParseResult, RequestLogEvent } from '../../schemas/event';

/** Where accepted events are made durable before they are acknowledged. */
export interface EventJournal {
  append(events: readonly RequestLogEvent[]): void;
  /** Events accepted but not yet consumed by the pipeline. */
  backlog(): number;
}

/** One decoded line of an ingest request, numbered as the client will see it in `rejected`. */
export type IngestLine = ParseResult & { line: number };

/** What HTTP ingest drives: this journal's Ingestor (embedded) or the Kafka one (scale-out). */
export interface EventIngest {
  /** Throws BackpressureError, before the body is read, when events cannot be taken now. */
  checkCapacity(): void;
  ingest(lines: readonly IngestLine[]): IngestResult | Promise<IngestResult>;
}

/** Ingest is refused for now; the client should retry after `retryAfterSeconds`. */
export class BackpressureError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    /** True when the pipeline is not running at all (503) rather than only behind (429). */
    readonly unavailable: boolean,
  ) {
    super(message);
  }
}

export interface IngestorOptions {
  maxBacklog: number;
  /** False when the pipeline has stopped: the backlog would only grow. */
  isConsuming: () => boolean;
  onIngested?: (accepted: number, rejected: number) => void;
}

// A pipeline that is behind catches up in seconds; one that is down needs an operator.
const RETRY_WHEN_BEHIND_S = 2;
const RETRY_WHEN_DOWN_S = 30;

/**
 * The one ingest path, shared by HTTP and the demo feed: refuse when the pipeline is behind,
 * otherwise journal every valid event durably and report the invalid ones.
 */
export class Ingestor implements EventIngest {
  constructor(
    private readonly journal: EventJournal,
    private readonly options: IngestorOptions,
  ) {}

  checkCapacity(): void {
    if (!this.options.isConsuming()) {
      throw new BackpressureError('the detection pipeline is not running', RETRY_WHEN_DOWN_S, true);
    }
    const backlog = this.journal.backlog();
    if (backlog >= this.options.maxBacklog) {
      throw new BackpressureError(
        `the detection pipeline is ${backlog} events behind; retry later`,
        RETRY_WHEN_BEHIND_S,
        false,
      );
    }
  }

  ingest(lines: readonly IngestLine[]): IngestResult {
    this.checkCapacity();
    const events: RequestLogEvent[] = [];
    const rejected: IngestResult['rejected'] = [];
    for (const l of lines) {
      if (l.ok) events.push(l.event);
      else rejected.push({ line: l.line, reason: l.reason });
    }
    this.journal.append(events);
    this.options.onIngested?.(events.length, rejected.length);
    return { accepted: events.length, rejected };
  }
}
