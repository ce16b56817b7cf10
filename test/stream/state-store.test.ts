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

  it('prunes key and account states idle longer than asked before the watermark of their partition, in every partition, and nothing else', async () => {
    const DAY = 86_400_000;
    const W = Date.UTC(2026, 10, 22);
    const states = (offsetDaysAgo: number[]) => [
      ...offsetDaysAgo.map((d, i) => ({ id: `key:k${i}`, state: '{}', at: W - d * DAY })),
      { id: 'account:idle', state: '{}', at: W - 70 * DAY },
      { id: 'account:live', state: '{}', at: W - DAY },
      // Saved without a time (before accounts had one): kept.
      { id: 'account:x', state: '{}' },
      { id: 'watermark', state: String(W) },
    ];
    expect(await store.commit('p', 0, undefined, 5, states([90, 61, 59, 1]))).toBe(true);
    expect(await store.commit('p', 3, undefined, 7, states([120]))).toBe(true);
    // A key that came back: its newer time replaces the old one.
    expect(await store.commit('p', 0, 5, 6, [{ id: 'key:k1', state: '{"back":1}', at: W }])).toBe(true);
    // A partition without a watermark yet prunes nothing.
    expect(await store.commit('p', 9, undefined, 1, [{ id: 'key:old', state: '{}', at: 0 }])).toBe(true);

    expect(await store.pruneIdle('p', 60 * DAY)).toBe(4);
    expect((await redis.hkeys(store.key('p', 0))).sort()).toEqual(['@offset', 'account:live', 'account:x', 'key:k1', 'key:k2', 'key:k3', 'watermark']);
    expect((await redis.hkeys(store.key('p', 3))).sort()).toEqual(['@offset', 'account:live', 'account:x', 'watermark']);
    expect(await redis.hkeys(store.key('p', 9))).toContain('key:old');
    expect(await store.pruneIdle('p', 60 * DAY)).toBe(0);
    // The consumer goes on over a pruned partition.
    expect(await store.commit('p', 3, 7, 8, [{ id: 'key:k0', state: '{"fresh":1}', at: W }])).toBe(true);
    expect((await store.read('p', 3, ['key:k0'])).states.get('key:k0')).toBe('{"fresh":1}');
  });

  it('asks for exactly the ids the pipeline saves states under (exporting link features, as consumers run it), keys and accounts with their time', () => {
    const events = [makeEvent(1), makeEvent(2, { api_key_id: 'key-2' })].map((e) => {
      const r = parseEvent(e);
      if (!r.ok) throw new Error(r.reason);
      return r.event;
    });
    const pipeline = new Pipeline({ loadState: () => undefined, clusters: false, exportLinks: true });
    for (const e of events) pipeline.process(e);
    const taken = pipeline.takeDirtyStates();
    expect(stateIds(events).sort()).toEqual(taken.map((s) => s.id).sort());
    // Key and account states carry the time of their latest event, for pruning.
    expect(taken.filter((s) => s.id.startsWith('key:')).map((s) => [s.id, s.at])).toEqual(events.map((e) => [`key:${e.api_key_id}`, e.ts]));
    expect(taken.filter((s) => s.id.startsWith('account:')).map((s) => [s.id, s.at])).toEqual([[`account:${events[0].account_id}`, Math.max(...events.map((e) => e.ts))]]);
  });
});
