import type { Database, Statement } from 'better-sqlite3';
import type { RequestLogEvent } from '../../../schemas/event';
import type { EventSource, SourcedEvents } from '../../pipeline/runner';
import type { EventJournal } from '../../pipeline/ingestor';

/**
 * The durable ingest journal of the embedded mode: accepted events are committed here before the
 * client hears 202, and the pipeline runner consumes them in order of `seq`. Borrows the store's
 * connection, so the runner's commit of a batch and its position is one SQLite transaction.
 */
export class SqliteJournal implements EventJournal, EventSource {
  readonly name = 'journal';
  private readonly insert: Statement<[string]>;
  private readonly after: Statement<[number, number], { seq: number; event: string }>;
  private readonly deleteThrough: Statement<[number]>;
  private lastSeq: number;
  private releasedSeq: number;
  private wake: (() => void) | undefined;

  constructor(private readonly db: Database) {
    this.insert = db.prepare('INSERT INTO journal (event) VALUES (?)');
    this.after = db.prepare('SELECT seq, event FROM journal WHERE seq > ? ORDER BY seq LIMIT ?');
    this.deleteThrough = db.prepare('DELETE FROM journal WHERE seq <= ?');
    // AUTOINCREMENT never reuses a seq, so sqlite_sequence knows the last one even when the
    // runner has deleted every row.
    const last = db.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'journal'").get();
    const first = db.prepare<[], { seq: number | null }>('SELECT min(seq) AS seq FROM journal').get();
    this.lastSeq = last?.seq ?? 0;
    this.releasedSeq = first?.seq != null ? first.seq - 1 : this.lastSeq;
  }

  /** Appends validated events in one transaction: all are durable when this returns, or none. */
  append(events: readonly RequestLogEvent[]): void {
    if (events.length === 0) return;
    this.db.transaction(() => {
      for (const e of events) this.lastSeq = Number(this.insert.run(JSON.stringify(e)).lastInsertRowid);
    })();
    this.wake?.();
  }

  /** Events appended but not yet released by the runner. */
  backlog(): number {
    return this.lastSeq - this.releasedSeq;
  }

  read(after: string | undefined, max: number): SourcedEvents {
    const rows = this.after.all(after === undefined ? 0 : Number(after), max);
    return {
      // Only validated events are ever appended, so the rows are trusted as they are.
      events: rows.map((r) => JSON.parse(r.event) as RequestLogEvent),
      position: rows.length ? String(rows[rows.length - 1].seq) : after,
    };
  }

  release(position: string): void {
    const seq = Number(position);
    this.deleteThrough.run(seq);
    this.releasedSeq = Math.max(this.releasedSeq, seq);
  }

  waitForEvents(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.wake = done;
    });
  }

  /** Ends a pending `waitForEvents` at once, e.g. when the runner stops. */
  interrupt(): void {
    this.wake?.();
  }
}
