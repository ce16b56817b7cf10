import type { TextFeatures } from '../../detectors/features/text';
import type { Severity, AlertStatus } from '../../schemas/alert';
import type {
  AlertDetail,
  AlertListQuery,
  AlertRecord,
  AllowlistCreate,
  AllowlistEntry,
  AuditEntry,
  AuditQuery,
  DismissReason,
  KeyProfile,
} from '../../schemas/api';
import type { RequestLogEvent } from '../../schemas/event';
import type { ActionStore } from './actions';
import type { PipelineOutput } from '../pipeline/types';

/*
 * Who keeps what.
 *
 * Embedded (`distillguard serve`): `SqliteStore` keeps everything in one file: events (journal),
 * detection output, triage, detector state and consumed positions. It is a `DataStore`, a
 * `DetectorStateView` and a `DetectionCommitter`, whose `commitBatch` stores output, state and
 * position in one transaction.
 *
 * Scale-out: `ClickHouseStore` (`services/store/clickhouse/store.ts`, `openClickHouseStore`)
 * keeps the data: raw events (`EventSink`), detection output (`DetectionSink`), triage, allow-list,
 * audit, suppressions, and what acting on alerts records (`ActionStore`). It is a `DataStore` and
 * an `EventSink`, and keeps no detector state and no positions: those live in Redis, owned by the
 * Kafka consumer. ClickHouse has no transactions, so the consumer writes the output first and the
 * state and position after it; a crash in between replays the batch, and `writeOutput` is
 * idempotent, so the replay changes nothing. Its allow-list copy refreshes on a timer
 * (CLICKHOUSE_ALLOWLIST_REFRESH_MS), so another instance's edit reaches `isAllowlisted` late.
 */

/** A serialised detector state, as `Pipeline.takeDirtyStates` hands it over. */
export interface DetectorState {
  id: string;
  state: string;
  /** A key's or an account's: the event time of its latest event, by which scale-out prunes states long idle. */
  at?: number;
}

/** How far a source of events has been consumed; the offset is the source's own notation. */
export interface SourcePosition {
  source: string;
  offset: string;
}

/** Everything one processed batch changed, stored at once with the position it reached. */
export interface DetectionBatch {
  output: PipelineOutput;
  states: DetectorState[];
  position: SourcePosition;
}

/** Where detection output goes. */
export interface DetectionSink {
  /**
   * Stores the output; durable and readable when the promise resolves. Idempotent: writing the
   * same output again duplicates nothing. Alerts are upserted: detection fields are replaced,
   * triage fields (status, assignee, notes) kept. A new alert of a key under a false-positive
   * suppression at or above its severity is stored already dismissed (audit action `suppressed`).
   */
  writeOutput(output: PipelineOutput): Promise<void>;
}

/**
 * Events as an `EventSink` stores them (ClickHouse: RowBinary rows), in buffers off the JavaScript
 * heap: a caller holds these between detecting events and writing them, not the events.
 */
export interface EncodedEvents {
  readonly columns: readonly string[];
  readonly chunks: readonly Buffer[];
  readonly count: number;
}

/** Where raw events go in scale-out mode (the embedded journal is the SQLite store's own). */
export interface EventSink {
  /**
   * Encodes events for `writeEncodedEvents`, at once. `text[i]`: the text features of `events[i]`
   * when the caller extracted them already (for detection).
   */
  encodeEvents(events: readonly RequestLogEvent[], text?: ReadonlyArray<TextFeatures | undefined>): EncodedEvents;
  /**
   * Queues the events of one or more `encodeEvents` calls, in order; resolves once they are
   * stored, rejects if they cannot be (a permanent error; transient ones are retried). Idempotent
   * per request_id in the long run (the table replaces duplicates when it merges), so redelivered
   * events may be written again.
   */
  writeEncodedEvents(parts: readonly EncodedEvents[]): Promise<void>;
  /** Rows queued and not yet stored: pause consuming while this is high. */
  backlog(): number;
}

/**
 * Whether a key or account is allow-listed at event time `ts`. Synchronous because the pipeline
 * asks for every assessment: implementations answer from an in-memory copy (the ClickHouse store
 * refreshes it periodically and after its own edits, so other instances' edits show within the
 * refresh interval).
 */
export interface AllowlistView {
  isAllowlisted(apiKeyId: string, accountId: string, ts: number): boolean;
}

/** Persisted detector state; synchronous because `Pipeline` asks in the middle of an event. */
export interface DetectorStateView {
  loadState(id: string): string | undefined;
}

/** The embedded mode's atomic step, which the pipeline runner drives. */
export interface DetectionCommitter {
  /** Stores output, detector state and position at once: a crash replays exactly what was not stored. */
  commitBatch(batch: DetectionBatch): Promise<void>;
  committedPosition(source: string): Promise<string | undefined>;
}

export interface Page<T> {
  items: T[];
  /** Null on the last page. */
  next_cursor: string | null;
}

export interface AlertChange {
  status?: AlertStatus;
  reason?: DismissReason;
  /** Null unassigns. */
  assignee?: string | null;
  note?: string;
}

export interface AllowlistFilter {
  includeInactive: boolean;
}

/** What a cluster alert shows of one member key (see `AlertStore.memberKeys`). */
export interface MemberKey {
  account_id: string;
  /** Allow-listed now, by key or account. */
  allowlisted: boolean;
  /** The key's own alerts (not those listing it as a member), newest first, at most `PROFILE_ALERTS`. */
  alerts: AlertRecord[];
}

/**
 * The analyst side: what the API reads and triages. Errors: `NotFoundError`, `TransitionError`
 * (an impossible status change), `InvalidCursorError`. Wall-clock times (`updated_at`, audit `at`,
 * allow-list and suppression times) come from the implementation's clock; alert times are event
 * times from the detection core. A write is visible to the next read through the same store.
 */
export interface AlertStore {
  listAlerts(query: AlertListQuery): Promise<Page<AlertRecord>>;
  getAlert(alertId: string): Promise<AlertDetail>;
  /** Applies a triage change as `actor`; every part of it is audited. */
  updateAlert(alertId: string, change: AlertChange, actor: string): Promise<AlertRecord>;
  keyProfile(apiKeyId: string): Promise<KeyProfile>;
  /**
   * The member keys of a cluster, read together however many there are (a key profile each would
   * be two queries per member); keys the store knows nothing of are absent.
   */
  memberKeys(apiKeyIds: readonly string[]): Promise<Map<string, MemberKey>>;
  listAllowlist(filter: AllowlistFilter): Promise<AllowlistEntry[]>;
  addAllowlistEntry(entry: AllowlistCreate, actor: string): Promise<AllowlistEntry>;
  /** Removes an entry and returns it as it was (its key or account may now be enforced against). */
  removeAllowlistEntry(entryId: string, actor: string): Promise<AllowlistEntry>;
  listAudit(query: AuditQuery): Promise<Page<AuditEntry>>;
  /** Alert counts by severity and status, for metrics. */
  countAlerts(): Promise<Array<{ severity: Severity; status: AlertStatus; count: number }>>;

  /** Throws when the store cannot serve requests. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * What both implementations are, and what `test/store/store-contract.ts` checks: the same
 * output written gives the same answers from either.
 */
export type DataStore = AlertStore & DetectionSink & AllowlistView & ActionStore;
