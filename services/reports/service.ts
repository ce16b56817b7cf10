import type { Range, ReportData, ReportRecord } from '../../schemas/report';
import type { JobContext, Producer } from '../jobs/queue';
import { mustExist } from '../jobs/queue';
import type { ReportPayload } from '../jobs/queues';
import { jobIds } from '../jobs/queues';
import type { ReportStore } from '../store/actions';
import type { ReportReadStore } from './gather';
import { gatherReport } from './gather';
import { requestedReportId, scheduledReportId, weekBefore } from './range';

export interface ReportsDeps {
  store: ReportStore & ReportReadStore;
  report: Producer<ReportPayload>;
}

/** Reports on request and on schedule: recorded as pending, made by the report job, stored with their data. */
export class Reports {
  constructor(private readonly d: ReportsDeps) {}

  /** `POST /v1/reports`: answers at once with the pending report; the job fills it in. */
  async request(range: Range, actor: string): Promise<ReportRecord> {
    const record = await this.d.store.createReport({ report_id: requestedReportId(Date.now()), trigger: 'api', range, requested_by: actor });
    await this.d.report.add({ report_id: record.report_id }, { jobId: jobIds.report(record.report_id) });
    return record;
  }

  /** The report job; the weekly schedule's job names no report, so it covers the week before it fired. */
  async run(p: ReportPayload, ctx: JobContext): Promise<void> {
    await makeReport(this.d.store, p.report_id ?? (await this.scheduled(ctx)).report_id);
  }

  /** After the job's last try: the report shows as failed, with why. */
  async fail(p: ReportPayload, ctx: JobContext, err: Error): Promise<void> {
    await this.d.store.finishReport(p.report_id ?? (await this.scheduled(ctx)).report_id, { error: err.message });
  }

  private scheduled(ctx: JobContext): Promise<ReportRecord> {
    const range = weekBefore(ctx.dueAt);
    return this.d.store.createReport({ report_id: scheduledReportId(range), trigger: 'schedule', range, requested_by: 'schedule' });
  }
}

/** Fills in a recorded report: the job's work, and `distillguard report`'s, which runs it in place. */
export async function makeReport(store: ReportStore & ReportReadStore, reportId: string): Promise<ReportData> {
  const { record, data } = await mustExist(store.getReport(reportId));
  // A retry after the data was stored, or a schedule that fired twice for one week.
  if (data) return data;
  const made = await gatherReport(store, reportId, record.range, Date.now());
  await store.finishReport(reportId, { data: made });
  return made;
}
