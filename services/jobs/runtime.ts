import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Config } from '../../schemas/config';
import { createPublishers } from '../enforcement/publishers';
import { lowestActionable, loadPolicy } from '../enforcement/policy';
import { Enforcement } from '../enforcement/service';
import type { ClusterLinkingSources } from '../linking/job';
import { ClusterLinkingJob } from '../linking/job';
import { Notifier } from '../notify/notifier';
import { notifyTargets } from '../notify/targets';
import { Reports } from '../reports/service';
import type { ActionStore } from '../store/actions';
import type { AlertStore, AllowlistView } from '../store/types';
import { AlertHook } from './alert-hook';
import { BullmqBackend } from './bullmq';
import { InProcessBackend } from './in-process';
import { deliverJob } from './processors/deliver';
import { evaluateJob } from './processors/evaluate';
import { expireJob } from './processors/expire';
import { linkClustersJob } from './processors/link';
import { notifyJob } from './processors/notify';
import { reconcileJob } from './processors/reconcile';
import { reportJob } from './processors/report';
import type { Retention } from './processors/retention';
import { retentionJob } from './processors/retention';
import { Producer } from './queue';
import {
  DELIVER,
  EVALUATE,
  EXPIRE,
  jobIds,
  LINK_CLUSTERS,
  LINK_CLUSTERS_SCHEDULER,
  NOTIFY,
  RECONCILE,
  RECONCILE_SCHEDULER,
  REPORT,
  RETENTION,
  RETENTION_SCHEDULER,
  WEEKLY_REPORT_SCHEDULER,
} from './queues';
import { Reconciler } from './reconcile';
import { startWorkers } from './registry';

export type ActionsStore = ActionStore & AlertStore & AllowlistView;

/** Acting on alerts, as `serve` runs it: the hook detection calls, and the services the API calls. */
export interface Actions {
  hook: AlertHook;
  enforcement: Enforcement;
  /** The sweep the reconcile job runs; exposed so that tests (and operators' scripts) can run one now. */
  reconciler: Reconciler;
  reports: Reports;
  /** Stops the workers (waiting for running jobs) and closes the publishers' connections. */
  close(): Promise<void>;
}

export interface ActionsDeps {
  log: Logger;
  metrics: Registry;
  /** Scale-out with Redis: also run the job linking the keys of every partition into clusters. */
  linking?: ClusterLinkingSources;
  /** Scale-out: also run the job ageing out raw events, link features and idle key states. */
  retention?: Retention;
}

/**
 * Starts the jobs of enforcement, notification and reports (and cluster linking when given its
 * sources): on BullMQ when REDIS_URL is set, in this process otherwise, with the same processors
 * either way.
 */
export async function startActions(config: Config, store: ActionsStore, deps: ActionsDeps): Promise<Actions> {
  const retry = { attempts: config.jobs.attempts, backoffMs: config.jobs.backoffMs };
  const backend = config.redisUrl
    ? new BullmqBackend({ url: config.redisUrl, prefix: config.jobs.redisPrefix, retry, lockMs: config.jobs.lockMs })
    : new InProcessBackend(retry);
  const policy = loadPolicy(config.enforcement.policyFile);
  const publishers = createPublishers(config, store);
  const targets = notifyTargets(config.notify);
  const evaluate = new Producer(backend, EVALUATE);
  const enforcement = new Enforcement({
    store,
    policy,
    channels: Object.keys(publishers) as Array<keyof typeof publishers>,
    deliver: new Producer(backend, DELIVER),
    expire: new Producer(backend, EXPIRE),
    evaluate,
  });
  const reports = new Reports({ store, report: new Producer(backend, REPORT) });
  const notifier = new Notifier({
    store,
    targets,
    secret: config.webhookSecret,
    publicUrl: config.publicUrl ?? `http://localhost:${config.port}`,
  });
  const hook = new AlertHook({
    evaluate,
    notify: new Producer(backend, NOTIFY),
    evaluateFrom: lowestActionable(policy),
    notifyFrom: config.notify.minSeverity,
    targets,
    log: deps.log,
  });
  // Cluster alerts are handed over like key alerts.
  const linking =
    deps.linking &&
    new ClusterLinkingJob({ ...deps.linking, onAlerts: (alerts) => hook.onAlerts(alerts), log: deps.log.child({ queue: LINK_CLUSTERS.name }) });
  const reconciler = new Reconciler({
    store,
    hook,
    enforcement,
    options: config.reconcile,
    log: deps.log.child({ queue: RECONCILE.name }),
    metrics: deps.metrics,
  });
  startWorkers(
    backend,
    [
      evaluateJob(enforcement, store),
      deliverJob(store, publishers),
      expireJob(enforcement),
      notifyJob(notifier),
      reportJob(reports),
      reconcileJob(reconciler),
      ...(linking ? [linkClustersJob(linking)] : []),
      ...(deps.retention ? [retentionJob(deps.retention, deps.log.child({ queue: RETENTION.name }))] : []),
    ],
    deps,
  );
  await backend.schedule(REPORT.name, WEEKLY_REPORT_SCHEDULER, config.reportCron, {});
  if (linking) await backend.schedule(LINK_CLUSTERS.name, LINK_CLUSTERS_SCHEDULER, config.linkCron, {});
  if (deps.retention) await backend.schedule(RETENTION.name, RETENTION_SCHEDULER, config.retention.cron, {});
  // Whatever a crash (or an unreachable Redis) kept from being handed over, and the in-process
  // jobs that died with the last process: swept once now, then on the schedule.
  await backend.schedule(RECONCILE.name, RECONCILE_SCHEDULER, config.reconcile.cron, {});
  await backend.add(RECONCILE.name, {}, { jobId: jobIds.reconcileAtStart(Date.now(), process.pid) });
  deps.log.info(
    {
      jobs: config.redisUrl ? 'bullmq' : 'in-process',
      policy: policy.mode,
      channels: Object.keys(publishers),
      notify_targets: targets.length,
      cluster_linking: linking !== undefined,
      retention: deps.retention !== undefined,
    },
    'actions started',
  );
  return {
    hook,
    enforcement,
    reconciler,
    reports,
    async close() {
      await backend.close();
      await Promise.all(Object.values(publishers).map((p) => p.close()));
    },
  };
}
