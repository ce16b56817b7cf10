import type { ClickHouseClient } from '@clickhouse/client';
import type { KeyHistory } from '../key-profile';
import { PROFILE_HOURS } from '../key-profile';
import { AssessmentRowSchema, HourRowSchema } from './rows';
import { selectRows } from './select';
import { sql } from './sql';

/** Reads a key's latest assessment and its hourly volume and score. */
export async function readKeyHistory(client: ClickHouseClient, apiKeyId: string): Promise<Omit<KeyHistory, 'alerts'>> {
  const [assessments, hours] = await Promise.all([
    selectRows(
      client,
      sql`SELECT account_id, at, requests, score, signals FROM key_assessments FINAL
        WHERE api_key_id = ${apiKeyId} ORDER BY at DESC LIMIT 1`,
      AssessmentRowSchema,
    ),
    selectRows(
      client,
      sql`SELECT * FROM (SELECT hour, requests, tokens, max_score, account_id FROM key_hours FINAL
        WHERE api_key_id = ${apiKeyId} ORDER BY hour DESC LIMIT ${PROFILE_HOURS}) ORDER BY hour`,
      HourRowSchema,
    ),
  ]);
  return { assessment: assessments[0], hours };
}
