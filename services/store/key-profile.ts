import type { AlertRecord, KeyProfile } from '../../schemas/api';
import type { Signal } from '../../schemas/signal';
import { NotFoundError } from './errors';
import type { MemberKey } from './types';

/** The hours a profile charts: 30 days. */
export const PROFILE_HOURS = 30 * 24;
/** The alerts a profile lists; older ones are reachable through the alert listing. */
export const PROFILE_ALERTS = 100;

/** A key's latest assessment as both stores keep it: signals as JSON. */
export interface AssessmentRow {
  account_id: string;
  at: number;
  requests: number;
  score: number;
  signals: string;
}

export type HourRow = KeyProfile['hours'][number] & { account_id: string };

/** What a store read for a profile: hours oldest first, alerts newest first. */
export interface KeyHistory {
  assessment: AssessmentRow | undefined;
  hours: HourRow[];
  alerts: AlertRecord[];
}

/**
 * A key's account: as its traffic shows it (`traffic`), else from its own alerts. The alerts a
 * key is listed with include cluster alerts naming it as a member, with another key's account.
 */
function accountOf(apiKeyId: string, traffic: string | undefined, alerts: readonly AlertRecord[]): string | undefined {
  return traffic ?? alerts.find((x) => x.api_key_id === apiKeyId)?.account_id;
}

/**
 * A cluster member as a store read it: its traffic's account and the alerts listed with it;
 * undefined when the store knows nothing of the key.
 */
export function memberKey(
  apiKeyId: string,
  traffic: string | undefined,
  alerts: readonly AlertRecord[],
  allowlisted: (accountId: string) => boolean,
): MemberKey | undefined {
  const accountId = accountOf(apiKeyId, traffic, alerts);
  if (accountId === undefined) return undefined;
  return { account_id: accountId, allowlisted: allowlisted(accountId), alerts: alerts.filter((x) => x.api_key_id === apiKeyId) };
}

/** Assembles a key's profile; NotFoundError when the store knows nothing of the key. */
export function keyProfile(
  apiKeyId: string,
  { assessment: a, hours, alerts }: KeyHistory,
  allowlisted: (accountId: string) => boolean,
): KeyProfile {
  const accountId = accountOf(apiKeyId, a?.account_id ?? hours[0]?.account_id, alerts);
  if (accountId === undefined) throw new NotFoundError('api key', apiKeyId);
  return {
    api_key_id: apiKeyId,
    account_id: accountId,
    allowlisted: allowlisted(accountId),
    assessment: a ? { at: a.at, requests: a.requests, score: a.score, signals: JSON.parse(a.signals) as Signal[] } : null,
    hours: hours.map(({ account_id: _, ...h }) => h),
    alerts,
  };
}
