import type { Reports } from '../../reports/service';
import type { JobDefinition } from '../registry';
import type { ReportPayload } from '../queues';
import { REPORT } from '../queues';

/** Makes a requested or scheduled report; a final failure marks it failed. */
export function reportJob(reports: Reports): JobDefinition<ReportPayload> {
  return { spec: REPORT, process: (p, ctx) => reports.run(p, ctx), onFailed: (p, ctx, err) => reports.fail(p, ctx, err) };
}
