import type { Alert } from '../../schemas/alert';
import type { AlertRecord, AlertSort } from '../../schemas/api';
import type { KeysetOrder } from './keyset';
import type { Triage } from './triage';

/**
 * An alert as both stores keep it: the detection core's alert as JSON in `body`, the columns
 * listings filter and sort on, and the triage.
 */
export interface AlertRow extends Triage {
  alert_id: string;
  api_key_id: string;
  severity_rank: number;
  detected_at: number;
  updated_at: number;
  body: string;
}

const byDetected = (descending: boolean): KeysetOrder<AlertRow> => ({
  name: `alerts/detected_at:${descending ? 'desc' : 'asc'}`,
  columns: [
    { name: 'detected_at', type: 'number' },
    { name: 'alert_id', type: 'string' },
  ],
  descending,
});

export const ALERT_ORDERS: Record<AlertSort, KeysetOrder<AlertRow>> = {
  'detected_at:desc': byDetected(true),
  'detected_at:asc': byDetected(false),
  'severity:desc': {
    name: 'alerts/severity:desc',
    columns: [
      { name: 'severity_rank', type: 'number' },
      { name: 'detected_at', type: 'number' },
      { name: 'alert_id', type: 'string' },
    ],
    descending: true,
  },
};

export function toAlertRecord(row: AlertRow): AlertRecord {
  const alert = JSON.parse(row.body) as Alert;
  return {
    ...alert,
    status: row.status,
    assignee: row.assignee,
    dismiss_reason: row.dismiss_reason,
    updated_at: row.updated_at,
  };
}
