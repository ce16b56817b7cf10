import { Partitioners } from 'kafkajs';
import type { PartitionMetadata } from 'kafkajs';
import { accountPartitioner, eventMessage } from '../../services/stream/partitioner';

const partitions = (n: number): PartitionMetadata[] =>
  Array.from({ length: n }, (_, i) => ({ partitionId: i, leader: 0, partitionErrorCode: 0, replicas: [0], isr: [0] }));

describe('account partitioner', () => {
  const place = accountPartitioner();
  const byKey = Partitioners.DefaultPartitioner();
  const meta = partitions(12);

  it('puts every key of an account in the partition Java would give the account id as key', () => {
    for (const account of ['acct-1', 'acct-2', 'acct_9f3a', 'ünïcode']) {
      const expected = byKey({ topic: 't', partitionMetadata: meta, message: { key: account, value: null } });
      for (const key of ['k1', 'k2', 'another-key', 'k4']) {
        const message = eventMessage({ api_key_id: key, account_id: account }, '{}');
        expect(place({ topic: 't', partitionMetadata: meta, message })).toBe(expected);
      }
    }
  });

  it('keys the message by API key and carries the account in a header', () => {
    expect(eventMessage({ api_key_id: 'k', account_id: 'a' }, 'v')).toEqual({ key: 'k', value: 'v', headers: { account_id: 'a' } });
  });
});
