import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { AlertSchema } from '../../../schemas/alert';
import type { AlertRecord } from '../../../schemas/api';
import { selectRows } from './select';
import { sql } from './sql';

// In one pipeline the linker points a member's key alert to its cluster alert. In scale-out, key
// alerts belong to the partition workers and cluster alerts to the linking job, each rewriting its
// own; so the pointer is resolved here, as alerts are read.

const ClusterSchema = AlertSchema.pick({ alert_id: true, related_api_key_ids: true, detected_at: true, ended_at: true });
type Cluster = z.infer<typeof ClusterSchema>;
const ClusterRowSchema = z.object({ body: z.string().transform((text) => JSON.parse(text) as unknown).pipe(ClusterSchema) });

const oldestFirst = (a: Cluster, b: Cluster) => a.detected_at - b.detected_at || (a.alert_id < b.alert_id ? -1 : 1);

/** Both were open at some event time. */
const overlap = (key: AlertRecord, cluster: Cluster) =>
  key.detected_at <= (cluster.ended_at ?? Infinity) && (key.ended_at ?? Infinity) >= cluster.detected_at;

/**
 * Sets each key alert's `cluster_alert_id` as the embedded pipeline would: the oldest cluster alert
 * that lists the key (in its latest version) and was open while the key alert was.
 */
export async function withClusterAlerts(client: ClickHouseClient, records: AlertRecord[]): Promise<AlertRecord[]> {
  const keys = [...new Set(records.filter((r) => r.kind === 'key').map((r) => r.api_key_id))];
  if (keys.length === 0) return records;
  // Any version that listed a key picks the alert; its latest version says whether it still does.
  const clusters = (
    await selectRows(
      client,
      sql`SELECT argMax(body, version) AS body FROM alerts
        WHERE source = 'detection' AND alert_id IN (
          SELECT alert_id FROM alerts
          WHERE source = 'detection' AND has(detectors, 'cluster') AND hasAny(related_api_key_ids, ${keys}))
        GROUP BY alert_id`,
      ClusterRowSchema,
    )
  )
    .map((r) => r.body)
    .sort(oldestFirst);
  return records.map((r) => {
    if (r.kind !== 'key') return r;
    const cluster = clusters.find((c) => c.related_api_key_ids.includes(r.api_key_id) && overlap(r, c));
    return cluster ? { ...r, cluster_alert_id: cluster.alert_id } : r;
  });
}
