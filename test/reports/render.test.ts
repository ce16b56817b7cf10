import type { ReportData } from '../../schemas/report';
import { renderReport } from '../../services/reports/render';
import { change } from '../../services/reports/tables';

const XSS = '<img src=x onerror=alert(1)>';
const FORMULA = '=HYPERLINK("http://evil","x")';

const summary = { events: 10, tokens: 100, keys: 1, accounts: 1, alerts: 1, alerts_high_or_above: 1, decisions: 0, confirmed: 0, dismissed_false_positive: 0, precision: null };
const report: ReportData = {
  report_id: 'r-1',
  range: { from: Date.UTC(2026, 10, 2), to: Date.UTC(2026, 10, 9) },
  previous_range: { from: Date.UTC(2026, 9, 26), to: Date.UTC(2026, 10, 2) },
  generated_at: Date.UTC(2026, 10, 9, 6),
  summary,
  previous: { ...summary, events: 0 },
  daily: [{ day: Date.UTC(2026, 10, 2), events: 10, tokens: 100, keys: 1, alerts: { low: 0, medium: 0, high: 1, critical: 0 } }],
  alerts: { by_severity: { low: 0, medium: 0, high: 1, critical: 0 }, by_status: { open: 1, acknowledged: 0, confirmed: 0, dismissed: 0 }, by_detector: [], dismissed_by_reason: {} },
  top_keys: [{ api_key_id: XSS, account_id: FORMULA, requests: 10, tokens: 100, max_score: 0.9, alerts: 1 }],
  top_accounts: [],
  top_clusters: [],
  enforcement: { outcomes: [], failed_deliveries: 0 },
  campaigns: [],
};

describe('report rendering', () => {
  it('escapes attacker-chosen text in HTML and Markdown', () => {
    const html = renderReport(report, 'html').body;
    expect(html).not.toContain(XSS);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(renderReport(report, 'md').body).toContain('\\<img src=x onerror=alert(1)\\>');
  });

  it('keeps spreadsheet formulas from running in the CSV', () => {
    const csv = renderReport(report, 'csv').body;
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csv.split('\r\n')).toContain('Requests seen,10,0,new');
  });

  it('words changes', () => {
    expect([change(0, 0), change(5, 0), change(15, 10), change(5, 10), change(10, 10)]).toEqual(['', 'new', '+50%', '−50%', '±0%']);
  });
});
