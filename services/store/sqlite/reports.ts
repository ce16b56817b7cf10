import type { Database, Statement } from 'better-sqlite3';
import type { ReportData, ReportRecord } from '../../../schemas/report';
import type { NewReport } from '../actions';
import { NotFoundError } from '../errors';
import type { ReportRow } from '../report-rows';
import { finishedRow, reportData, toReportRecord } from '../report-rows';

/** Reports as requested and, once made, their content (the JSON format; others render from it). */
export class ReportTable {
  private readonly insert: Statement;
  private readonly finish: Statement;
  private readonly byId: Statement<[string], ReportRow>;
  private readonly newest: Statement<[number], ReportRow>;

  constructor(
    db: Database,
    private readonly now: () => number,
  ) {
    this.insert = db.prepare(
      `INSERT OR IGNORE INTO reports (report_id, status, trigger, range_from, range_to, requested_by, created_at)
       VALUES (@report_id, 'pending', @trigger, @range_from, @range_to, @requested_by, @created_at)`,
    );
    this.finish = db.prepare(
      `UPDATE reports SET status = @status, finished_at = @finished_at, error = @error, data = @data
       WHERE report_id = @report_id`,
    );
    this.byId = db.prepare('SELECT * FROM reports WHERE report_id = ?');
    this.newest = db.prepare('SELECT * FROM reports ORDER BY created_at DESC, report_id DESC LIMIT ?');
  }

  create(r: NewReport): ReportRecord {
    this.insert.run({ ...r, range_from: r.range.from, range_to: r.range.to, created_at: this.now() });
    return toReportRecord(this.row(r.report_id));
  }

  complete(reportId: string, result: { data: ReportData } | { error: string }): ReportRecord {
    const row = finishedRow(this.row(reportId), result, this.now());
    this.finish.run(row);
    return toReportRecord(row);
  }

  get(reportId: string): { record: ReportRecord; data: ReportData | null } {
    const row = this.row(reportId);
    return { record: toReportRecord(row), data: reportData(row) };
  }

  list(limit: number): ReportRecord[] {
    return this.newest.all(limit).map(toReportRecord);
  }

  private row(reportId: string): ReportRow {
    const row = this.byId.get(reportId);
    if (!row) throw new NotFoundError('report', reportId);
    return row;
  }
}
