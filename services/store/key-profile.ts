import type { AlertRecord, KeyProfile } from '../../schemas/api';
import type { Signal } from '../../schemas/signal';
import { NotFoundError } from './errors';

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

/** Assembles a key's profile; NotFoundError when the store knows nothing of the key. */
export function keyProfile(
  apiKeyId: string,
  { assessment: a, hours, alerts }: KeyHistory,
  allowlisted: (accountId: string) => boolean,
): KeyProfile {
  // The alerts listed include cluster alerts naming the key as a member, with another key's account.
  const accountId = a?.account_id ?? hours[0]?.account_id ?? alerts.find((x) => x.api_key_id === apiKeyId)?.account_id;
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
