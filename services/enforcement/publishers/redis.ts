import type IORedis from 'ioredis';
import type { Decision } from '../../../schemas/enforcement';
import type { EnforcementStore } from '../../store/actions';
import type { AllowlistView } from '../../store/types';
import type { Publisher } from './types';

/** `<prefix>:throttle:<api_key_id>`: the hash a gateway reads on each request. */
export const throttleKey = (prefix: string, apiKeyId: string) => `${prefix}:throttle:${apiKeyId}`;

/** The hash of the decision in force; every field is a string, empty when not applicable. */
export function throttleFields(d: Decision): Record<string, string> {
  return {
    action: d.action,
    limit_rpm: d.limit_rpm === null ? '' : String(d.limit_rpm),
    limit_tpm: d.limit_tpm === null ? '' : String(d.limit_tpm),
    until: String(d.until),
    reason: d.reason,
    alert_id: d.alert_id ?? '',
    decision_id: d.decision_id,
  };
}

// A few rounds settle any realistic race; more means something is flapping, and the job retries.
const MAX_ROUNDS = 5;

/**
 * Keeps each key's hash equal to the strictest decision in force on it, with a TTL ending with
 * that decision, or absent. It writes what the store says rather than applying the event, so
 * deliveries may run in any order; after writing it reads the store again and repeats if that
 * changed meanwhile, so that of two concurrent syncs the later state is what stays in Redis.
 */
export class RedisPublisher implements Publisher {
  constructor(
    private readonly redis: IORedis,
    private readonly prefix: string,
    private readonly store: Pick<EnforcementStore, 'activeDecisions'> & AllowlistView,
  ) {}

  async publish(_event: unknown, decision: Decision): Promise<void> {
    const key = throttleKey(this.prefix, decision.api_key_id);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const wanted = await this.inForce(decision);
      await this.write(key, wanted);
      if ((await this.inForce(decision))?.decision_id === wanted?.decision_id) return;
    }
    throw new Error(`the decisions on ${decision.api_key_id} kept changing while publishing them`);
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }

  private async inForce(d: Decision): Promise<Decision | undefined> {
    if (this.store.isAllowlisted(d.api_key_id, d.account_id, Date.now())) return undefined;
    return (await this.store.activeDecisions(d.api_key_id))[0];
  }

  private async write(key: string, d: Decision | undefined): Promise<void> {
    const tx = this.redis.multi().del(key);
    if (d) tx.hset(key, throttleFields(d)).pexpireat(key, d.until);
    const results = await tx.exec();
    const failed = results?.find(([err]) => err);
    if (!results || failed) throw failed?.[0] ?? new Error('the Redis transaction was aborted');
  }
}
