import type { ReportData } from '../../../schemas/report';
import { display, periodLabel, reportTables } from '../tables';

// Table cells are one line, and key ids or summaries may hold Markdown: escape what would break the table or format.
const cell = (s: string) => s.replace(/[\\|*_`[\]<>#]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');

export function renderMarkdown(r: ReportData): string {
  const lines = [`# DistillGuard abuse report`, '', `Period: ${periodLabel(r)} · report \`${r.report_id}\``, ''];
  for (const t of reportTables(r)) {
    lines.push(`## ${t.title}`, '');
    lines.push(`| ${t.columns.map((c) => cell(c.label)).join(' | ')} |`);
    lines.push(`| ${t.columns.map((c) => (c.numeric ? '---:' : '---')).join(' | ')} |`);
    for (const row of t.rows) lines.push(`| ${row.map((v) => cell(display(v))).join(' | ')} |`);
    lines.push('');
  }
  return lines.join('\n');
}
