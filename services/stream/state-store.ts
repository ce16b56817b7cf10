import type { Redis, Result } from 'ioredis';
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
 * ARGV: expected offset ('' for none), new offset, then id/state pairs.
 */
const COMMIT_SCRIPT = `
local current = redis.call('HGET', KEYS[1], '${OFFSET_FIELD}')
if (current or '') ~= ARGV[1] then return 0 end
for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('HSET', KEYS[1], '${OFFSET_FIELD}', ARGV[2])
return 1`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    distillguardCommitState(key: string, ...args: string[]): Result<number, Context>;
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
    redis.defineCommand('distillguardCommitState', { numberOfKeys: 1, lua: COMMIT_SCRIPT });
  }

  key(topic: string, partition: number): string {
    return `${this.prefix}:state:${topic}:${partition}`;
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
    for (const s of states) args.push(s.id, s.state);
    return (await this.redis.distillguardCommitState(this.key(topic, partition), ...args)) === 1;
  }
}
