import type { Database, Statement } from 'better-sqlite3';
import type { AssessmentRow, HourRow, KeyHistory } from '../key-profile';
import { PROFILE_HOURS } from '../key-profile';

/** Reads a key's latest assessment and its hourly volume and score. */
export class KeyHistoryReader {
  private readonly assessment: Statement<[string], AssessmentRow>;
  private readonly hours: Statement<[string, number], HourRow>;
  private readonly accountOf: Statement<[string, string], { account_id: string | null }>;

  constructor(db: Database) {
    this.assessment = db.prepare('SELECT account_id, at, requests, score, signals FROM key_assessments WHERE api_key_id = ?');
    this.hours = db.prepare(
      `SELECT * FROM (SELECT hour, requests, tokens, max_score, account_id FROM key_hours
         WHERE api_key_id = ? ORDER BY hour DESC LIMIT ?) ORDER BY hour`,
    );
    this.accountOf = db.prepare(
      `SELECT COALESCE((SELECT account_id FROM key_assessments WHERE api_key_id = ?),
         (SELECT account_id FROM key_hours WHERE api_key_id = ? LIMIT 1)) AS account_id`,
    );
  }

  read(apiKeyId: string): Omit<KeyHistory, 'alerts'> {
    return { assessment: this.assessment.get(apiKeyId), hours: this.hours.all(apiKeyId, PROFILE_HOURS) };
  }

  /** The key's account as its traffic shows it, if it has any. */
  account(apiKeyId: string): string | undefined {
    return this.accountOf.get(apiKeyId, apiKeyId)?.account_id ?? undefined;
  }
}
