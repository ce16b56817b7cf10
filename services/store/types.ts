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
import type { PipelineOutput } from '../pipeline/types';

/** A serialised detector state, as `Pipeline.takeDirtyStates` hands it over. */
export interface DetectorState {
  id: string;
  state: string;
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

/**
 * Where alerts, their triage and the detector's persisted state live. Implementations: SQLite
 * (embedded `serve`) and, later, ClickHouse; both must pass `test/store/store-contract.ts`.
 *
 * Errors: `NotFoundError`, `TransitionError` (an impossible status change), `InvalidCursorError`.
 * Wall-clock times (`updated_at`, audit `at`, allow-list and suppression times) come from the
 * implementation's clock; alert times are event times from the detection core.
 */
export interface AlertStore {
  // ---- detection side ----

  /**
   * Stores a batch atomically with its position: a crash replays exactly what was not stored.
   * Alerts are upserted: detection fields are replaced, triage fields (status, assignee, notes)
   * kept. A new alert of a key under a false-positive suppression at or above its severity is
   * stored already dismissed (audit action `suppressed`).
   */
  commitBatch(batch: DetectionBatch): Promise<void>;
  committedPosition(source: string): Promise<string | undefined>;
  /**
   * Synchronous because `Pipeline` asks for state in the middle of processing an event; an
   * implementation over a remote database keeps the working set in memory.
   */
  loadState(id: string): string | undefined;
  /** Synchronous for the same reason; consulted by the pipeline for every assessment. */
  isAllowlisted(apiKeyId: string, accountId: string, ts: number): boolean;

  // ---- analyst side ----

  listAlerts(query: AlertListQuery): Promise<Page<AlertRecord>>;
  getAlert(alertId: string): Promise<AlertDetail>;
  /** Applies a triage change as `actor`; every part of it is audited. */
  updateAlert(alertId: string, change: AlertChange, actor: string): Promise<AlertRecord>;
  keyProfile(apiKeyId: string): Promise<KeyProfile>;
  listAllowlist(filter: AllowlistFilter): Promise<AllowlistEntry[]>;
  addAllowlistEntry(entry: AllowlistCreate, actor: string): Promise<AllowlistEntry>;
  removeAllowlistEntry(entryId: string, actor: string): Promise<void>;
  listAudit(query: AuditQuery): Promise<Page<AuditEntry>>;
  /** Alert counts by severity and status, for metrics. */
  countAlerts(): Promise<Array<{ severity: Severity; status: AlertStatus; count: number }>>;

  /** Throws when the store cannot serve requests. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
