import type { Redis, Result } from 'ioredis';
import { WATERMARK_STATE_ID } from '../pipeline/pipeline';
import type { DetectorState } from '../store/types';

/*
 * Why Redis and not ClickHouse for detector state: the consumer reads a few hundred states by id
 * before every batch and writes back the ones that changed, together with the offset they reflect.
 * That is point reads and writes with an atomic multi-key write, which Redis does in one round
 * trip and ClickHouse (append-only parts, no transactions, eventual merges) does not do at all. A
 * partition's state also comes back in milliseconds on a rebalance: only the ids a batch touches
 * are read, lazily.
 */

/** The hash field holding the last applied offset; state ids start with `key:` or `account:`. */
const OFFSET_FIELD = '@offset';

/**
 * Writes states and the offset only if the stored offset is still the one the writer started
 * from. A script rather than MULTI/EXEC: it is as atomic, and it can refuse the write, so a
 * consumer that lost the partition in a rebalance cannot overwrite its successor's progress.
 * A key's or account's state also goes into the idle index (KEYS[2], scored by the event time of
 * its latest event). ARGV: expected offset ('' for none), new offset, then id/state/time triples
 * ('' for no time).
 */
const COMMIT_SCRIPT = `
local current = redis.call('HGET', KEYS[1], '${OFFSET_FIELD}')
if (current or '') ~= ARGV[1] then return 0 end
for i = 3, #ARGV, 3 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  if ARGV[i + 2] ~= '' then redis.call('ZADD', KEYS[2], ARGV[i + 2], ARGV[i]) end
end
redis.call('HSET', KEYS[1], '${OFFSET_FIELD}', ARGV[2])
return 1`;

/**
 * Deletes up to ARGV[2] key and account states whose latest event is more than ARGV[1] ms older than the
 * partition's watermark (event time, so that a backfill of old logs prunes nothing it still needs).
 */
const PRUNE_SCRIPT = `
local watermark = tonumber(redis.call('HGET', KEYS[1], '${WATERMARK_STATE_ID}'))
if not watermark then return 0 end
local ids = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. string.format('%d', watermark - tonumber(ARGV[1])), 'LIMIT', 0, tonumber(ARGV[2]))
for _, id in ipairs(ids) do
  redis.call('HDEL', KEYS[1], id)
  redis.call('ZREM', KEYS[2], id)
end
return #ids`;

/** Key states deleted per run of the prune script: short enough not to hold Redis up. */
const PRUNE_BATCH = 1000;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    distillguardCommitState(key: string, idle: string, ...args: string[]): Result<number, Context>;
    distillguardPruneStates(key: string, idle: string, olderThanMs: string, limit: string): Result<number, Context>;
  }
}

/** A partition's saved position and the saved states of the ids asked for (absent ids are new). */
export interface PartitionSnapshot {
  /** Last offset whose effects are stored; undefined when the partition was never processed. */
  offset: number | undefined;
  states: Map<string, string>;
}

/** Per-partition detector state in Redis: hash `<prefix>:state:<topic>:<partition>`, id → state JSON. */
export class PartitionStateStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    redis.defineCommand('distillguardCommitState', { numberOfKeys: 2, lua: COMMIT_SCRIPT });
    redis.defineCommand('distillguardPruneStates', { numberOfKeys: 2, lua: PRUNE_SCRIPT });
  }

  key(topic: string, partition: number): string {
    return `${this.prefix}:state:${topic}:${partition}`;
  }

  /** The partition's idle index: key and account state ids scored by the event time of their latest event. */
  private idleKey(topic: string, partition: number): string {
    return `${this.prefix}:state-idle:${topic}:${partition}`;
  }

  async read(topic: string, partition: number, ids: readonly string[]): Promise<PartitionSnapshot> {
    const [offset, ...values] = await this.redis.hmget(this.key(topic, partition), OFFSET_FIELD, ...ids);
    const states = new Map<string, string>();
    values.forEach((v, i) => v !== null && states.set(ids[i], v));
    return { offset: offset === null ? undefined : Number(offset), states };
  }

  /** False when another writer moved the offset since `expected`: nothing was written. */
  async commit(
    topic: string,
    partition: number,
    expected: number | undefined,
    offset: number,
    states: readonly DetectorState[],
  ): Promise<boolean> {
    const args = [expected === undefined ? '' : String(expected), String(offset)];
    for (const s of states) args.push(s.id, s.state, s.at === undefined ? '' : String(s.at));
    return (await this.redis.distillguardCommitState(this.key(topic, partition), this.idleKey(topic, partition), ...args)) === 1;
  }

  /**
   * Deletes the states of keys whose latest event is more than `olderThanMs` before their
   * partition's watermark, in every partition of `topic`; returns how many. Such a key starts
   * afresh if it comes back. Accounts and positions stay.
   */
  async pruneIdle(topic: string, olderThanMs: number): Promise<number> {
    let pruned = 0;
    for (const partition of await this.partitions(topic)) {
      for (;;) {
        const n = await this.redis.distillguardPruneStates(this.key(topic, partition), this.idleKey(topic, partition), String(olderThanMs), String(PRUNE_BATCH));
        pruned += n;
        if (n < PRUNE_BATCH) break;
      }
    }
    return pruned;
  }

  /** The partitions of `topic` with an idle index. */
  private async partitions(topic: string): Promise<number[]> {
    const prefix = this.idleKey(topic, 0).slice(0, -1);
    const found = new Set<number>();
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      for (const k of keys) {
        const p = k.slice(prefix.length);
        if (/^\d+$/.test(p)) found.add(Number(p));
      }
      cursor = next;
    } while (cursor !== '0');
    return [...found].sort((a, b) => a - b);
  }
}
