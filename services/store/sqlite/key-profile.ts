import type { Database, Statement } from 'better-sqlite3';
import type { AlertRecord, KeyProfile } from '../../../schemas/api';
import type { Signal } from '../../../schemas/signal';
import { NotFoundError } from '../errors';

interface AssessmentRow {
  account_id: string;
  at: number;
  requests: number;
  score: number;
  signals: string;
}

type HourRow = KeyProfile['hours'][number] & { account_id: string };

/** The hours a profile charts: 30 days. */
const PROFILE_HOURS = 30 * 24;
/** The alerts a profile lists; older ones are reachable through the alert listing. */
export const PROFILE_ALERTS = 100;

/** Reads a key's history: its latest assessment and its hourly volume and score. */
export class KeyHistory {
  private readonly assessment: Statement<[string], AssessmentRow>;
  private readonly hours: Statement<[string, number], HourRow>;

  constructor(db: Database) {
    this.assessment = db.prepare('SELECT * FROM key_assessments WHERE api_key_id = ?');
    this.hours = db.prepare(
      `SELECT * FROM (SELECT hour, requests, tokens, max_score, account_id FROM key_hours
         WHERE api_key_id = ? ORDER BY hour DESC LIMIT ?) ORDER BY hour`,
    );
  }

  /** Assembles the profile from the history and what the store knows otherwise; 404 when nothing. */
  profile(apiKeyId: string, alerts: AlertRecord[], allowlisted: (accountId: string) => boolean): KeyProfile {
    const a = this.assessment.get(apiKeyId);
    const hourRows = this.hours.all(apiKeyId, PROFILE_HOURS);
    const accountId = a?.account_id ?? hourRows[0]?.account_id ?? alerts[0]?.account_id ?? null;
    if (accountId === null) throw new NotFoundError('api key', apiKeyId);
    return {
      api_key_id: apiKeyId,
      account_id: accountId,
      allowlisted: allowlisted(accountId),
      assessment: a
        ? { at: a.at, requests: a.requests, score: a.score, signals: JSON.parse(a.signals) as Signal[] }
        : null,
      hours: hourRows.map(({ account_id: _, ...h }) => h),
      alerts,
    };
  }
}
