import type { ReportData, ReportFormat } from '../../../schemas/report';
import { renderCsv } from './csv';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';

const RENDERERS: Record<ReportFormat, { type: string; render(r: ReportData): string }> = {
  json: { type: 'application/json', render: (r) => JSON.stringify(r, null, 2) },
  html: { type: 'text/html', render: renderHtml },
  md: { type: 'text/markdown', render: renderMarkdown },
  csv: { type: 'text/csv', render: renderCsv },
};

/** The report in a format, with its media type. */
export function renderReport(r: ReportData, format: ReportFormat): { type: string; body: string } {
  const { type, render } = RENDERERS[format];
  return { type: `${type}; charset=utf-8`, body: render(r) };
}
