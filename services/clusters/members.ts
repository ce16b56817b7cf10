import type { Alert } from '../../schemas/alert';
import type { AlertRecord, ClusterMember } from '../../schemas/api';
import type { AlertStore } from '../store/types';

/** Its own alert that points to this cluster, else its latest key alert (newest first). */
function ownAlert(clusterAlertId: string, alerts: readonly AlertRecord[]): ClusterMember['key_alert'] {
  const own = alerts.filter((a) => a.kind === 'key');
  const a = own.find((x) => x.cluster_alert_id === clusterAlertId) ?? own[0];
  return a ? { alert_id: a.alert_id, severity: a.severity, score: a.score, status: a.status } : null;
}

/**
 * A cluster alert's members, each with its account (from its own traffic: the alert names only the
 * first member's), whether it is allow-listed now, its strongest link and its own key alert.
 * Analysts check a cluster with it, and enforcement finds the accounts it acts on.
 */
export async function clusterMembers(alert: Alert, store: Pick<AlertStore, 'memberKeys'>): Promise<ClusterMember[]> {
  const links = new Map((alert.links ?? []).map((l) => [l.api_key_id, l]));
  const known = await store.memberKeys(alert.related_api_key_ids);
  return alert.related_api_key_ids.map((id) => {
    const member = known.get(id);
    return {
      api_key_id: id,
      account_id: member?.account_id ?? null,
      allowlisted: member?.allowlisted ?? false,
      link: links.get(id) ?? null,
      key_alert: member ? ownAlert(alert.alert_id, member.alerts) : null,
    };
  });
}
