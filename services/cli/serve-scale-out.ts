import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Config } from '../../schemas/config';
import { createApp } from '../api/app';
import { Metrics } from '../api/metrics';
import type { Actions } from '../jobs/runtime';
import { startActions } from '../jobs/runtime';
import type { RunnerState } from '../pipeline/runner';
import type { StreamConsumer } from '../stream/consumer';
import { KafkaIngestor } from '../stream/ingest';
import { EventProducer } from '../stream/producer';
import { apiTokens, closeServer, listen } from './http';
import type { ScaleOut } from './scale-out';
import { clusterLinking, createConsumer, openScaleOut, retention } from './scale-out';
import type { Serving } from './serve';

/**
 * `serve` in scale-out mode: the API and page read ClickHouse, ingest produces to Kafka, and a
 * consumer runs in this process unless `consumer` is false (detection then runs in
 * `distillguard consume` processes).
 */
export async function startScaleOutServe(config: Config, options: { consumer: boolean; log: Logger }): Promise<Serving> {
  const { log } = options;
  const tokens = apiTokens(config, log);
  // The metrics come first so that the ClickHouse writer registers on the same registry; the
  // alert counts are read from the store only when scraped.
  let servers: ScaleOut | undefined;
  const metrics = new Metrics({ backlog: () => producer.pending, store: { countAlerts: async () => (servers ? servers.store.countAlerts() : []) } });
  servers = await openScaleOut(config, log, { consumer: options.consumer, registry: metrics.registry });
  const producer = EventProducer.create(servers.kafka, config.kafka.topic);
  const actions = await startActions(config, servers.store, { log, metrics: metrics.registry, linking: clusterLinking(config, servers), retention: retention(config, servers) });
  const consumer = options.consumer ? createConsumer(config, servers, { registry: metrics.registry, hook: actions.hook, log }) : undefined;
  const ingestor = new KafkaIngestor(producer, {
    maxPending: config.maxBacklog,
    onIngested: (accepted, rejected) => {
      metrics.ingestAccepted.inc(accepted);
      metrics.ingestRejected.inc(rejected);
    },
  });
  // Without a consumer here, readiness is about what this process does: producing.
  const pipelineState = (): RunnerState => consumer?.state ?? (producer.failing ? 'failed' : 'running');

  let server: Server;
  let consumerDone = new Promise<void>(() => undefined);
  try {
    await producer.connect();
    if (consumer) consumerDone = (await consumer.start()).done;
    const app = createApp({
      store: servers.store,
      actions,
      ingestor,
      runnerState: pipelineState,
      backlog: () => producer.pending,
      maxBacklog: config.maxBacklog,
      maxBodyBytes: config.maxBodyBytes,
      tokens,
      metrics,
      log,
    });
    server = await listen(app, config.port);
  } catch (err) {
    await release(consumer, producer, actions, servers);
    throw err;
  }
  const url = `http://localhost:${(server.address() as AddressInfo).port}`;
  log.info({ url, mode: 'scale-out', consumer: options.consumer, topic: config.kafka.topic }, 'distillguard serving');

  const opened = servers;
  let stopping: Promise<number> | undefined;
  const shutdown = (reason: string, code = 0) =>
    (stopping ??= (async () => {
      log.info({ reason }, 'shutting down');
      // 1. No new requests; those in flight finish, so every 202 sent has its events in Kafka.
      await closeServer(server);
      // 2. The rest in order, see `release`.
      await release(consumer, producer, actions, opened);
      log.info('stopped');
      return code;
    })());
  // A crashed consumer ends the process non-zero, so the orchestrator restarts it clean.
  const stopped = consumerDone.then(() =>
    consumer?.state === 'failed' ? shutdown('Kafka consumer failed', 1) : shutdown('Kafka consumer stopped'),
  );
  return { url, stopped, shutdown: (reason) => shutdown(reason) };
}

/**
 * The consumer stores its batch in hand and leaves the group (the rest waits in Kafka); the job
 * workers finish their running jobs; then the connections all of them used.
 */
async function release(consumer: StreamConsumer | undefined, producer: EventProducer, actions: Actions, servers: ScaleOut): Promise<void> {
  await consumer?.stop();
  await producer.disconnect();
  await actions.close();
  await servers.close();
}
