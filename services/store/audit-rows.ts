import type { AuditEntry } from '../../schemas/api';
import { sortableId } from './ids';
import type { KeysetOrder } from './keyset';

/** An audit entry as both stores keep it: details as JSON. */
export type AuditRow = Omit<AuditEntry, 'details'> & { details: string };

export const AUDIT_ORDER: KeysetOrder<AuditRow> = {
  name: 'audit',
  columns: [
    { name: 'at', type: 'number' },
    { name: 'audit_id', type: 'string' },
  ],
  descending: true,
};

export const toAuditEntry = (r: AuditRow): AuditEntry => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> });

/** What one records; the store adds the id and its clock's time. */
export type AuditInput = Omit<AuditEntry, 'audit_id' | 'at'>;

export function newAuditRow(entry: AuditInput, at: number): AuditRow {
  return { ...entry, audit_id: sortableId(at), at, details: JSON.stringify(entry.details) };
}
