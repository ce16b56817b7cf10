import type { Request } from 'express';
import type { z } from 'zod';
import type { Actor, Permission } from './auth';

export type Method = 'get' | 'post' | 'patch' | 'delete';

/** What a handler answers: JSON unless `type` names another media type for a string body. */
export interface Reply {
  status: number;
  body?: unknown;
  type?: string;
}

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Defaults to application/json. */
  mediaType?: string;
}

/** How the request body is read before validation. */
export type BodySpec<B extends z.ZodType> =
  /** A JSON object validated whole by `schema`. */
  | { kind: 'json'; schema: B }
  /**
   * Text of one of `mediaTypes` (`schema` is then a string schema), for a handler that validates
   * piece by piece: ingest keeps the valid lines of a body with bad ones. `documents` is what the
   * OpenAPI document shows for each media type.
   */
  | { kind: 'text'; schema: B; mediaTypes: string[]; limitBytes: number; documents: Record<string, z.ZodType> };

/**
 * One API operation, declared once: the router mounts it with its validation and the OpenAPI
 * document describes it from the same object, so the two cannot drift apart.
 */
export interface RouteSpec<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  method: Method;
  /** OpenAPI template, e.g. `/v1/alerts/{alert_id}`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  permission: Permission;
  params?: P;
  query?: Q;
  body?: BodySpec<B>;
  responses: Record<number, ResponseSpec>;
  /** Runs after authentication, before the body is read; throws to refuse the request early. */
  admit?: () => void;
  handler(ctx: {
    params: z.output<P>;
    query: z.output<Q>;
    body: z.output<B>;
    actor: Actor;
    req: Request;
  }): Reply | Promise<Reply>;
}

/** Declares a route; exists so that the handler's context is typed from the schemas. */
export function defineRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  spec: RouteSpec<P, Q, B>,
): RouteSpec {
  return spec as unknown as RouteSpec;
}
