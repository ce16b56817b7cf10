import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Alert } from '../../schemas/alert';
import { loadConfig } from '../../schemas/config';
import type { Serving } from '../../services/cli/serve';
import { startServe } from '../../services/cli/serve';
import { SqliteStore } from '../../services/store/sqlite/store';
import { outputOf } from '../support/fixtures';

export const TOKENS = {
  admin: 'admin-token-0123456789',
  analyst: 'analyst-token-0123456789',
  viewer: 'viewer-token-0123456789',
  ingest: 'ingest-token-0123456789',
} as const;

/** A response read whole; `body` is the decoded JSON (any: tests look into arbitrary shapes). */
export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export async function readReply(res: Response): Promise<Reply> {
  const text = await res.text();
  const isJson = (res.headers.get('content-type') ?? '').includes('json');
  return { status: res.status, headers: res.headers, text, body: isJson ? JSON.parse(text) : undefined };
}

export interface TestServer {
  url: string;
  dataDir: string;
  /** Sends a request as the admin unless `token` says otherwise; objects go as JSON, strings as they are. */
  call(method: string, path: string, o?: { token?: string | null; body?: unknown; type?: string }): Promise<Reply>;
  /** Stores alerts as detection would, through a second connection to the server's database. */
  seed(...alerts: Alert[]): Promise<void>;
  close(): Promise<void>;
}

/** A real `serve` in this process on a free port, with a fresh data directory and fixed tokens. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dg-api-'));
  const config = loadConfig(
    { port: 0, dataDir },
    {
      DISTILLGUARD_API_TOKENS: `admin:${TOKENS.admin},analyst:${TOKENS.analyst},viewer:${TOKENS.viewer}`,
      DISTILLGUARD_INGEST_TOKEN: TOKENS.ingest,
      ...env,
    },
  );
  const serving: Serving = await startServe(config, { demo: false, log: pino({ level: 'silent' }) });
  const seeder = SqliteStore.open(join(dataDir, 'distillguard.db'), { suppressionDays: config.suppressionDays });
  let seeds = 0;
  return {
    url: serving.url,
    dataDir,
    call(method, path, o = {}) {
      const headers: Record<string, string> = {};
      const token = o.token === undefined ? TOKENS.admin : o.token;
      if (token !== null) headers.authorization = `Bearer ${token}`;
      let body: string | undefined;
      if (o.body !== undefined) {
        body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
        headers['content-type'] = o.type ?? 'application/json';
      }
      return fetch(serving.url + path, { method, headers, body }).then(readReply);
    },
    seed: (...alerts) =>
      seeder.commitBatch({ output: outputOf({ alerts }), states: [], position: { source: 'seed', offset: String(++seeds) } }),
    async close() {
      await seeder.close();
      await serving.shutdown('test done');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
