import { z } from 'zod';
import { SeveritySchema } from './alert';
import { DetectorNameSchema } from './signal';

// The enforcement policy (a JSON file, DISTILLGUARD_POLICY_FILE), the decisions it produces and
// the API around them. The gateway-facing contract is docs/enforcement-gateway.md.

const EpochMs = z.number().int().min(0).max(8.64e15);
const QueryEpochMs = z.coerce.number().int().min(0).max(8.64e15);
const Id = z.string().min(1).max(256);
const Text = (max: number) => z.string().trim().min(1).max(max);
const Limit = z.coerce.number().int().min(1).max(1000).default(100);

export const ENFORCEMENT_ACTIONS = ['throttle', 'suspend'] as const;
export type EnforcementAction = (typeof ENFORCEMENT_ACTIONS)[number];

// ---- policy -------------------------------------------------------------------------------

const ThrottleSchema = z
  .strictObject({
    type: z.literal('throttle'),
    limit_rpm: z.number().int().min(1).optional(),
    limit_tpm: z.number().int().min(1).optional(),
  })
  .refine((a) => a.limit_rpm !== undefined || a.limit_tpm !== undefined, 'a throttle needs limit_rpm or limit_tpm');

const SuspendSchema = z.strictObject({ type: z.literal('suspend') });

export const PolicyRuleSchema = z.strictObject({
  name: Text(100),
  min_severity: SeveritySchema,
  min_score: z.number().min(0).max(1).default(0),
  /** The alert must have a signal from one of these; empty means any. `["cluster"]` matches cluster alerts only. */
  detectors: z.array(DetectorNameSchema).default([]),
  /**
   * The rule acts on alerts covering at most this many keys: a key alert covers one, a cluster
   * alert each of its members. Bounds what one alert can do (1 keeps the rule to key alerts).
   */
  max_keys: z.number().int().min(1).optional(),
  action: z.discriminatedUnion('type', [ThrottleSchema, SuspendSchema]),
  /** Fractions are allowed: 0.5 is thirty seconds. */
  duration_minutes: z.number().positive(),
});
export type PolicyRule = z.infer<typeof PolicyRuleSchema>;

export const EnforcementPolicySchema = z.strictObject({
  /** `dry_run` records what would have been done and publishes nothing. */
  mode: z.enum(['enforce', 'dry_run']).default('dry_run'),
  /** The first rule that matches an alert decides; order them strictest first. */
  rules: z.array(PolicyRuleSchema).default([]),
  /** Repeat offenders: each earlier decision on the key within the window multiplies the duration. */
  escalation: z
    .strictObject({
      window_days: z.number().min(0).default(30),
      factor: z.number().min(1).default(2),
      max_duration_minutes: z.number().positive().default(7 * 24 * 60),
    })
    .prefault({}),
});
export type EnforcementPolicy = z.infer<typeof EnforcementPolicySchema>;
/** A policy as written in its file, defaults left out. */
export type PolicyFile = z.input<typeof EnforcementPolicySchema>;

// ---- decisions ----------------------------------------------------------------------------

/** `excluded`: a rule matched but the key or its account is allow-listed; recorded, never enforced. */
export const DECISION_STATUSES = ['active', 'expired', 'lifted', 'dry_run', 'excluded'] as const;
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

export const DELIVERY_STATUSES = ['sent', 'retrying', 'failed'] as const;

export const DeliverySchema = z
  .object({
    delivery_id: z.string(),
    channel: z.string().meta({ description: '`redis`, `kafka`, `webhook`, or a notification target.' }),
    event: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int(),
    error: z.string().nullable(),
    updated_at: EpochMs,
  })
  .meta({ id: 'Delivery' });
export type Delivery = z.infer<typeof DeliverySchema>;

export const DecisionSchema = z
  .object({
    decision_id: z.string(),
    api_key_id: z.string(),
    account_id: z.string(),
    alert_id: z
      .string()
      .nullable()
      .meta({ description: 'The alert that caused it (for a member of a cluster, the cluster alert); null for a manual throttle.' }),
    action: z.enum(ENFORCEMENT_ACTIONS),
    limit_rpm: z.number().int().nullable(),
    limit_tpm: z.number().int().nullable(),
    reason: z.string(),
    source: z.enum(['policy', 'manual']),
    rule: z.string().nullable(),
    /** 1 for a key's first decision within the escalation window, 2 for its second, … */
    offence: z.number().int().min(1),
    status: z.enum(DECISION_STATUSES),
    created_at: EpochMs,
    created_by: z.string(),
    until: EpochMs,
    ended_at: EpochMs.nullable(),
    ended_by: z.string().nullable(),
    end_reason: z.string().nullable(),
    deliveries: z.array(DeliverySchema),
  })
  .meta({ id: 'EnforcementDecision' });
export type Decision = z.infer<typeof DecisionSchema>;

// ---- API ----------------------------------------------------------------------------------

export const DecisionListQuerySchema = z.strictObject({
  status: z.enum(DECISION_STATUSES).optional(),
  api_key_id: Id.optional(),
  account_id: Id.optional(),
  alert_id: Id.optional(),
  source: z.enum(['policy', 'manual']).optional(),
  created_from: QueryEpochMs.optional().meta({ description: 'Inclusive lower bound on created_at.' }),
  created_to: QueryEpochMs.optional().meta({ description: 'Exclusive upper bound on created_at.' }),
  limit: Limit,
  cursor: z.string().max(1024).regex(/^[A-Za-z0-9_-]+$/).optional(),
});
export type DecisionListQuery = z.infer<typeof DecisionListQuerySchema>;

export const DecisionListSchema = z
  .object({ decisions: z.array(DecisionSchema), next_cursor: z.string().nullable() })
  .meta({ id: 'EnforcementDecisionList' });

export const ManualThrottleSchema = z.strictObject({
  limit_rpm: z.number().int().min(1).max(1_000_000),
  duration_minutes: z.number().int().min(1).max(90 * 24 * 60),
  reason: Text(2000),
});
export type ManualThrottle = z.infer<typeof ManualThrottleSchema>;

export const LiftSchema = z.strictObject({ reason: Text(2000) });

export const DecisionParamsSchema = z.strictObject({ decision_id: Id });
