import { z } from 'zod';

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

/** Every environment variable DistillGuard reads; the defaults make `distillguard serve` work with none set. */
const EnvSchema = z.object({
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
  REDIS_URL: z.url().optional(),
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
  clickhouse: { url: string | undefined; database: string };
  redisUrl: string | undefined;
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
    clickhouse: { url: e.CLICKHOUSE_URL, database: e.CLICKHOUSE_DATABASE },
    redisUrl: e.REDIS_URL,
  };
}
