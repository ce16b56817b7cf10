import express from 'express';
import type { Express } from 'express';
import type { Logger } from 'pino';
import type { EventIngest } from '../pipeline/ingestor';
import type { RunnerState } from '../pipeline/runner';
import type { Actions } from '../jobs/runtime';
import type { ActionStore } from '../store/actions';
import type { AlertStore } from '../store/types';
import type { TokenRegistry } from './auth';
import { errorHandler, notFound } from './errors';
import type { Metrics } from './metrics';
import { mountRoute } from './mount';
import { PAGE_ASSETS } from './page-assets';
import type { RouteSpec } from './route';
import { alertRoutes } from './routes/alerts';
import { allowlistRoutes } from './routes/allowlist';
import { auditRoutes } from './routes/audit';
import { enforcementRoutes } from './routes/enforcement';
import { eventRoutes } from './routes/events';
import { healthRoutes } from './routes/health';
import { keyRoutes } from './routes/keys';
import { openApiRoutes } from './routes/openapi';
import { reportRoutes } from './routes/reports';

export interface AppDeps {
  store: AlertStore & ActionStore;
  /** Enforcement and reports, which triage actions also drive (a false-positive dismissal lifts). */
  actions: Pick<Actions, 'enforcement' | 'reports'>;
  ingestor: EventIngest;
  runnerState: () => RunnerState;
  backlog: () => number;
  maxBacklog: number;
  maxBodyBytes: number;
  tokens: TokenRegistry;
  metrics: Metrics;
  log: Logger;
}

/** The HTTP API and page of `serve`: every route is declared in a routes/ module and mounted here. */
export function createApp(d: AppDeps): Express {
  const routes: RouteSpec[] = [
    ...eventRoutes({ ingestor: d.ingestor, maxBodyBytes: d.maxBodyBytes }),
    ...alertRoutes(d.store, d.actions.enforcement),
    ...keyRoutes(d.store),
    ...allowlistRoutes(d.store, d.actions.enforcement),
    ...auditRoutes(d.store),
    ...enforcementRoutes(d.store, d.actions.enforcement),
    ...reportRoutes(d.store, d.actions.reports),
    ...healthRoutes({ store: d.store, runnerState: d.runnerState, backlog: d.backlog, maxBacklog: d.maxBacklog, metrics: d.metrics }),
  ];
  routes.push(...openApiRoutes(() => routes));

  const app = express();
  app.disable('x-powered-by');
  // Query strings are flat key=value pairs; the extended parser's nested objects only widen attacks.
  app.set('query parser', 'simple');
  app.use(d.metrics.timeRequests);
  for (const r of routes) mountRoute(app, r, d.tokens);
  // The triage page is public like any web page; what it shows comes from the API with a token.
  for (const asset of PAGE_ASSETS) {
    app.get(asset.urlPath, (_req, res) => {
      res.locals.route = 'page';
      res.sendFile(asset.filePath);
    });
  }
  app.use(notFound);
  app.use(errorHandler(d.log));
  return app;
}
