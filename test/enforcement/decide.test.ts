import { EnforcementPolicySchema } from '../../schemas/enforcement';
import type { Acting } from '../../services/enforcement/decide';
import { decide, sanction } from '../../services/enforcement/decide';
import { makeAlert } from '../support/fixtures';

const policy = EnforcementPolicySchema.parse({
  mode: 'enforce',
  rules: [
    { name: 'critical-suspend', min_severity: 'critical', action: { type: 'suspend' }, duration_minutes: 60 },
    { name: 'templated-throttle', min_severity: 'high', min_score: 0.8, detectors: ['templating'], action: { type: 'throttle', limit_tpm: 5000 }, duration_minutes: 30 },
    { name: 'high-throttle', min_severity: 'high', action: { type: 'throttle', limit_rpm: 60 }, duration_minutes: 60 },
  ],
  escalation: { window_days: 30, factor: 2, max_duration_minutes: 150 },
});
const signal = (detector: 'templating' | 'volume' | 'cluster', score: number) => ({ detector, score, summary: 's', evidence: {} });
const cluster = (members: number, severity: 'high' | 'critical' = 'high') =>
  makeAlert({
    alert_id: 'c',
    kind: 'cluster',
    severity,
    score: 0.85,
    related_api_key_ids: Array.from({ length: members }, (_, i) => `key-${i}`),
    signals: [signal('cluster', 0.85)],
  });

describe('decide', () => {
  it('takes the first rule that matches severity, score and detectors', () => {
    const critical = decide(makeAlert({ alert_id: 'a', severity: 'critical', score: 0.95 }), policy);
    expect(critical).toMatchObject({ act: true, rule: { name: 'critical-suspend' }, action: 'suspend', limit_rpm: null, dry_run: false });
    const templated = makeAlert({ alert_id: 'a', severity: 'high', score: 0.85, signals: [signal('volume', 0.5), signal('templating', 0.9)] });
    expect(decide(templated, policy)).toMatchObject({ rule: { name: 'templated-throttle' }, limit_tpm: 5000, limit_rpm: null });
    expect(decide({ ...templated, score: 0.7 }, policy)).toMatchObject({ rule: { name: 'high-throttle' }, limit_rpm: 60 });
    expect(decide(makeAlert({ alert_id: 'a', severity: 'medium' }), policy)).toEqual({ act: false, why: 'no rule matches' });
  });

  it('says why, strongest detectors first, and for a cluster how many keys it covers', () => {
    const v = decide(makeAlert({ alert_id: 'a', severity: 'high', score: 0.7, signals: [signal('volume', 0.5), signal('templating', 0.6)] }), policy);
    expect(v).toMatchObject({ reason: 'high-throttle: high alert, score 0.70, signals from templating, volume' });
    expect(decide(cluster(12), policy)).toMatchObject({ reason: 'high-throttle: high cluster alert of 12 keys, score 0.85, signals from cluster' });
  });

  it('doubles the duration for each earlier offence of the key, up to the cap', () => {
    const v = decide(makeAlert({ alert_id: 'a', severity: 'high', score: 0.7 }), policy) as Acting;
    const minutes = [0, 1, 2, 3].map((prior) => {
      const s = sanction(v, policy, prior);
      return [s.offence, s.duration_ms / 60_000];
    });
    expect(minutes).toEqual([[1, 60], [2, 120], [3, 150], [4, 150]]);
    expect(sanction(v, policy, 0).reason).toBe(v.reason);
    expect(sanction(v, policy, 1).reason).toMatch(/offence 2 within 30 days$/);
  });

  it('gives a cluster its own rule through the cluster detector, and bounds the keys a rule acts on', () => {
    const clusters = EnforcementPolicySchema.parse({
      mode: 'enforce',
      rules: [
        { name: 'cluster-suspend', min_severity: 'high', detectors: ['cluster'], max_keys: 50, action: { type: 'suspend' }, duration_minutes: 60 },
        { name: 'keys-only', min_severity: 'high', max_keys: 1, action: { type: 'throttle', limit_rpm: 60 }, duration_minutes: 60 },
      ],
    });
    expect(decide(cluster(50), clusters)).toMatchObject({ rule: { name: 'cluster-suspend' }, action: 'suspend' });
    // Beyond its cap the cluster rule stands aside; the key-only rule never takes a cluster.
    expect(decide(cluster(51), clusters)).toEqual({ act: false, why: 'no rule matches' });
    expect(decide(makeAlert({ alert_id: 'k', severity: 'high', score: 0.8 }), clusters)).toMatchObject({ rule: { name: 'keys-only' } });
  });

  it('never acts on a dismissed alert, and only records in dry-run mode', () => {
    const alert = makeAlert({ alert_id: 'a', severity: 'critical', score: 0.99 });
    expect(decide({ ...alert, status: 'dismissed' }, policy)).toMatchObject({ act: false });
    expect(decide(alert, { ...policy, mode: 'dry_run' })).toMatchObject({ act: true, dry_run: true });
  });

  it('validates policies: a throttle needs a limit, a key cap is a positive integer, unknown fields are refused', () => {
    const rule = { name: 'r', min_severity: 'high', duration_minutes: 5 };
    expect(EnforcementPolicySchema.safeParse({ rules: [{ ...rule, action: { type: 'throttle' } }] }).success).toBe(false);
    expect(EnforcementPolicySchema.safeParse({ rules: [{ ...rule, action: { type: 'suspend' }, extra: 1 }] }).success).toBe(false);
    expect(EnforcementPolicySchema.safeParse({ rules: [{ ...rule, action: { type: 'suspend' }, max_keys: 0 }] }).success).toBe(false);
    expect(EnforcementPolicySchema.parse({}).mode).toBe('dry_run');
  });
});
