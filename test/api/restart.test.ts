import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../services/store/sqlite/store';
import { makeAlert, makeEvent } from '../support/fixtures';
import type { ServeProcess } from '../support/serve-process';
import { killServes, spawnServe } from '../support/serve-process';
import { readReply, TOKENS } from './harness';

// Persistence across a REAL restart: `distillguard serve` runs as a child process (see
// test/support/serve-process.ts: the CLI from source via @swc/core, no build needed), is killed
// with SIGKILL right after a 202, and a new process on the same data directory must have it all.

const KEYS = ['key-r0', 'key-r1', 'key-r2'];

async function call(p: ServeProcess, method: string, path: string, o: { token?: string; body?: string; type?: string } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${o.token ?? TOKENS.admin}` };
  if (o.body !== undefined) headers['content-type'] = o.type ?? 'application/json';
  return readReply(await fetch(p.url + path, { method, headers, body: o.body }));
}

async function untilCaughtUp(p: ServeProcess) {
  let ready = await call(p, 'GET', '/readyz');
  for (let i = 0; i < 300 && ready.body.checks.backlog > 0; i++) {
    await new Promise((r) => setTimeout(r, 100));
    ready = await call(p, 'GET', '/readyz');
  }
  if (ready.body.checks.backlog > 0) throw new Error(`the pipeline did not catch up: ${ready.text}`);
}

describe('serve across process restarts', () => {
  let dataDir: string;
  const env = (tokens: string) => ({ DISTILLGUARD_API_TOKENS: tokens, DISTILLGUARD_INGEST_TOKEN: TOKENS.ingest });
  const allTokens = `admin:${TOKENS.admin},analyst:${TOKENS.analyst},viewer:${TOKENS.viewer}`;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'dg-restart-'));
  });
  afterEach(killServes);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('loses nothing acknowledged when killed with SIGKILL right after a 202', async () => {
    const first = await spawnServe(['--port', '0', '--data-dir', dataDir], env(allTokens));
    // An alert as detection would store it, written by another connection to the same file.
    const seeder = SqliteStore.open(join(dataDir, 'distillguard.db'), { suppressionDays: 7 });
    await seeder.commitBatch({
      output: { alerts: [makeAlert({ alert_id: 'al-r' })], hours: [], assessments: [], samples: [], links: [] },
      states: [],
      position: { source: 'seed', offset: '1' },
    });
    await seeder.close();

    const ack = await call(first, 'PATCH', '/v1/alerts/al-r', {
      token: TOKENS.analyst,
      body: JSON.stringify({ status: 'acknowledged', assignee: 'ana', note: `it's "fine" \\ <b>` }),
    });
    expect(ack.status).toBe(200);
    const allow = await call(first, 'POST', '/v1/allowlist', {
      body: JSON.stringify({ kind: 'account', value: 'acct-partner', reason: 'eval partner' }),
    });
    expect(allow.status).toBe(201);

    let accepted = 0;
    for (let batch = 0; batch < 6; batch++) {
      const lines = Array.from({ length: 500 }, (_, i) => {
        const n = batch * 500 + i;
        return JSON.stringify(makeEvent(n, { api_key_id: KEYS[n % KEYS.length] }));
      });
      const res = await call(first, 'POST', '/v1/events', { token: TOKENS.ingest, body: lines.join('\n'), type: 'application/x-ndjson' });
      expect(res.status).toBe(202);
      accepted += res.body.accepted;
    }
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');

    // The viewer token is gone from the configuration of the new process.
    const second = await spawnServe(['--port', '0', '--data-dir', dataDir], env(`admin:${TOKENS.admin},analyst:${TOKENS.analyst}`));
    await untilCaughtUp(second);

    const alert = (await call(second, 'GET', '/v1/alerts/al-r')).body;
    expect(alert).toMatchObject({ status: 'acknowledged', assignee: 'ana' });
    expect(alert.notes[0].text).toBe(`it's "fine" \\ <b>`);
    expect(alert.audit.map((e: { action: string }) => e.action)).toEqual(['status_changed', 'assigned', 'note_added']);
    const entries = (await call(second, 'GET', '/v1/allowlist')).body.entries;
    expect(entries.map((e: { value: string }) => e.value)).toEqual(['acct-partner']);

    let processed = 0;
    for (const key of KEYS) {
      const profile = await call(second, 'GET', `/v1/keys/${key}`);
      expect(profile.status).toBe(200);
      processed += profile.body.hours.reduce((n: number, h: { requests: number }) => n + h.requests, 0);
    }
    expect(processed).toBe(accepted);

    const removed = await call(second, 'GET', '/v1/alerts', { token: TOKENS.viewer });
    expect(removed.status).toBe(401);
    expect((await call(second, 'GET', '/v1/alerts', { token: 'never-configured-0123456789' })).status).toBe(401);

    // SIGTERM shuts down in order and exits cleanly.
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(second.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down', 'pipeline runner stopped', 'stopped']));
  });

  it('generates an admin token when none is configured, private to the owner and kept across restarts', async () => {
    const dir = join(dataDir, 'fresh');
    const first = await spawnServe(['--port', '0', '--data-dir', dir], { DISTILLGUARD_API_TOKENS: '' });
    const file = join(dir, 'admin-token');
    expect(first.logs.find((l) => l.token_file === file)).toBeDefined();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const token = readFileSync(file, 'utf8').trim();
    expect((await call(first, 'GET', '/v1/alerts', { token })).status).toBe(200);
    first.child.kill('SIGTERM');
    await first.exited;

    const second = await spawnServe(['--port', '0', '--data-dir', dir], { DISTILLGUARD_API_TOKENS: '' });
    expect((await call(second, 'GET', '/v1/alerts', { token })).status).toBe(200);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});
