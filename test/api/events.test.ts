import pino from 'pino';
import { createApp } from '../../services/api/app';
import { TokenRegistry } from '../../services/api/auth';
import { Metrics } from '../../services/api/metrics';
import { loadConfig } from '../../schemas/config';
import { startActions } from '../../services/jobs/runtime';
import { Ingestor } from '../../services/pipeline/ingestor';
import type { RunnerState } from '../../services/pipeline/runner';
import { SqliteStore } from '../../services/store/sqlite/store';
import { makeEvent } from '../support/fixtures';
import type { Reply, TestServer } from './harness';
import { readReply, startTestServer, TOKENS } from './harness';

const ndjson = (lines: unknown[]) => lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');
const NDJSON = 'application/x-ndjson';

describe('POST /v1/events', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ DISTILLGUARD_MAX_BODY_BYTES: String(64 * 1024) });
  });
  afterAll(() => s.close());

  const post = (body: string, o: { token?: string | null; type?: string } = {}) =>
    s.call('POST', '/v1/events', { token: o.token === undefined ? TOKENS.ingest : o.token, body, type: o.type ?? NDJSON });

  it('accepts NDJSON, keeping valid lines when others are bad', async () => {
    const body = ndjson([
      makeEvent(1),
      '{"request_id": "broken"',
      '',
      { ...makeEvent(2), prompt_tokens: 'many' },
      [makeEvent(3)],
      { ...makeEvent(4), unknown_field: 'ignored' },
    ]);
    const res = await post(body);
    expect(res.status).toBe(202);
    const out = res.body;
    expect(out.accepted).toBe(2);
    expect(out.rejected.map((r: { line: number }) => r.line)).toEqual([2, 4, 5]);
    expect(out.rejected[0].reason).toMatch(/invalid JSON/);
    expect(out.rejected[1].reason).toMatch(/prompt_tokens/);
  });

  it('accepts a JSON array, numbering rejects by position', async () => {
    const res = await post(JSON.stringify([makeEvent(10), { nope: 1 }, 'text', makeEvent(11)]), { type: 'application/json' });
    expect(res.status).toBe(202);
    const out = res.body;
    expect(out.accepted).toBe(2);
    expect(out.rejected.map((r: { line: number }) => r.line)).toEqual([2, 3]);
  });

  it('refuses a JSON body that is malformed or not an array', async () => {
    const malformed = await post('[{"a": 1},', { type: 'application/json' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('malformed_json');
    const object = await post(JSON.stringify(makeEvent(1)), { type: 'application/json' });
    expect(object.status).toBe(400);
  });

  it('refuses other media types with 415', async () => {
    const res = await post(ndjson([makeEvent(1)]), { type: 'text/plain' });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
  });

  it('refuses bodies over the limit with 413', async () => {
    const big = ndjson(Array.from({ length: 400 }, (_, i) => makeEvent(i, { prompt: 'x'.repeat(200) })));
    const res = await post(big);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('keeps hostile strings intact through the pipeline into samples', async () => {
    const hostile = `"'\\ \u0000 <img src=x onerror=alert(1)> '); DELETE FROM journal; --`;
    const res = await post(ndjson([makeEvent(100, { api_key_id: 'key-hostile', request_id: hostile, prompt: hostile })]));
    expect(res.body).toEqual({ accepted: 1, rejected: [] });
  });

  it('needs the ingest or an admin token; the ingest token reads nothing', async () => {
    expect((await post(ndjson([makeEvent(1)]), { token: null })).status).toBe(401);
    expect((await post(ndjson([makeEvent(1)]), { token: 'wrong-token-0123456789' })).status).toBe(401);
    expect((await post(ndjson([makeEvent(1)]), { token: TOKENS.analyst })).status).toBe(403);
    expect((await post(ndjson([makeEvent(1)]), { token: TOKENS.admin })).status).toBe(202);
    for (const path of ['/v1/alerts', '/v1/audit', '/v1/allowlist', '/v1/keys/key-1']) {
      const res = await s.call('GET', path, { token: TOKENS.ingest });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
  });

  it('feeds the pipeline: the key shows up in its profile', async () => {
    await post(ndjson(Array.from({ length: 50 }, (_, i) => makeEvent(1000 + i, { api_key_id: 'key-fed' }))));
    let profile: Reply | undefined;
    for (let i = 0; i < 50; i++) {
      profile = await s.call('GET', '/v1/keys/key-fed');
      if (profile.status === 200) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(profile?.status).toBe(200);
    const body = profile?.body;
    expect(body.hours.reduce((n: number, h: { requests: number }) => n + h.requests, 0)).toBe(50);
  });
});

describe('ingest backpressure', () => {
  const dirStore = () => SqliteStore.open(':memory:', { suppressionDays: 7 });

  async function serveWith(backlog: number, runner: RunnerState) {
    const store = dirStore();
    const journal = { backlog: () => backlog, append: jest.fn() };
    const ingestor = new Ingestor(journal, { maxBacklog: 100, isConsuming: () => runner === 'running' });
    const metrics = new Metrics({ backlog: journal.backlog, store });
    const actions = await startActions(loadConfig({}, {}), store, { log: pino({ level: 'silent' }), metrics: metrics.registry });
    const app = createApp({
      store,
      actions,
      ingestor,
      runnerState: () => runner,
      backlog: journal.backlog,
      maxBacklog: 100,
      maxBodyBytes: 1024 * 1024,
      tokens: TokenRegistry.fromConfig([], TOKENS.ingest),
      metrics,
      log: pino({ level: 'silent' }),
    });
    const server = app.listen(0);
    await new Promise((r) => server.once('listening', r));
    const url = `http://localhost:${(server.address() as { port: number }).port}`;
    const res = await readReply(
      await fetch(`${url}/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKENS.ingest}`, 'content-type': NDJSON },
        body: ndjson([makeEvent(1)]),
      }),
    );
    const ready = await readReply(await fetch(`${url}/readyz`));
    server.close();
    await actions.close();
    await store.close();
    return { res, ready, journal };
  }

  it('answers 429 with Retry-After when the pipeline is behind, journaling nothing', async () => {
    const { res, ready, journal } = await serveWith(100, 'running');
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(res.body.error.code).toBe('backpressure');
    expect(journal.append).not.toHaveBeenCalled();
    expect(ready.status).toBe(503);
  });

  it('answers 503 with Retry-After when the pipeline is not running', async () => {
    const { res, ready } = await serveWith(0, 'failed');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).not.toBeNull();
    expect(ready.body.checks.runner).toBe('failed');
  });
});
