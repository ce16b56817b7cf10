import type { Database, Statement } from 'better-sqlite3';
import type { Delivery } from '../../../schemas/enforcement';
import type { DeliveryAttempt } from '../actions';
import { deliveryAudit } from '../decisions';
import type { AuditLog } from './audit-log';

/** The latest state of each message sent out; its final failure is audited on the subject. */
export class DeliveryTable {
  private readonly upsert: Statement;
  private readonly byId: Statement<[string], Delivery>;
  private readonly bySubject: Statement<[string, string], Delivery>;

  constructor(
    db: Database,
    private readonly audit: AuditLog,
    private readonly now: () => number,
  ) {
    this.upsert = db.prepare(
      `INSERT OR REPLACE INTO deliveries (delivery_id, subject_type, subject_id, channel, event, status, attempts, error, updated_at)
       VALUES (@delivery_id, @subject_type, @subject_id, @channel, @event, @status, @attempts, @error, @updated_at)`,
    );
    const columns = 'delivery_id, channel, event, status, attempts, error, updated_at';
    this.byId = db.prepare(`SELECT ${columns} FROM deliveries WHERE delivery_id = ?`);
    this.bySubject = db.prepare(
      `SELECT ${columns} FROM deliveries WHERE subject_type = ? AND subject_id = ? ORDER BY updated_at, delivery_id`,
    );
  }

  /** Runs inside the caller's transaction. */
  record(a: DeliveryAttempt): void {
    this.upsert.run({ ...a, updated_at: this.now() });
    this.audit.recordAll(deliveryAudit(a));
  }

  get(deliveryId: string): Delivery | undefined {
    return this.byId.get(deliveryId);
  }

  of(subjectType: DeliveryAttempt['subject_type'], subjectId: string): Delivery[] {
    return this.bySubject.all(subjectType, subjectId);
  }
}
