import type { Command } from 'commander';
import pino from 'pino';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Config } from '../../schemas/config';
import { startActions } from '../jobs/runtime';
import { loadConfig } from '../../schemas/config';
import { startProbeServer } from '../stream/probe-server';
import { parsePort } from './http';
import { clusterLinking, createConsumer, openScaleOut, retention } from './scale-out';

/**
 * `distillguard consume`: one member of the consumer group, alone in its process, with probes and
 * metrics on the port. Resolves with the exit code: 1 after a crash, so the orchestrator restarts it.
 */
export async function runConsumer(config: Config, log: Logger): Promise<number> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const servers = await openScaleOut(config, log, { consumer: true, registry });
  const actions = await startActions(config, servers.store, { log, metrics: registry, linking: clusterLinking(config, servers), retention: retention(config, servers) });
  const consumer = createConsumer(config, servers, { registry, hook: actions.hook, log });
  const { done } = await consumer.start();
  const probes = await startProbeServer(config.port, registry, () => consumer.state === 'running');
  log.info({ url: `http://localhost:${probes.port}` }, 'distillguard consuming');
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log.info({ signal }, 'shutting down');
      void consumer.stop();
    });
  }
  await done;
  // Order: the consumer has stored its last batch and left the group; then the probes, the job
  // workers (running jobs finish, waiting ones stay in Redis), then the servers.
  probes.server.close();
  await actions.close();
  await servers.close();
  return consumer.state === 'failed' ? 1 : 0;
}

export function registerConsume(program: Command): void {
  program
    .command('consume')
    .description('Run one Kafka consumer of the detection group (KAFKA_*, CLICKHOUSE_*, REDIS_URL); probes and metrics on the port')
    .option('--port <port>', 'port of /healthz, /readyz and /metrics (default DISTILLGUARD_PORT or 8080)', parsePort)
    .action(async (opts: { port?: number }) => {
      const config = loadConfig({ port: opts.port });
      const log = pino({ level: config.logLevel, base: { service: 'distillguard-consumer' } });
      process.exitCode = await runConsumer(config, log);
    });
}
