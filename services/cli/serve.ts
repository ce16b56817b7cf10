import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import pino from 'pino';
import type { Logger } from 'pino';
import type { Config } from '../../schemas/config';
import { loadConfig } from '../../schemas/config';
import { ensureAdminToken } from '../api/admin-token';
import { createApp } from '../api/app';
import { TokenRegistry } from '../api/auth';
import { Metrics } from '../api/metrics';
import { Ingestor } from '../pipeline/ingestor';
import { Pipeline } from '../pipeline/pipeline';
import { PipelineRunner } from '../pipeline/runner';
import { openDatabase } from '../store/sqlite/database';
import { SqliteJournal } from '../store/sqlite/journal';
import { SqliteStore } from '../store/sqlite/store';
import { DEMO_DEFAULTS, startDemoFeed } from './demo-feed';

/** How long in-flight requests get to finish on shutdown before their connections are cut. */
const HTTP_GRACE_MS = 10_000;

export interface Serving {
  url: string;
  /** Settles when the process should exit: after a shutdown, with its exit code. */
  stopped: Promise<number>;
  /** Shuts down in order; safe to call more than once. */
  shutdown(reason: string): Promise<number>;
}

/** Starts the embedded service: store, journal, pipeline runner, HTTP API and page on one port. */
export async function startServe(config: Config, options: { demo: boolean; log: Logger }): Promise<Serving> {
  const { log } = options;
  mkdirSync(config.dataDir, { recursive: true });
  const tokens = TokenRegistry.fromConfig(
    config.apiTokens.length ? config.apiTokens : [{ role: 'admin', token: adminToken(config.dataDir, log) }],
    config.ingestToken,
  );

  const db = openDatabase(join(config.dataDir, 'distillguard.db'));
  const store = new SqliteStore(db, { suppressionDays: config.suppressionDays });
  const journal = new SqliteJournal(db);
  const pipeline = new Pipeline({
    loadState: (id) => store.loadState(id),
    isAllowlisted: (key, account, ts) => store.isAllowlisted(key, account, ts),
    storePrompts: config.storePrompts,
  });
  const metrics = new Metrics({ backlog: () => journal.backlog(), store });
  const runner = new PipelineRunner(journal, pipeline, store, {
    log,
    onCommitted: (events) => metrics.pipelineEvents.inc(events),
  });
  const ingestor = new Ingestor(journal, {
    maxBacklog: config.maxBacklog,
    isConsuming: () => runner.state === 'running',
    onIngested: (accepted, rejected) => {
      metrics.ingestAccepted.inc(accepted);
      metrics.ingestRejected.inc(rejected);
    },
  });
  // Resumes after the committed position: events journaled before a crash are processed first.
  const { done: runnerDone } = await runner.start();

  const app = createApp({
    store,
    ingestor,
    runnerState: () => runner.state,
    backlog: () => journal.backlog(),
    maxBacklog: config.maxBacklog,
    maxBodyBytes: config.maxBodyBytes,
    tokens,
    metrics,
    log,
  });
  const server = await listen(app, config.port).catch(async (err: unknown) => {
    // The port is taken, say: release what is open so the process can exit with the error.
    await runner.stop();
    await store.close();
    throw err;
  });
  const url = `http://localhost:${(server.address() as AddressInfo).port}`;
  const demo = options.demo ? startDemoFeed(ingestor, { ...DEMO_DEFAULTS, log }) : undefined;
  log.info({ url, data_dir: config.dataDir, demo: options.demo }, 'distillguard serving');

  let stopping: Promise<number> | undefined;
  const shutdown = (reason: string, code = 0) =>
    (stopping ??= (async () => {
      log.info({ reason }, 'shutting down');
      // 1. No new simulated traffic.
      demo?.stop();
      // 2. No new requests; those in flight finish, so every 202 sent has its events journaled.
      await closeServer(server);
      // 3. The runner commits the batch in hand; events behind it stay journaled for the next start.
      await runner.stop();
      // 4. Only then close the database both of them write to.
      await store.close();
      log.info({ backlog: journal.backlog() }, 'stopped');
      return code;
    })());
  // The runner ends on shutdown or on failure; a failed runner's memory is ahead of the store,
  // so the process exits non-zero and a restart replays from the last commit.
  const stopped = runnerDone.then(() =>
    runner.state === 'failed' ? shutdown('pipeline runner failed', 1) : shutdown('pipeline runner stopped'),
  );
  return { url, stopped, shutdown: (reason) => shutdown(reason) };
}

function adminToken(dataDir: string, log: Logger): string {
  const { token, file } = ensureAdminToken(dataDir);
  log.warn({ token_file: file }, `no DISTILLGUARD_API_TOKENS configured: the admin token is in ${file}`);
  return token;
}

function listen(app: ReturnType<typeof createApp>, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, (err?: Error) => (err ? reject(err) : resolve(server)));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), HTTP_GRACE_MS);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    // Keep-alive connections with no request in flight would otherwise hold close() open.
    server.closeIdleConnections();
  });
}

function parsePort(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 65535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Run DistillGuard embedded: HTTP ingest, detection, store, API and triage page on one port.')
    .option('--port <port>', 'HTTP port (default DISTILLGUARD_PORT or 8080)', parsePort)
    .option('--data-dir <dir>', 'where data is kept (default DISTILLGUARD_DATA_DIR or ./data)')
    .option('--demo', 'also feed live simulated traffic, sped up, so alerts appear within a minute', false)
    .action(async (opts: { port?: number; dataDir?: string; demo: boolean }) => {
      const config = loadConfig({ port: opts.port, dataDir: opts.dataDir });
      const log = pino({ level: config.logLevel, base: { service: 'distillguard' } });
      const serving = await startServe(config, { demo: opts.demo, log });
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        process.once(signal, () => void serving.shutdown(signal));
      }
      process.exitCode = await serving.stopped;
    });
}
