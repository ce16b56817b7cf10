import { EnforcementPolicySchema } from '../../schemas/enforcement';
import { decide } from '../../services/enforcement/decide';
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
const first = { allowlisted: false, priorOffences: 0 };
const signal = (detector: 'templating' | 'volume', score: number) => ({ detector, score, summary: 's', evidence: {} });

describe('decide', () => {
  it('takes the first rule that matches severity, score and detectors', () => {
    const critical = decide(makeAlert({ alert_id: 'a', severity: 'critical', score: 0.95 }), policy, first);
    expect(critical).toMatchObject({ act: true, rule: 'critical-suspend', action: 'suspend', limit_rpm: null, duration_ms: 3_600_000, dry_run: false });
    const templated = makeAlert({ alert_id: 'a', severity: 'high', score: 0.85, signals: [signal('volume', 0.5), signal('templating', 0.9)] });
    expect(decide(templated, policy, first)).toMatchObject({ rule: 'templated-throttle', limit_tpm: 5000, limit_rpm: null });
    expect(decide({ ...templated, score: 0.7 }, policy, first)).toMatchObject({ rule: 'high-throttle', limit_rpm: 60 });
    expect(decide(makeAlert({ alert_id: 'a', severity: 'medium' }), policy, first)).toEqual({ act: false, why: 'no rule matches' });
  });

  it('says why, strongest detectors first', () => {
    const v = decide(makeAlert({ alert_id: 'a', severity: 'high', score: 0.7, signals: [signal('volume', 0.5), signal('templating', 0.6)] }), policy, first);
    expect(v).toMatchObject({ reason: 'high-throttle: high alert, score 0.70, signals from templating, volume' });
  });

  it('doubles the duration for each earlier offence, up to the cap', () => {
    const alert = makeAlert({ alert_id: 'a', severity: 'high', score: 0.7 });
    const minutes = [0, 1, 2, 3].map((prior) => {
      const v = decide(alert, policy, { allowlisted: false, priorOffences: prior });
      return v.act ? [v.offence, v.duration_ms / 60_000] : null;
    });
    expect(minutes).toEqual([[1, 60], [2, 120], [3, 150], [4, 150]]);
    const v = decide(alert, policy, { allowlisted: false, priorOffences: 1 });
    expect(v.act && v.reason).toMatch(/offence 2 within 30 days$/);
  });

  it('never acts on an allow-listed key or a dismissed alert, and only records in dry-run mode', () => {
    const alert = makeAlert({ alert_id: 'a', severity: 'critical', score: 0.99 });
    expect(decide(alert, policy, { allowlisted: true, priorOffences: 0 })).toEqual({ act: false, why: 'the key or its account is allow-listed' });
    expect(decide({ ...alert, status: 'dismissed' }, policy, first)).toMatchObject({ act: false });
    expect(decide(alert, { ...policy, mode: 'dry_run' }, first)).toMatchObject({ act: true, dry_run: true });
  });

  it('validates policies: a throttle needs a limit, unknown fields are refused', () => {
    const rule = { name: 'r', min_severity: 'high', duration_minutes: 5 };
    expect(EnforcementPolicySchema.safeParse({ rules: [{ ...rule, action: { type: 'throttle' } }] }).success).toBe(false);
    expect(EnforcementPolicySchema.safeParse({ rules: [{ ...rule, action: { type: 'suspend' }, extra: 1 }] }).success).toBe(false);
    expect(EnforcementPolicySchema.parse({}).mode).toBe('dry_run');
  });
});
