import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { newClusterState } from '../../detectors/clusters/stage';
import { LinkingStateStore } from '../../services/linking/state';
import { makeAlert } from '../support/fixtures';
import { REDIS_URL } from '../stream/support';

describe("the linking job's state in Redis", () => {
  const prefix = `dgtest_linking_${randomBytes(4).toString('hex')}`;
  const redis = new Redis(REDIS_URL);
  const store = new LinkingStateStore(redis, prefix, 'topic');
  afterAll(async () => {
    await redis.del(store.key);
    redis.disconnect();
  });

  it('starts with nothing linked, and saves only over the hour the run started from', async () => {
    const empty = await store.load();
    expect(empty).toEqual({ hour: null, clusters: newClusterState() });
    const open = [{ alert: makeAlert({ alert_id: 'al_c', kind: 'cluster', related_api_key_ids: ['k1', 'k2'] }), calmSince: null }];
    const first = { hour: 7200_000, clusters: { v: 1 as const, since: 0, open } };
    expect(await store.save(empty, first)).toBe(true);
    expect(await store.load()).toEqual(first);
    // A run that started before `first` was saved (it overlapped the one that saved it) writes nothing.
    expect(await store.save(empty, { hour: 10_800_000, clusters: newClusterState() })).toBe(false);
    expect(await store.save(first, { hour: 10_800_000, clusters: newClusterState() })).toBe(true);
    expect((await store.load()).hour).toBe(10_800_000);
  });

  it('refuses a stored state that is not one', async () => {
    await redis.hset(store.key, 'clusters', JSON.stringify({ v: 1, since: null, open: [{ alert: { alert_id: 'x' } }] }));
    await expect(store.load()).rejects.toThrow();
  });
});
