import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AlertStore } from '../store/types';

export interface MetricSources {
  backlog: () => number;
  store: Pick<AlertStore, 'countAlerts'>;
}

/**
 * The Prometheus metrics of `serve`, on a registry of their own so that several apps in one
 * process (tests) do not collide. Events per second is `rate(distillguard_pipeline_events_total[1m])`.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly ingestAccepted = new Counter({
    name: 'distillguard_ingest_events_accepted_total',
    help: 'Events accepted by ingest and journaled.',
    registers: [this.registry],
  });
  readonly ingestRejected = new Counter({
    name: 'distillguard_ingest_events_rejected_total',
    help: 'Events rejected by ingest validation.',
    registers: [this.registry],
  });
  readonly pipelineEvents = new Counter({
    name: 'distillguard_pipeline_events_total',
    help: 'Events processed by the pipeline and committed.',
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'distillguard_http_request_duration_seconds',
    help: 'HTTP request latency by route template.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor(sources: MetricSources) {
    new Gauge({
      name: 'distillguard_journal_backlog',
      help: 'Journaled events not yet processed by the pipeline.',
      registers: [this.registry],
      collect() {
        this.set(sources.backlog());
      },
    });
    new Gauge({
      name: 'distillguard_alerts',
      help: 'Stored alerts by severity and status.',
      labelNames: ['severity', 'status'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const c of await sources.store.countAlerts()) this.set({ severity: c.severity, status: c.status }, c.count);
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  /** Times every request, labelled by the route template the router set (`unmatched` if none). */
  readonly timeRequests: RequestHandler = (req, res, next) => {
    const end = this.httpDuration.startTimer();
    res.on('finish', () => end({ method: req.method, route: (res.locals.route as string) ?? 'unmatched', status: res.statusCode }));
    next();
  };
}
