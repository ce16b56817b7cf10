import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Command } from 'commander';
import pino from 'pino';
import type { Logger } from 'pino';
import type { Config } from '../../schemas/config';
import { loadConfig } from '../../schemas/config';
import { createApp } from '../api/app';
import { Metrics } from '../api/metrics';
import { startActions } from '../jobs/runtime';
import { Ingestor } from '../pipeline/ingestor';
import { Pipeline } from '../pipeline/pipeline';
import { PipelineRunner } from '../pipeline/runner';
import { openDatabase } from '../store/sqlite/database';
import { SqliteJournal } from '../store/sqlite/journal';
import { SqliteStore } from '../store/sqlite/store';
import { DEMO_DEFAULTS, startDemoFeed } from './demo-feed';
import { apiTokens, closeServer, listen, parsePort } from './http';
import { isScaleOut } from './mode';

export interface Serving {
  url: string;
  /** Settles when the process should exit: after a shutdown, with its exit code. */
  stopped: Promise<number>;
  /** Shuts down in order; safe to call more than once. */
  shutdown(reason: string): Promise<number>;
}

export interface ServeOptions {
  demo: boolean;
  /** Scale-out only: false runs the API without an in-process Kafka consumer. */
  consumer?: boolean;
  log: Logger;
}

/**
 * Starts `serve`: scale-out when Kafka and ClickHouse are configured (see serve-scale-out.ts),
 * otherwise embedded: store, journal, pipeline runner, HTTP API and page on one port.
 */
export async function startServe(config: Config, options: ServeOptions): Promise<Serving> {
  if (isScaleOut(config)) {
    // Loaded only when used: the embedded mode needs none of Kafka, Redis or ClickHouse.
    const { startScaleOutServe } = await import('./serve-scale-out');
    return startScaleOutServe(config, { consumer: options.consumer ?? true, log: options.log });
  }
  const { log } = options;
  mkdirSync(config.dataDir, { recursive: true });
  const tokens = apiTokens(config, log);

  const db = openDatabase(join(config.dataDir, 'distillguard.db'));
  const store = new SqliteStore(db, { suppressionDays: config.suppressionDays });
  const journal = new SqliteJournal(db);
  const pipeline = new Pipeline({
    loadState: (id) => store.loadState(id),
    isAllowlisted: (key, account, ts) => store.isAllowlisted(key, account, ts),
    storePrompts: config.storePrompts,
  });
  const metrics = new Metrics({ backlog: () => journal.backlog(), store });
  const actions = await startActions(config, store, { log, metrics: metrics.registry });
  const runner = new PipelineRunner(journal, pipeline, store, {
    log,
    onCommitted: (events, batch) => {
      metrics.pipelineEvents.inc(events);
      // Adds jobs without waiting: enforcement and notification never hold up detection.
      actions.hook.onAlerts(batch.output.alerts);
    },
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
    actions,
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
    await actions.close();
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
      // 4. Workers finish their running jobs; waiting ones stay in Redis (or, in process, are dropped).
      await actions.close();
      // 5. Only then close the database all of them write to.
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

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'Run DistillGuard: HTTP ingest, detection, store, API and triage page on one port; scale-out ' +
        '(ingest to Kafka, data in ClickHouse) when KAFKA_BROKERS and CLICKHOUSE_URL are set.',
    )
    .option('--port <port>', 'HTTP port (default DISTILLGUARD_PORT or 8080)', parsePort)
    .option('--data-dir <dir>', 'where data is kept (default DISTILLGUARD_DATA_DIR or ./data)')
    .option('--demo', 'also feed live simulated traffic, sped up, so alerts appear within a minute (embedded only)', false)
    .option('--no-consumer', 'scale-out: serve the API only; detection runs in `distillguard consume` processes')
    .action(async (opts: { port?: number; dataDir?: string; demo: boolean; consumer: boolean }) => {
      const config = loadConfig({ port: opts.port, dataDir: opts.dataDir });
      const log = pino({ level: config.logLevel, base: { service: 'distillguard' } });
      const serving = await startServe(config, { demo: opts.demo, consumer: opts.consumer, log });
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        process.once(signal, () => void serving.shutdown(signal));
      }
      process.exitCode = await serving.stopped;
    });
}
