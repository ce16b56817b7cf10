// The reports dialog: the stored abuse reports with their formats, and a form to ask for one.
import { ApiError, request, token } from './api.js';
import { el, fill } from './dom.js';
import { when } from './format.js';

const FORMATS = [
  ['html', 'HTML'],
  ['md', 'Markdown'],
  ['csv', 'CSV'],
  ['json', 'JSON'],
];
const DAY = 86_400_000;

function range(r) {
  const day = (ms) => new Date(ms).toISOString().slice(0, 10);
  return `${day(r.from)} – ${day(r.to - 1)}`;
}

/** Fills `tbody` with one row per report (GET /v1/reports); formats are links with `data-report`. */
export async function loadReports(tbody) {
  const { reports } = await request('GET', '/v1/reports');
  fill(
    tbody,
    reports.length
      ? reports.map((r) =>
          el(
            'tr',
            {},
            el('td', {}, range(r.range)),
            el('td', {}, r.trigger === 'schedule' ? 'weekly' : r.trigger === 'api' ? `asked by ${r.requested_by}` : 'command line'),
            el('td', { class: 'nowrap' }, when(r.created_at)),
            el(
              'td',
              {},
              r.status === 'ready'
                ? FORMATS.map(([ext, label]) => el('a', { href: `/v1/reports/${r.report_id}.${ext}`, 'data-report': `${r.report_id}.${ext}` }, label))
                : el('span', { class: `pill rep-${r.status}`, title: r.error ?? '' }, r.status),
            ),
          ),
        )
      : el('tr', {}, el('td', { colspan: 4, class: 'empty' }, 'No reports yet: the weekly one comes on Monday morning (UTC).')),
  );
}

/**
 * Opens a report in a new tab. The API wants the bearer token, which a plain link cannot send,
 * so the report is fetched here and shown from a blob.
 */
export async function openReport(file) {
  const tab = window.open('', '_blank');
  const res = await fetch(`/v1/reports/${file}`, { headers: { authorization: `Bearer ${token.get()}` } });
  if (!res.ok) {
    tab?.close();
    throw new ApiError(res.status, (await res.json().catch(() => null))?.error);
  }
  const url = URL.createObjectURL(await res.blob());
  if (tab) tab.location = url;
  else window.location.assign(url);
}

/** POST /v1/reports for the days picked (the last one included). */
export function requestReport(fields) {
  return request('POST', '/v1/reports', { from: Date.parse(`${fields.from}T00:00:00Z`), to: Date.parse(`${fields.to}T00:00:00Z`) + DAY });
}
