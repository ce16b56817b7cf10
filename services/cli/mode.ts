import type { Config } from '../../schemas/config';

/** Scale-out mode is chosen by configuration: Kafka carries the events, ClickHouse keeps the data. */
export function isScaleOut(config: Config): boolean {
  return config.kafka.brokers.length > 0 && config.clickhouse.url !== undefined;
}
