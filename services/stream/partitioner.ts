import { Partitioners } from 'kafkajs';
import type { ICustomPartitioner, Message } from 'kafkajs';
import type { RequestLogEvent } from '../../schemas/event';

/** Header that carries the event's account to the partitioner (the key is the API key). */
export const ACCOUNT_HEADER = 'account_id';

/**
 * Places a message by its account: Java's default partitioner (murmur2, as kafkajs's
 * DefaultPartitioner) applied to the account id instead of the key. All keys of an account then
 * share one partition, so one consumer's pipeline sees the account's whole traffic in order, and a
 * producer in another language gets the same partition by hashing account_id the same way.
 */
export const accountPartitioner: ICustomPartitioner = () => {
  const byKey = Partitioners.DefaultPartitioner();
  return ({ message, ...rest }) => {
    const account = message.headers?.[ACCOUNT_HEADER] as Buffer | string | undefined;
    return byKey({ ...rest, message: { ...message, key: account ?? message.key } });
  };
};

/** The Kafka message of one event: keyed by API key, with the account for the partitioner. */
export function eventMessage(event: Pick<RequestLogEvent, 'api_key_id' | 'account_id'>, value: string): Message {
  return { key: event.api_key_id, value, headers: { [ACCOUNT_HEADER]: event.account_id } };
}
