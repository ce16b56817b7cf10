import { ErrorSchema } from '../../../schemas/api';
import { ReportCreateSchema, ReportDetailSchema, ReportListSchema, ReportParamsSchema, ReportRecordSchema } from '../../../schemas/report';
import { renderReport } from '../../reports/render';
import type { Reports } from '../../reports/service';
import type { ReportStore } from '../../store/actions';
import { ApiError } from '../errors';
import type { RouteSpec } from '../route';
import { defineRoute } from '../route';

const LIST_LIMIT = 200;

export function reportRoutes(store: ReportStore, reports: Reports): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/reports',
      tag: 'reports',
      summary: 'List abuse reports, weekly and requested',
      permission: 'read',
      responses: { 200: { description: `The latest ${LIST_LIMIT}, newest first.`, schema: ReportListSchema } },
      handler: async () => ({ status: 200, body: { reports: await store.listReports(LIST_LIMIT) } }),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/reports',
      tag: 'reports',
      summary: 'Request a report on a period',
      description: 'Made by a job; poll `GET /v1/reports/{report_id}` until its status is `ready`.',
      permission: 'triage',
      body: { kind: 'json', schema: ReportCreateSchema },
      responses: { 202: { description: 'The report, pending.', schema: ReportRecordSchema } },
      handler: async ({ body, actor }) => ({ status: 202, body: await reports.request(body, actor.id) }),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/reports/{report_id}',
      tag: 'reports',
      summary: 'A report: its record, or the report itself as .json, .html, .md or .csv',
      description:
        '`/v1/reports/r-1` is the record with the report data once ready; `/v1/reports/r-1.html` is the ' +
        'printable report with charts, `.md` Markdown, `.csv` every table, `.json` the data alone.',
      permission: 'read',
      params: ReportParamsSchema,
      responses: {
        200: { description: 'The record (JSON), or the report in the format asked for.', schema: ReportDetailSchema },
        404: { description: 'No such report.', schema: ErrorSchema },
        409: { description: 'The report is not ready (pending or failed).', schema: ErrorSchema },
      },
      handler: async ({ params }) => {
        const { id, format } = params.report_id;
        const { record, data } = await store.getReport(id);
        if (format === null) return { status: 200, body: { ...record, data } };
        if (!data) throw new ApiError(409, 'report_not_ready', `report ${id} is ${record.status}${record.error ? `: ${record.error}` : ''}`);
        const { type, body } = renderReport(data, format);
        return { status: 200, body, type };
      },
    }),
  ];
}
