import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import type { KeyLinkFeatures } from '../../../schemas/links';
import { KeyLinkFeaturesSchema } from '../../../schemas/links';
import type { KeyLinkSnapshot } from '../../pipeline/types';
import type { Row } from './insert';
import { Int64, selectRows } from './select';
import { sql } from './sql';

const HOUR = 3600_000;

/** The `key_links` rows of the pipelines' snapshots (migration 005). */
export function keyLinkRows(snapshots: readonly KeyLinkSnapshot[]): Row[] {
  return snapshots.map(({ hour, features }) => ({
    api_key_id: features.api_key_id,
    hour,
    requests: features.requests,
    last_ts: features.last_ts,
    features: JSON.stringify(features),
  }));
}

const HourRowSchema = z.object({ hour: Int64 });
const FeaturesRowSchema = z.object({ features: z.string().transform((text) => JSON.parse(text) as unknown).pipe(KeyLinkFeaturesSchema) });

/** What the cluster-linking job reads: the keys of every partition as each event hour closed. */
export class KeyLinkReader {
  constructor(private readonly client: ClickHouseClient) {}

  /** Hours (start, epoch ms) after `after` and up to `upTo` in which some key was snapshotted, ascending. */
  async hours(after: number, upTo: number): Promise<number[]> {
    const rows = await selectRows(
      this.client,
      sql`SELECT DISTINCT hour FROM key_links WHERE hour > ${after} AND hour <= ${upTo} ORDER BY hour`,
      HourRowSchema,
    );
    return rows.map((r) => r.hour);
  }

  /** Each key active since `since` as event hour `hour` closed: its latest snapshot up to that hour. */
  async asOf(hour: number, since: number): Promise<KeyLinkFeatures[]> {
    // A snapshot's last_ts is before the end of the hour after its own (it may hold the event that
    // closed its hour), so older hours hold no key active since `since`: their partitions are skipped.
    const rows = await selectRows(
      this.client,
      sql`SELECT argMax(features, hour) AS features FROM key_links FINAL
        WHERE hour <= ${hour} AND hour >= ${since - 2 * HOUR}
        GROUP BY api_key_id HAVING argMax(last_ts, hour) >= ${since}
        ORDER BY api_key_id`,
      FeaturesRowSchema,
    );
    return rows.map((r) => r.features);
  }
}
