import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { Command } from 'commander';
import pino from 'pino';
import { loadConfig } from '../../schemas/config';
import { createKafka } from '../stream/kafka';
import { EventProducer } from '../stream/producer';
import type { PublishStats } from '../stream/publish';
import { publishLines } from '../stream/publish';

const MAX_REJECTIONS_PRINTED = 50;
const PROGRESS_EVERY_MS = 1000;

export function registerProduce(program: Command): void {
  program
    .command('produce')
    .description('Publish NDJSON RequestLogEvent v1 lines to Kafka (KAFKA_BROKERS, KAFKA_TOPIC), partitioned by account')
    .argument('[file]', 'NDJSON file, or - for standard input', '-')
    .action(async (file: string) => {
      const config = loadConfig();
      if (config.kafka.brokers.length === 0) throw new Error('KAFKA_BROKERS is not set');
      const log = pino({ level: config.logLevel === 'info' ? 'warn' : config.logLevel }, pino.destination(2));
      const producer = EventProducer.create(createKafka(config.kafka.brokers, log, 'distillguard-produce'), config.kafka.topic);
      const input: Readable = file === '-' ? process.stdin : createReadStream(file, { highWaterMark: 1 << 20 });
      const started = Date.now();
      let printed = 0;
      let lastProgress = started;
      const progress = (s: PublishStats, final = false) =>
        process.stderr.write(
          `produce: ${s.lines} lines, ${s.sent} sent, ${s.rejected} rejected, ` +
            `${Math.round(s.sent / Math.max(0.001, (Date.now() - started) / 1000))} events/s${final ? '' : ' ...'}\n`,
        );
      await producer.connect();
      try {
        const stats = await publishLines(input, producer, {
          onRejected: (line, reason) => {
            if (printed++ < MAX_REJECTIONS_PRINTED) process.stderr.write(`line ${line}: rejected: ${reason}\n`);
          },
          onProgress: (s) => {
            if (Date.now() - lastProgress < PROGRESS_EVERY_MS) return;
            lastProgress = Date.now();
            progress(s);
          },
        });
        progress(stats, true);
      } finally {
        await producer.disconnect();
      }
    });
}
