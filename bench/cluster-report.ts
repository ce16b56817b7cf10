import type { Alert } from '../schemas/alert';
import { severityRank } from '../schemas/alert';
import type { KeyLabel } from '../services/simulate';

/** A campaign counts as caught once one cluster alert holds this many of its keys. */
const CAUGHT_MEMBERS = 5;

interface Campaign {
  keys: Set<string>;
  /** Event times of its requests, ascending. */
  sent: number[];
  /** Event time of the first cluster alert holding enough of its keys, and of the first at medium or above. */
  alertAt: number | null;
  mediumAt: number | null;
}

const pct = (x: number, of: number) => (of ? `${((100 * x) / of).toFixed(1)} %` : '-');

/**
 * Follows the hydra campaigns of a simulation through a replay: their requests as they are sent
 * and the cluster alerts as they are published, to tell how far each campaign had got when it
 * was caught.
 */
export class CampaignWatch {
  private readonly campaigns = new Map<string, Campaign>();
  /** Benign keys that any published cluster alert listed, even if a later version dropped them. */
  private readonly benign = new Set<string>();

  constructor(private readonly labels: Record<string, KeyLabel>) {
    for (const [key, l] of Object.entries(labels)) {
      if (!l.cluster) continue;
      const c = this.campaigns.get(l.persona) ?? { keys: new Set<string>(), sent: [], alertAt: null, mediumAt: null };
      c.keys.add(key);
      this.campaigns.set(l.persona, c);
    }
  }

  /** A request of the simulation, in time order. */
  sent(apiKeyId: string, ts: number): void {
    const l = this.labels[apiKeyId];
    if (l.cluster) this.campaigns.get(l.persona)!.sent.push(ts);
  }

  /** Alerts as a replay publishes them. */
  published(alerts: readonly Alert[]): void {
    for (const a of alerts) {
      if (a.kind !== 'cluster') continue;
      for (const k of a.related_api_key_ids) if (!this.labels[k].attacker) this.benign.add(k);
      for (const c of this.campaigns.values()) {
        if (a.related_api_key_ids.filter((k) => c.keys.has(k)).length < CAUGHT_MEMBERS) continue;
        c.alertAt ??= a.last_event_ts;
        if (severityRank(a.severity) >= severityRank('medium')) c.mediumAt ??= a.last_event_ts;
      }
    }
  }

  /**
   * Per campaign: the share of its keys in its best final cluster alert, the requests it had sent
   * when first caught (and at medium) against its total, and its keys flagged on their own; then
   * every benign key that any version of a cluster alert listed.
   */
  report(alerts: readonly Alert[], flaggedAlone: (key: string) => boolean): void {
    const clusters = alerts.filter((a) => a.kind === 'cluster');
    console.log('\nhydra campaign        keys  in one alert  share  requests when caught (of total)  at ≥medium  keys flagged alone');
    for (const [name, c] of [...this.campaigns].sort((a, b) => a[0].localeCompare(b[0]))) {
      const linked = Math.max(0, ...clusters.map((a) => a.related_api_key_ids.filter((k) => c.keys.has(k)).length));
      const by = (at: number | null) => (at === null ? null : c.sent.filter((t) => t <= at).length);
      const caught = by(c.alertAt);
      const medium = by(c.mediumAt);
      const total = c.sent.length;
      console.log(
        `${name.padEnd(21)} ${String(c.keys.size).padStart(4)}  ${String(linked).padStart(12)}  ${(linked / c.keys.size).toFixed(3)}  ` +
          `${(caught === null ? '-' : `${caught} of ${total} (${pct(caught, total)})`).padEnd(32)}  ` +
          `${(medium === null ? '-' : pct(medium, total)).padEnd(10)}  ${[...c.keys].filter(flaggedAlone).length}`,
      );
    }
    const benign = new Map<string, number>();
    for (const key of this.benign) benign.set(this.labels[key].persona, (benign.get(this.labels[key].persona) ?? 0) + 1);
    const wrong = [...benign.values()].reduce((a, b) => a + b, 0);
    const benignKeys = Object.values(this.labels).filter((l) => !l.attacker).length;
    const which = [...benign].map(([p, n]) => `${p} ${n}`).join(', ');
    console.log(`benign keys in an alerting cluster: ${wrong} of ${benignKeys}${which ? ` (${which})` : ''}; ${clusters.length} cluster alerts`);
  }
}
