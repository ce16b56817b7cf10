import { ConfigError, loadConfig } from '../../schemas/config';

describe('loadConfig', () => {
  it('runs the embedded mode with no environment at all', () => {
    expect(loadConfig({}, {})).toMatchObject({
      port: 8080,
      dataDir: './data',
      apiTokens: [],
      ingestToken: undefined,
      storePrompts: true,
      logLevel: 'info',
      kafka: { brokers: [], topic: 'api-request-logs' },
      clickhouse: { url: undefined, database: 'distillguard' },
      redisUrl: undefined,
    });
  });

  it('parses every variable, and flags win over it', () => {
    const c = loadConfig(
      { port: 9000 },
      {
        DISTILLGUARD_PORT: '7000',
        DISTILLGUARD_DATA_DIR: '/var/lib/dg',
        DISTILLGUARD_API_TOKENS: 'admin:aaaaaaaaaaaaaaaa, analyst:bbbbbbbbbbbbbbbb,analyst:cccccccccccccccc',
        DISTILLGUARD_INGEST_TOKEN: 'iiiiiiiiiiiiiiii',
        DISTILLGUARD_STORE_PROMPTS: 'false',
        DISTILLGUARD_MAX_BODY_BYTES: '2048',
        DISTILLGUARD_MAX_BACKLOG: '10',
        KAFKA_BROKERS: 'k1:9092, k2:9092',
        CLICKHOUSE_URL: 'http://ch:8123',
        REDIS_URL: '',
      },
    );
    expect(c).toMatchObject({ port: 9000, dataDir: '/var/lib/dg', storePrompts: false, maxBodyBytes: 2048, maxBacklog: 10 });
    expect(c.apiTokens.map((t) => t.role)).toEqual(['admin', 'analyst', 'analyst']);
    expect(c.kafka.brokers).toEqual(['k1:9092', 'k2:9092']);
    expect(c.redisUrl).toBeUndefined();
  });

  it.each([
    [{ DISTILLGUARD_PORT: 'eighty' }, 'DISTILLGUARD_PORT'],
    [{ DISTILLGUARD_API_TOKENS: 'root:aaaaaaaaaaaaaaaa' }, 'DISTILLGUARD_API_TOKENS'],
    [{ DISTILLGUARD_API_TOKENS: 'admin:short' }, 'at least 16'],
    [{ DISTILLGUARD_API_TOKENS: 'aaaaaaaaaaaaaaaaaaaa' }, 'DISTILLGUARD_API_TOKENS'],
    [{ DISTILLGUARD_STORE_PROMPTS: 'yes' }, 'DISTILLGUARD_STORE_PROMPTS'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('names what is wrong in %j, without echoing secrets', (env, expected) => {
    expect(() => loadConfig({}, env)).toThrow(ConfigError);
    expect(() => loadConfig({}, env)).toThrow(expected);
    expect(() => loadConfig({}, env)).not.toThrow(/aaaa|short/);
  });
});
