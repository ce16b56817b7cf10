import type { Logger } from 'pino';
import type { ClusterOptions } from '../../detectors/clusters/stage';
import { DEFAULT_CLUSTER_OPTIONS, runClusterStep } from '../../detectors/clusters/stage';
import type { Alert } from '../../schemas/alert';
import type { KeyLinkFeatures } from '../../schemas/links';
import { LINK_LOOKBACK_MS } from '../pipeline/linker';
import type { AllowlistView, DetectionSink } from '../store/types';
import type { PartitionProgress } from './progress';
import { finishedHour } from './progress';
import type { LinkingState, LinkingStateStore } from './state';

const HOUR = 3600_000;
/** Hours one run links at most, so that a shutdown waits for a short run; the next run goes on. */
const MAX_HOURS_PER_RUN = 24;

/** The keys' link features as the partitions' pipelines wrote them (ClickHouse `key_links`). */
export interface LinkFeatureSource {
  /** Hours (start, epoch ms) after `after` and up to `upTo` with features, ascending. */
  hours(after: number, upTo: number): Promise<number[]>;
  /** Each key active since `since` as event hour `hour` closed. */
  asOf(hour: number, since: number): Promise<KeyLinkFeatures[]>;
}

/** What the job reads and writes, as a scale-out process opens them. */
export interface ClusterLinkingSources {
  features: LinkFeatureSource;
  progress: () => Promise<PartitionProgress[]>;
  state: LinkingStateStore;
  sink: DetectionSink;
  allowlist: AllowlistView;
  cluster?: Partial<ClusterOptions>;
}

export interface ClusterLinkingDeps extends ClusterLinkingSources {
  /** Cluster alerts once stored, for enforcement and notification (the jobs' AlertHook). */
  onAlerts: (alerts: readonly Alert[]) => void;
  log: Logger;
}

/**
 * The cross-key stage of scale-out mode, where a campaign's keys sit in many partitions: once every
 * partition has finished an event hour, the keys of all of them, as that hour closed, go through
 * the same `runClusterStep` as in the embedded pipeline, at the end of the hour. Per hour: the
 * cluster alerts are stored (stable ids, idempotent) and handed over, then the state is saved;
 * a run that stops in between links that hour again, to the same alerts.
 */
export class ClusterLinkingJob {
  private readonly options: ClusterOptions;

  constructor(private readonly d: ClusterLinkingDeps) {
    this.options = { ...DEFAULT_CLUSTER_OPTIONS, ...d.cluster };
  }

  /** Links the hours finished and not linked yet; returns them. */
  async run(): Promise<number[]> {
    let state = await this.d.state.load();
    const finished = finishedHour(await this.d.progress());
    if (finished === undefined || (state.hour !== null && finished <= state.hour)) return [];
    const hours = await this.d.features.hours(state.hour ?? Number.MIN_SAFE_INTEGER, finished);
    const linked: number[] = [];
    for (const hour of hours.slice(0, MAX_HOURS_PER_RUN)) {
      const next = await this.link(state, hour);
      if (!(await this.d.state.save(state, next))) {
        this.d.log.warn({ hour: new Date(hour).toISOString() }, 'another run of the linking job saved first; leaving the rest to it');
        break;
      }
      state = next;
      linked.push(hour);
    }
    return linked;
  }

  private async link(state: LinkingState, hour: number): Promise<LinkingState & { hour: number }> {
    const at = hour + HOUR;
    const { allowlist } = this.d;
    const keys = (await this.d.features.asOf(hour, at - LINK_LOOKBACK_MS)).filter(
      (k) => !allowlist.isAllowlisted(k.api_key_id, k.account_id, k.last_ts),
    );
    const started = performance.now();
    const r = runClusterStep(state.clusters, keys, at, this.options);
    const ms = Math.round(performance.now() - started);
    if (r.alerts.length) {
      await this.d.sink.writeOutput({ alerts: r.alerts, hours: [], assessments: [], samples: [], links: [] });
      this.d.onAlerts(r.alerts);
    }
    this.d.log.info({ hour: new Date(hour).toISOString(), ...r.stats, alerts: r.alerts.length, ms }, 'keys linked');
    return { hour, clusters: r.state };
  }
}
