import type { ReportData, ReportRecord } from '../../schemas/report';

/** A report as both stores keep it: the range in two columns, the data as JSON once made. */
export interface ReportRow {
  report_id: string;
  status: ReportRecord['status'];
  trigger: ReportRecord['trigger'];
  range_from: number;
  range_to: number;
  requested_by: string;
  created_at: number;
  finished_at: number | null;
  error: string | null;
  data: string | null;
}

export const toReportRecord = ({ range_from, range_to, data: _, ...r }: ReportRow): ReportRecord => ({
  ...r,
  range: { from: range_from, to: range_to },
});

export const reportData = (row: ReportRow): ReportData | null => (row.data === null ? null : (JSON.parse(row.data) as ReportData));

/** The row of a report finished at `now` with its data or an error. */
export function finishedRow(row: ReportRow, result: { data: ReportData } | { error: string }, now: number): ReportRow {
  const ok = 'data' in result;
  return {
    ...row,
    status: ok ? 'ready' : 'failed',
    finished_at: now,
    error: ok ? null : result.error,
    data: ok ? JSON.stringify(result.data) : null,
  };
}
