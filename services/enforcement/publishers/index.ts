import IORedis from 'ioredis';
import type { Config } from '../../../schemas/config';
import type { EnforcementChannel } from '../../jobs/queues';
import type { EnforcementStore } from '../../store/actions';
import type { AllowlistView } from '../../store/types';
import { KafkaPublisher } from './kafka';
import { RedisPublisher } from './redis';
import type { Publisher } from './types';
import { WebhookPublisher } from './webhook';

export type Publishers = Partial<Record<EnforcementChannel, Publisher>>;

/** The channels this deployment publishes decisions to: Redis, Kafka and the webhook, each when configured. */
export function createPublishers(config: Config, store: Pick<EnforcementStore, 'activeDecisions'> & AllowlistView): Publishers {
  const publishers: Publishers = {};
  if (config.redisUrl) publishers.redis = new RedisPublisher(new IORedis(config.redisUrl), config.jobs.redisPrefix, store);
  if (config.kafka.brokers.length) publishers.kafka = new KafkaPublisher(config.kafka.brokers, `${config.kafka.groupId}-enforcement`);
  if (config.enforcement.webhookUrl && config.webhookSecret) {
    publishers.webhook = new WebhookPublisher(config.enforcement.webhookUrl, config.webhookSecret);
  }
  return publishers;
}
