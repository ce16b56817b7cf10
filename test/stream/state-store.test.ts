import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { parseEvent } from '../../schemas/event';
import { Pipeline } from '../../services/pipeline/pipeline';
import { stateIds } from '../../services/stream/partition-worker';
import { PartitionStateStore } from '../../services/stream/state-store';
import { makeEvent } from '../support/fixtures';
import { REDIS_URL } from './support';

describe('partition state in Redis', () => {
  const prefix = `dgtest_state_${randomBytes(4).toString('hex')}`;
  const redis = new Redis(REDIS_URL);
  const store = new PartitionStateStore(redis, prefix);
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('reads nothing for a partition never written', async () => {
    expect(await store.read('t', 0, ['key:a'])).toEqual({ offset: undefined, states: new Map() });
  });

  it('writes states with the offset, and only over the offset the writer started from', async () => {
    expect(await store.commit('t', 1, undefined, 10, [{ id: 'key:a', state: '{"n":1}' }])).toBe(true);
    expect(await store.commit('t', 1, 10, 20, [{ id: 'key:a', state: '{"n":2}' }, { id: 'account:x', state: '{}' }])).toBe(true);
    // A writer that last saw offset 10 (it lost the partition meanwhile) changes nothing.
    expect(await store.commit('t', 1, 10, 30, [{ id: 'key:a', state: '{"stale":true}' }])).toBe(false);
    expect(await store.commit('t', 1, undefined, 30, [{ id: 'key:b', state: '{}' }])).toBe(false);
    const snap = await store.read('t', 1, ['key:a', 'account:x', 'key:b']);
    expect(snap).toEqual({ offset: 20, states: new Map([['key:a', '{"n":2}'], ['account:x', '{}']]) });
    expect(await redis.hkeys(store.key('t', 1))).toEqual(expect.arrayContaining(['key:a', 'account:x']));
  });

  it('asks for exactly the ids the pipeline saves states under (exporting link features, as consumers run it)', () => {
    const events = [makeEvent(1), makeEvent(2, { api_key_id: 'key-2' })].map((e) => {
      const r = parseEvent(e);
      if (!r.ok) throw new Error(r.reason);
      return r.event;
    });
    const pipeline = new Pipeline({ loadState: () => undefined, clusters: false, exportLinks: true });
    for (const e of events) pipeline.process(e);
    expect(stateIds(events).sort()).toEqual(pipeline.takeDirtyStates().map((s) => s.id).sort());
  });
});
