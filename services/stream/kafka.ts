import { Kafka, logLevel } from 'kafkajs';
import type { LogEntry } from 'kafkajs';
import type { Logger } from 'pino';
import { installRecordBatchDecoder } from './kafka-record-batch';

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** A Kafka client whose logs go through our logger, so they are structured like every other line. */
export function createKafka(brokers: string[], log: Logger, clientId = 'distillguard'): Kafka {
  installRecordBatchDecoder(); // kafkajs's own allocates per record; see kafka-record-batch.ts
  const kafkaLog = log.child({ component: 'kafkajs' });
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.INFO,
    logCreator:
      () =>
      ({ namespace, level, log: { message, timestamp: _timestamp, ...fields } }: LogEntry) =>
        kafkaLog[LEVELS[level] ?? 'info']({ namespace, ...fields }, message),
  });
}
