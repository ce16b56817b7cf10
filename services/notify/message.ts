import type { Severity } from '../../schemas/alert';
import { severityRank } from '../../schemas/alert';
import type { AlertRecord } from '../../schemas/api';

/** The JSON notification: the alert's identity, why it fired, and where to triage it. */
export interface AlertNotification {
  type: 'alert.new' | 'alert.escalated';
  alert_id: string;
  kind: AlertRecord['kind'];
  api_key_id: string;
  account_id: string;
  severity: Severity;
  score: number;
  detected_at: number;
  requests_total: number;
  signals: Array<{ detector: string; score: number; summary: string }>;
  url: string;
}

/** The triage page opens the alert given in the fragment. */
export const alertLink = (publicUrl: string, alertId: string) => `${publicUrl.replace(/\/$/, '')}/#alert=${encodeURIComponent(alertId)}`;

export function alertNotification(alert: AlertRecord, severity: Severity, url: string): AlertNotification {
  const first = alert.severity_history[0]?.severity ?? severity;
  return {
    type: severityRank(severity) > severityRank(first) ? 'alert.escalated' : 'alert.new',
    alert_id: alert.alert_id,
    kind: alert.kind,
    api_key_id: alert.api_key_id,
    account_id: alert.account_id,
    severity,
    score: alert.score,
    detected_at: alert.detected_at,
    requests_total: alert.requests_total,
    signals: [...alert.signals].sort((a, b) => b.score - a.score).map(({ detector, score, summary }) => ({ detector, score, summary })),
    url,
  };
}

// Slack's mrkdwn treats these three as markup; key ids and summaries are not ours to trust.
const mrkdwn = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
const SIGNALS_SHOWN = 3;

/** A Slack incoming-webhook message: a headline with the link, then the strongest signals. */
export function slackMessage(n: AlertNotification): { text: string; blocks: unknown[] } {
  const verb = n.type === 'alert.escalated' ? 'escalated to' : 'new';
  const headline = `${n.severity.toUpperCase()} (${verb}) ${n.kind} alert on key \`${mrkdwn(n.api_key_id)}\` · account \`${mrkdwn(n.account_id)}\` · score ${n.score.toFixed(2)}`;
  const signals = n.signals
    .slice(0, SIGNALS_SHOWN)
    .map((s) => `• *${s.detector}* ${s.score.toFixed(2)}: ${mrkdwn(s.summary)}`)
    .join('\n');
  return {
    text: `${headline} <${n.url}|Open in DistillGuard>`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `${headline}\n<${n.url}|Open in DistillGuard>` } },
      ...(signals ? [{ type: 'section', text: { type: 'mrkdwn', text: signals } }] : []),
    ],
  };
}
