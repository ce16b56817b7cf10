import type { TestServer } from './harness';
import { startTestServer, TOKENS } from './harness';

describe('operations, auth and documentation', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.close());

  it('serves /healthz, /readyz and /metrics without a token', async () => {
    expect((await s.call('GET', '/healthz', { token: null })).body).toEqual({ status: 'ok' });
    const ready = await s.call('GET', '/readyz', { token: null });
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', checks: { store: true, runner: 'running', backlog: 0 } });

    await s.call('GET', '/v1/alerts');
    const metrics = (await s.call('GET', '/metrics', { token: null })).text;
    for (const name of [
      'distillguard_ingest_events_accepted_total',
      'distillguard_ingest_events_rejected_total',
      'distillguard_journal_backlog',
      'distillguard_pipeline_events_total',
      'distillguard_http_request_duration_seconds_bucket{le="0.005",method="GET",route="/v1/alerts",status="200"}',
    ]) {
      expect(metrics).toContain(name);
    }
  });

  it('tells absent, malformed and unknown tokens apart from forbidden ones', async () => {
    const absent = await s.call('GET', '/v1/alerts', { token: null });
    expect(absent.status).toBe(401);
    expect(absent.headers.get('www-authenticate')).toBe('Bearer');
    expect(absent.body.error).toEqual({ code: 'unauthorized', message: 'a bearer token is required' });
    const basic = await fetch(`${s.url}/v1/alerts`, { headers: { authorization: `Basic ${TOKENS.admin}` } });
    expect(basic.status).toBe(401);
    expect((await s.call('GET', '/v1/alerts', { token: `${TOKENS.admin}x` })).status).toBe(401);
    expect((await s.call('POST', '/v1/allowlist', { token: TOKENS.viewer, body: {} })).status).toBe(403);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await s.call('GET', '/v1/nothing');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('documents every route in /openapi.json, generated from the schemas', async () => {
    const doc = (await s.call('GET', '/openapi.json', { token: null })).body;
    expect(doc.openapi).toBe('3.1.0');
    const ops = Object.entries(doc.paths as Record<string, object>).flatMap(([p, o]) => Object.keys(o).map((m) => `${m} ${p}`));
    expect(ops.sort()).toEqual(
      [
        'get /healthz',
        'get /readyz',
        'get /metrics',
        'post /v1/events',
        'get /v1/alerts',
        'get /v1/alerts/{alert_id}',
        'patch /v1/alerts/{alert_id}',
        'get /v1/alerts/{alert_id}/members',
        'delete /v1/alerts/{alert_id}/enforcement',
        'get /v1/keys/{api_key_id}',
        'get /v1/allowlist',
        'post /v1/allowlist',
        'delete /v1/allowlist/{entry_id}',
        'get /v1/audit',
        'get /v1/enforcement',
        'post /v1/keys/{api_key_id}/throttle',
        'delete /v1/enforcement/{decision_id}',
        'get /v1/reports',
        'post /v1/reports',
        'get /v1/reports/{report_id}',
        'get /openapi.json',
        'get /docs',
      ].sort(),
    );
    const list = doc.paths['/v1/alerts'].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['status', 'severity', 'detector', 'api_key_id', 'account_id', 'limit', 'cursor']),
    );
    expect(list.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/AlertList' });
    expect(doc.components.schemas.AlertRecord.properties.status.enum).toEqual(['open', 'acknowledged', 'confirmed', 'dismissed']);
    expect(Object.keys(doc.paths['/v1/events'].post.requestBody.content)).toEqual(['application/x-ndjson', 'application/json']);
    expect(JSON.stringify(doc)).not.toContain('#/$defs/');
  });

  it('renders a reference page at /docs with no outside resources', async () => {
    const res = await s.call('GET', '/docs', { token: null });
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = res.text;
    expect(html).toContain('/openapi.json');
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it('serves the triage page at /', async () => {
    const res = await s.call('GET', '/', { token: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
  });
});
