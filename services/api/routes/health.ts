import { z } from 'zod';
import { HealthSchema, ReadinessSchema } from '../../../schemas/api';
import type { Readiness } from '../../../schemas/api';
import type { RunnerState } from '../../pipeline/runner';
import type { AlertStore } from '../../store/types';
import type { Metrics } from '../metrics';
import type { RouteSpec } from '../route';
import { defineRoute } from '../route';

export interface HealthDeps {
  store: Pick<AlertStore, 'ping'>;
  runnerState: () => RunnerState;
  backlog: () => number;
  maxBacklog: number;
  metrics: Metrics;
}

async function readiness(d: HealthDeps): Promise<Readiness> {
  const store = await d.store.ping().then(
    () => true,
    () => false,
  );
  const runner = d.runnerState();
  const backlog = d.backlog();
  const ready = store && runner === 'running' && backlog < d.maxBacklog;
  return { status: ready ? 'ready' : 'not_ready', checks: { store, runner, backlog, max_backlog: d.maxBacklog } };
}

export function healthRoutes(d: HealthDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/healthz',
      tag: 'operations',
      summary: 'Liveness: the process serves HTTP',
      permission: 'public',
      responses: { 200: { description: 'Alive.', schema: HealthSchema } },
      handler: () => ({ status: 200, body: { status: 'ok' } }),
    }),
    defineRoute({
      method: 'get',
      path: '/readyz',
      tag: 'operations',
      summary: 'Readiness: store open, pipeline running, backlog below the limit',
      permission: 'public',
      responses: {
        200: { description: 'Ready.', schema: ReadinessSchema },
        503: { description: 'Not ready; the checks say why.', schema: ReadinessSchema },
      },
      handler: async () => {
        const r = await readiness(d);
        return { status: r.status === 'ready' ? 200 : 503, body: r };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/metrics',
      tag: 'operations',
      summary: 'Prometheus metrics',
      permission: 'public',
      responses: {
        200: { description: 'Prometheus text exposition format.', schema: z.string(), mediaType: 'text/plain' },
      },
      handler: async () => ({
        status: 200,
        body: await d.metrics.registry.metrics(),
        type: d.metrics.registry.contentType,
      }),
    }),
  ];
}
