import type { Redis, Result } from 'ioredis';
import { z } from 'zod';
import type { ClusterState } from '../../detectors/clusters/stage';
import { newClusterState } from '../../detectors/clusters/stage';
import { AlertSchema } from '../../schemas/alert';

/** What the linking job keeps between runs: the last event hour it linked and the stage's state. */
export interface LinkingState {
  /** Start (epoch ms) of the last hour linked; null before the first. */
  hour: number | null;
  clusters: ClusterState;
}

const ClusterStateSchema: z.ZodType<ClusterState> = z.object({
  v: z.literal(1),
  since: z.number().nullable(),
  open: z.array(z.object({ alert: AlertSchema, calmSince: z.number().nullable() })),
});

const SavedSchema = z.object({
  hour: z.coerce.number().int(),
  clusters: z.string().transform((text) => JSON.parse(text) as unknown).pipe(ClusterStateSchema),
});

/**
 * Writes the state only if the stored hour is still the one the run started from, so that a run
 * that overlapped another (a stalled job taken over) cannot set the state back.
 * ARGV: expected hour ('' for none), new hour, state JSON.
 */
const SAVE_SCRIPT = `
if (redis.call('HGET', KEYS[1], 'hour') or '') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'hour', ARGV[2], 'clusters', ARGV[3])
return 1`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    distillguardSaveLinking(key: string, ...args: string[]): Result<number, Context>;
  }
}

/** The linking job's state in Redis: hash `<prefix>:clusters:<topic>`, fields `hour` and `clusters`. */
export class LinkingStateStore {
  readonly key: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    topic: string,
  ) {
    this.key = `${prefix}:clusters:${topic}`;
    redis.defineCommand('distillguardSaveLinking', { numberOfKeys: 1, lua: SAVE_SCRIPT });
  }

  async load(): Promise<LinkingState> {
    const [hour, clusters] = await this.redis.hmget(this.key, 'hour', 'clusters');
    if (hour === null || clusters === null) return { hour: null, clusters: newClusterState() };
    return SavedSchema.parse({ hour, clusters });
  }

  /** False, writing nothing, when another run saved since the state `from` was loaded. */
  async save(from: LinkingState, next: LinkingState & { hour: number }): Promise<boolean> {
    const expected = from.hour === null ? '' : String(from.hour);
    return (await this.redis.distillguardSaveLinking(this.key, expected, String(next.hour), JSON.stringify(next.clusters))) === 1;
  }
}
