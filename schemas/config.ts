import { parseExpression } from 'cron-parser';
import { z } from 'zod';
import { SeveritySchema } from './alert';

export const API_ROLES = ['viewer', 'analyst', 'admin'] as const;
export type ApiRole = (typeof API_ROLES)[number];

export interface ApiToken {
  role: ApiRole;
  token: string;
}

// Short tokens are guessable; 16 characters is the floor for anything we accept as a secret.
const Secret = z.string().min(16, 'must be at least 16 characters');

const ApiTokenSchema = z
  .string()
  .transform((entry) => {
    const colon = entry.indexOf(':');
    return colon < 0 ? { role: '', token: entry } : { role: entry.slice(0, colon), token: entry.slice(colon + 1) };
  })
  .pipe(z.object({ role: z.enum(API_ROLES), token: Secret }));

/** `"role:token,role:token"`; several tokens per role are allowed. */
const ApiTokensSchema = z
  .string()
  .transform((list) =>
    list
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(ApiTokenSchema));

const Flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const CsvList = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);

const UrlList = CsvList.pipe(z.array(z.url()));

const isCron = (pattern: string) => {
  try {
    parseExpression(pattern);
    return true;
  } catch {
    return false;
  }
};

/** Every environment variable DistillGuard reads; the defaults make `distillguard serve` work with none set. */
export const EnvSchema = z.object({
  DISTILLGUARD_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  DISTILLGUARD_DATA_DIR: z.string().min(1).default('./data'),
  DISTILLGUARD_API_TOKENS: ApiTokensSchema.default([]),
  DISTILLGUARD_INGEST_TOKEN: Secret.optional(),
  DISTILLGUARD_STORE_PROMPTS: Flag.default(true),
  DISTILLGUARD_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(16 * 1024 * 1024),
  /** Journal rows not yet consumed by the pipeline above which ingest answers 429. */
  DISTILLGUARD_MAX_BACKLOG: z.coerce.number().int().min(1).default(500_000),
  /** How long a false-positive dismissal keeps suppressing alerts of the same key. */
  DISTILLGUARD_SUPPRESSION_DAYS: z.coerce.number().min(0).default(14),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // The distributed deployment's settings; parsed here so that every variable has one home.
  KAFKA_BROKERS: CsvList.default([]),
  KAFKA_TOPIC: z.string().min(1).default('api-request-logs'),
  KAFKA_GROUP_ID: z.string().min(1).default('distillguard'),
  CLICKHOUSE_URL: z.url().optional(),
  CLICKHOUSE_DATABASE: z.string().min(1).default('distillguard'),
  /** The ClickHouse writer flushes a table once this many rows are queued, and all tables this often. */
  CLICKHOUSE_FLUSH_ROWS: z.coerce.number().int().min(1).default(1000),
  CLICKHOUSE_FLUSH_INTERVAL_MS: z.coerce.number().int().min(10).default(1000),
  /** How soon allow-list edits made through another instance reach this one's in-memory copy. */
  CLICKHOUSE_ALLOWLIST_REFRESH_MS: z.coerce.number().int().min(100).default(10_000),
  REDIS_URL: z.url().optional(),
  // Acting on alerts: jobs, enforcement, notifications, reports (docs/enforcement-gateway.md).
  /** Names the Redis keys of this deployment: queues and the gateway's throttle hashes. */
  DISTILLGUARD_REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/).default('distillguard'),
  DISTILLGUARD_JOB_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** First retry delay; each further retry waits twice as long. */
  DISTILLGUARD_JOB_BACKOFF_MS: z.coerce.number().int().min(1).default(5000),
  /** How long a job of a crashed worker stays locked before another worker takes it over. */
  DISTILLGUARD_JOB_LOCK_MS: z.coerce.number().int().min(500).default(30_000),
  /** A JSON enforcement policy (schemas/enforcement.ts); without one, the built-in dry-run policy. */
  DISTILLGUARD_POLICY_FILE: z.string().min(1).optional(),
  DISTILLGUARD_ENFORCEMENT_WEBHOOK_URL: z.url().optional(),
  /** Signs enforcement and JSON notification webhooks (HMAC-SHA256). */
  DISTILLGUARD_WEBHOOK_SECRET: Secret.optional(),
  DISTILLGUARD_NOTIFY_WEBHOOKS: UrlList.default([]),
  DISTILLGUARD_NOTIFY_SLACK_WEBHOOKS: UrlList.default([]),
  DISTILLGUARD_NOTIFY_MIN_SEVERITY: SeveritySchema.default('high'),
  /** Where people reach the triage page; links in notifications start with it. */
  DISTILLGUARD_PUBLIC_URL: z.url().optional(),
  /** The weekly report's schedule, in UTC; a sixth leading field counts seconds. */
  DISTILLGUARD_REPORT_CRON: z.string().refine(isCron, 'is not a cron expression').default('0 6 * * 1'),
  /** How often scale-out's cluster-linking job looks for event hours every partition has finished. */
  DISTILLGUARD_LINK_CRON: z.string().refine(isCron, 'is not a cron expression').default('*/30 * * * * *'),
  /** How often the reconcile sweep hands stored alerts and active decisions over to their jobs again (also once at start-up). */
  DISTILLGUARD_RECONCILE_CRON: z.string().refine(isCron, 'is not a cron expression').default('*/5 * * * *'),
  /** The sweep reads alerts detected this many hours (event time) before the newest stored alert. */
  DISTILLGUARD_RECONCILE_LOOKBACK_HOURS: z.coerce.number().min(1).max(24 * 366).default(168),
  /** Alerts or decisions per store read of the sweep. */
  DISTILLGUARD_RECONCILE_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(200),
  /**
   * Scale-out: days of raw events and of link features kept in ClickHouse, and of idleness after
   * which a key's detector state is deleted from Redis (0 keeps everything); when to age them out.
   */
  DISTILLGUARD_EVENTS_RETENTION_DAYS: z.coerce.number().int().min(0).default(90),
  DISTILLGUARD_KEY_LINKS_RETENTION_DAYS: z.coerce.number().int().min(0).default(14),
  DISTILLGUARD_KEY_STATE_RETENTION_DAYS: z.coerce.number().int().min(0).default(60),
  DISTILLGUARD_RETENTION_CRON: z.string().refine(isCron, 'is not a cron expression').default('20 3 * * *'),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  port: number;
  dataDir: string;
  apiTokens: ApiToken[];
  ingestToken: string | undefined;
  storePrompts: boolean;
  maxBodyBytes: number;
  maxBacklog: number;
  suppressionDays: number;
  logLevel: Env['LOG_LEVEL'];
  kafka: { brokers: string[]; topic: string; groupId: string };
  clickhouse: {
    url: string | undefined;
    database: string;
    flushRows: number;
    flushIntervalMs: number;
    allowlistRefreshMs: number;
  };
  redisUrl: string | undefined;
  jobs: { redisPrefix: string; attempts: number; backoffMs: number; lockMs: number };
  enforcement: { policyFile: string | undefined; webhookUrl: string | undefined };
  notify: { webhooks: string[]; slackWebhooks: string[]; minSeverity: Env['DISTILLGUARD_NOTIFY_MIN_SEVERITY'] };
  webhookSecret: string | undefined;
  publicUrl: string | undefined;
  reportCron: string;
  linkCron: string;
  reconcile: { cron: string; lookbackMs: number; pageSize: number };
  /** Days kept of raw events, link features and idle keys' state (null: everything), and when to age them out. */
  retention: { cron: string; events: number | null; keyLinks: number | null; keyStates: number | null };
}

/** What the command line may override; flags win over the environment. */
export interface ConfigOverrides {
  port?: number;
  dataDir?: string;
}

export class ConfigError extends Error {}

/** The only reader of the environment: parses it once at start-up, failing with every problem named. */
export function loadConfig(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "not set", as in a compose file that lists it without a value.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      `invalid environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const e = parsed.data;
  if (!e.DISTILLGUARD_WEBHOOK_SECRET && (e.DISTILLGUARD_ENFORCEMENT_WEBHOOK_URL || e.DISTILLGUARD_NOTIFY_WEBHOOKS.length)) {
    throw new ConfigError('invalid environment: DISTILLGUARD_WEBHOOK_SECRET is required to sign the webhooks configured');
  }
  return {
    port: overrides.port ?? e.DISTILLGUARD_PORT,
    dataDir: overrides.dataDir ?? e.DISTILLGUARD_DATA_DIR,
    apiTokens: e.DISTILLGUARD_API_TOKENS,
    ingestToken: e.DISTILLGUARD_INGEST_TOKEN,
    storePrompts: e.DISTILLGUARD_STORE_PROMPTS,
    maxBodyBytes: e.DISTILLGUARD_MAX_BODY_BYTES,
    maxBacklog: e.DISTILLGUARD_MAX_BACKLOG,
    suppressionDays: e.DISTILLGUARD_SUPPRESSION_DAYS,
    logLevel: e.LOG_LEVEL,
    kafka: { brokers: e.KAFKA_BROKERS, topic: e.KAFKA_TOPIC, groupId: e.KAFKA_GROUP_ID },
    clickhouse: {
      url: e.CLICKHOUSE_URL,
      database: e.CLICKHOUSE_DATABASE,
      flushRows: e.CLICKHOUSE_FLUSH_ROWS,
      flushIntervalMs: e.CLICKHOUSE_FLUSH_INTERVAL_MS,
      allowlistRefreshMs: e.CLICKHOUSE_ALLOWLIST_REFRESH_MS,
    },
    redisUrl: e.REDIS_URL,
    jobs: {
      redisPrefix: e.DISTILLGUARD_REDIS_PREFIX,
      attempts: e.DISTILLGUARD_JOB_ATTEMPTS,
      backoffMs: e.DISTILLGUARD_JOB_BACKOFF_MS,
      lockMs: e.DISTILLGUARD_JOB_LOCK_MS,
    },
    enforcement: { policyFile: e.DISTILLGUARD_POLICY_FILE, webhookUrl: e.DISTILLGUARD_ENFORCEMENT_WEBHOOK_URL },
    notify: {
      webhooks: e.DISTILLGUARD_NOTIFY_WEBHOOKS,
      slackWebhooks: e.DISTILLGUARD_NOTIFY_SLACK_WEBHOOKS,
      minSeverity: e.DISTILLGUARD_NOTIFY_MIN_SEVERITY,
    },
    webhookSecret: e.DISTILLGUARD_WEBHOOK_SECRET,
    publicUrl: e.DISTILLGUARD_PUBLIC_URL,
    reportCron: e.DISTILLGUARD_REPORT_CRON,
    linkCron: e.DISTILLGUARD_LINK_CRON,
    reconcile: {
      cron: e.DISTILLGUARD_RECONCILE_CRON,
      lookbackMs: e.DISTILLGUARD_RECONCILE_LOOKBACK_HOURS * 3_600_000,
      pageSize: e.DISTILLGUARD_RECONCILE_PAGE_SIZE,
    },
    retention: {
      cron: e.DISTILLGUARD_RETENTION_CRON,
      events: e.DISTILLGUARD_EVENTS_RETENTION_DAYS || null,
      keyLinks: e.DISTILLGUARD_KEY_LINKS_RETENTION_DAYS || null,
      keyStates: e.DISTILLGUARD_KEY_STATE_RETENTION_DAYS || null,
    },
  };
}
