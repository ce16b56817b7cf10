import type { Alert } from '../../schemas/alert';
import type { AlertRecord, ClusterMember, KeyProfile } from '../../schemas/api';
import { NotFoundError } from '../store/errors';
import type { AlertStore } from '../store/types';

// Profiles read at once: enough to hide round-trip latency, few enough not to crowd the store.
const CONCURRENCY = 8;

/** Its own alert that points to this cluster, else its latest key alert (profiles list newest first). */
function ownAlert(clusterAlertId: string, alerts: readonly AlertRecord[]): ClusterMember['key_alert'] {
  const own = alerts.filter((a) => a.kind === 'key');
  const a = own.find((x) => x.cluster_alert_id === clusterAlertId) ?? own[0];
  return a ? { alert_id: a.alert_id, severity: a.severity, score: a.score, status: a.status } : null;
}

async function profileOf(store: Pick<AlertStore, 'keyProfile'>, apiKeyId: string): Promise<KeyProfile | undefined> {
  try {
    return await store.keyProfile(apiKeyId);
  } catch (err) {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  }
}

/**
 * A cluster alert's members, each with its account (from its own traffic: the alert names only the
 * first member's), whether it is allow-listed now, its strongest link and its own key alert.
 * Analysts check a cluster with it, and enforcement finds the accounts it acts on.
 */
export async function clusterMembers(alert: Alert, store: Pick<AlertStore, 'keyProfile'>): Promise<ClusterMember[]> {
  const links = new Map((alert.links ?? []).map((l) => [l.api_key_id, l]));
  const keys = alert.related_api_key_ids;
  const members: ClusterMember[] = new Array(keys.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < keys.length; i = next++) {
      const profile = await profileOf(store, keys[i]);
      members[i] = {
        api_key_id: keys[i],
        account_id: profile?.account_id ?? null,
        allowlisted: profile?.allowlisted ?? false,
        link: links.get(keys[i]) ?? null,
        key_alert: profile ? ownAlert(alert.alert_id, profile.alerts) : null,
      };
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, keys.length) }, worker));
  return members;
}
