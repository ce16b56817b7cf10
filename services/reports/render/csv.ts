import type { ReportData } from '../../../schemas/report';
import type { Cell } from '../tables';
import { reportTables } from '../tables';

/**
 * A field: quoted when it holds a separator, quote or line break (RFC 4180). Text that a
 * spreadsheet would run as a formula (=, +, -, @ first) is prefixed with a quote: key ids and
 * summaries come from outside.
 */
function field(v: Cell): string {
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Every table of the report, one after the other: a title line, a header, its rows, a blank line. */
export function renderCsv(r: ReportData): string {
  const lines: string[] = [];
  for (const t of reportTables(r)) {
    lines.push(field(t.title), t.columns.map((c) => field(c.label)).join(','));
    for (const row of t.rows) lines.push(row.map(field).join(','));
    lines.push('');
  }
  return lines.join('\r\n');
}
