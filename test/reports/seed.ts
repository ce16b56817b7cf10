import type { Alert } from '../../schemas/alert';
import type { ActionStore } from '../../services/store/actions';
import type { DataStore } from '../../services/store/types';
import { makeAlert, outputOf } from '../support/fixtures';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

const SIGNALS: Record<string, Alert['signals']> = {
  harvest: [
    { detector: 'harvesting', score: 0.93, summary: 'Sampled the same prompts 6.1 times on average (n up to 8)', evidence: { resamples: 6.1 } },
    { detector: 'templating', score: 0.88, summary: '91% of prompts fill one of 3 templates', evidence: { templated_share: 0.91 } },
    { detector: 'volume', score: 0.7, summary: '14x the key’s usual hourly volume', evidence: { ratio: 14 } },
  ],
  cot: [
    { detector: 'elicitation', score: 0.9, summary: 'Asks for step-by-step reasoning in 97% of prompts', evidence: { share: 0.97 } },
    { detector: 'coverage', score: 0.81, summary: 'Covers 27 of 31 capability areas in 2 days', evidence: { areas: 27 } },
  ],
  timing: [{ detector: 'timing', score: 0.66, summary: 'Requests every 1.02 s ± 0.03 s, day and night', evidence: { cv: 0.03 } }],
};

/**
 * A week of traffic with a few campaigns in it (and a quieter week before it, for trends), as
 * detection and analysts would leave it: hourly history, alerts of every severity and status, a
 * cluster, and enforcement decisions.
 */
export async function seedWeek(store: DataStore & ActionStore, weekStart: number): Promise<void> {
  const hours = [];
  const keys = Array.from({ length: 12 }, (_, i) => ({ key: `key-${String(i).padStart(2, '0')}`, account: `acct-${i % 5}` }));
  for (let h = -7 * 24; h < 7 * 24; h++) {
    const hour = weekStart + h * HOUR;
    const thisWeek = h >= 0;
    for (const [i, k] of keys.entries()) {
      if ((h + i) % 3 === 0) continue;
      const burst = thisWeek && i < 3 && h % 24 > 8 && h % 24 < 20;
      const requests = (burst ? 900 : 40) + ((h * 7 + i * 13) % 60);
      hours.push({ api_key_id: k.key, account_id: k.account, hour, requests, tokens: requests * 850, max_score: burst ? 0.5 + i * 0.15 : 0.05 + (i % 4) * 0.05 });
    }
  }
  const alert = (n: number, o: Partial<Alert>) =>
    makeAlert({ alert_id: `al_seed_${n}`, detected_at: weekStart + (n % 7) * DAY + 10 * HOUR, first_event_ts: weekStart, last_event_ts: weekStart + 6 * DAY, ...o });
  const alerts = [
    alert(1, { api_key_id: 'key-00', account_id: 'acct-0', severity: 'critical', score: 0.97, signals: SIGNALS.harvest, requests_total: 48_200 }),
    alert(2, { api_key_id: 'key-01', account_id: 'acct-1', severity: 'high', score: 0.86, signals: SIGNALS.cot, requests_total: 21_400 }),
    alert(3, { api_key_id: 'key-02', account_id: 'acct-2', severity: 'high', score: 0.81, signals: SIGNALS.timing, requests_total: 9_800 }),
    alert(4, { kind: 'cluster', api_key_id: 'key-00', account_id: 'acct-0', related_api_key_ids: ['key-05', 'key-10'], severity: 'critical', score: 0.94, signals: SIGNALS.harvest }),
    ...Array.from({ length: 14 }, (_, i) =>
      alert(10 + i, { api_key_id: keys[3 + (i % 9)].key, account_id: keys[3 + (i % 9)].account, severity: i % 3 ? 'low' : 'medium', score: 0.3 + (i % 5) * 0.05, signals: i % 2 ? SIGNALS.timing : SIGNALS.cot.slice(1) }),
    ),
    alert(30, { api_key_id: 'key-04', account_id: 'acct-4', severity: 'medium', detected_at: weekStart - 3 * DAY, signals: SIGNALS.timing }),
    alert(31, { api_key_id: 'key-03', account_id: 'acct-3', severity: 'high', detected_at: weekStart - 2 * DAY, signals: SIGNALS.cot }),
  ];
  await store.writeOutput(outputOf({ hours, alerts }));
  const triage = async (id: string, status: 'confirmed' | 'dismissed') => {
    await store.updateAlert(id, { status: 'acknowledged' }, 'analyst:seed');
    await store.updateAlert(id, status === 'confirmed' ? { status } : { status, reason: 'false_positive' }, 'analyst:seed');
  };
  await triage('al_seed_1', 'confirmed');
  await triage('al_seed_2', 'confirmed');
  await triage('al_seed_10', 'dismissed');
  await triage('al_seed_31', 'confirmed');
  const decide = (alertId: string, apiKeyId: string, action: 'throttle' | 'suspend', dryRun: boolean) =>
    store.recordDecision({
      api_key_id: apiKeyId,
      account_id: 'acct-x',
      alert_id: alertId,
      action,
      limit_rpm: action === 'throttle' ? 60 : null,
      limit_tpm: null,
      reason: 'seed',
      source: 'policy',
      rule: 'seed',
      offence: 1,
      dry_run: dryRun,
      created_by: 'policy',
      duration_ms: HOUR,
    });
  await decide('al_seed_1', 'key-00', 'suspend', false);
  await decide('al_seed_2', 'key-01', 'throttle', false);
  await decide('al_seed_3', 'key-02', 'throttle', true);
}
