import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Severity } from '../../schemas/alert';
import { SEVERITIES, severityRank } from '../../schemas/alert';
import { ConfigError } from '../../schemas/config';
import type { EnforcementPolicy } from '../../schemas/enforcement';
import { EnforcementPolicySchema } from '../../schemas/enforcement';

/**
 * Without a policy file: shadow mode, so that a new deployment shows what enforcement would
 * have done before anyone lets it act.
 */
export const DEFAULT_POLICY: EnforcementPolicy = EnforcementPolicySchema.parse({
  mode: 'dry_run',
  rules: [
    { name: 'critical-suspend', min_severity: 'critical', action: { type: 'suspend' }, duration_minutes: 60 },
    { name: 'high-throttle', min_severity: 'high', action: { type: 'throttle', limit_rpm: 60 }, duration_minutes: 60 },
  ],
});

/** Reads and validates the policy file; start-up fails with every problem named. */
export function loadPolicy(file: string | undefined): EnforcementPolicy {
  if (file === undefined) return DEFAULT_POLICY;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`cannot read the enforcement policy ${file}: ${(err as Error).message}`);
  }
  const parsed = EnforcementPolicySchema.safeParse(json);
  if (!parsed.success) throw new ConfigError(`invalid enforcement policy ${file}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The lowest severity any rule acts on; null when the policy has no rules. */
export function lowestActionable(policy: EnforcementPolicy): Severity | null {
  const ranks = policy.rules.map((r) => severityRank(r.min_severity));
  return ranks.length ? SEVERITIES[Math.min(...ranks)] : null;
}
