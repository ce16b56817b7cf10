import express from 'express';
import type { Express, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { NoParamsSchema, NoQuerySchema } from '../../schemas/api';
import type { TokenRegistry } from './auth';
import { authenticate } from './auth';
import { ApiError } from './errors';
import type { Reply, RouteSpec } from './route';

/** JSON bodies of the triage and allow-list routes are small; ingest has its own limit. */
const JSON_LIMIT_BYTES = 1024 * 1024;

/** `/v1/alerts/{alert_id}` → `/v1/alerts/:alert_id` */
export const expressPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

function validate<S extends z.ZodType>(part: 'params' | 'query' | 'body', schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new ApiError(400, 'invalid_request', `invalid ${part}: ${z.prettifyError(r.error)}`, r.error.issues);
  return r.data;
}

function send(res: Response, reply: Reply): void {
  res.status(reply.status);
  if (reply.body === undefined) res.end();
  else if (reply.type) res.type(reply.type).send(reply.body);
  else res.json(reply.body);
}

function readBody(route: RouteSpec): RequestHandler[] {
  const body = route.body;
  if (!body) return [];
  if (body.kind === 'json') return [express.json({ limit: JSON_LIMIT_BYTES })];
  const mediaTypes = body.mediaTypes;
  const requireMediaType: RequestHandler = (req, _res, next) => {
    if (!req.is(mediaTypes)) {
      throw new ApiError(415, 'unsupported_media_type', `the body must be one of: ${mediaTypes.join(', ')}`);
    }
    next();
  };
  return [requireMediaType, express.text({ type: mediaTypes, limit: body.limitBytes })];
}

/**
 * Mounts a route: label it for metrics, authenticate, read the body, validate every part with its
 * schema, then call the handler. Handlers see only validated input.
 */
export function mountRoute(app: Express, route: RouteSpec, tokens: TokenRegistry): void {
  const label: RequestHandler = (_req, res, next) => {
    res.locals.route = route.path;
    next();
  };
  const handle: RequestHandler = async (req, res) => {
    const params = validate('params', route.params ?? NoParamsSchema, req.params);
    const query = validate('query', route.query ?? NoQuerySchema, req.query);
    const body = route.body ? validate('body', route.body.schema, req.body) : undefined;
    send(res, await route.handler({ params, query, body, actor: res.locals.actor, req }));
  };
  const admit: RequestHandler = (_req, _res, next) => {
    route.admit?.();
    next();
  };
  app[route.method](expressPath(route.path), label, authenticate(tokens, route.permission), admit, ...readBody(route), handle);
}
