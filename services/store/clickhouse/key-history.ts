import type { ClickHouseClient } from '@clickhouse/client';
import type { KeyHistory } from '../key-profile';
import { PROFILE_HOURS } from '../key-profile';
import { z } from 'zod';
import { AssessmentRowSchema, HourRowSchema } from './rows';
import { selectRows } from './select';
import { list, sql } from './sql';

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

const KeyAccountRowSchema = z.object({ api_key_id: z.string(), account_id: z.string() });

/** Each key's account as its traffic shows it: its latest assessment's, else its hours'. */
export async function readKeyAccounts(client: ClickHouseClient, apiKeyIds: readonly string[]): Promise<Map<string, string>> {
  if (apiKeyIds.length === 0) return new Map();
  const keys = list(apiKeyIds);
  const [assessed, hours] = await Promise.all([
    selectRows(
      client,
      sql`SELECT api_key_id, argMax(account_id, at) AS account_id FROM key_assessments FINAL
        WHERE api_key_id IN (${keys}) GROUP BY api_key_id`,
      KeyAccountRowSchema,
    ),
    selectRows(
      client,
      sql`SELECT api_key_id, any(account_id) AS account_id FROM key_hours WHERE api_key_id IN (${keys}) GROUP BY api_key_id`,
      KeyAccountRowSchema,
    ),
  ]);
  return new Map([...hours, ...assessed].map((r) => [r.api_key_id, r.account_id]));
}
