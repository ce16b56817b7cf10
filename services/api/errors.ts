import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { BackpressureError } from '../pipeline/ingestor';
import { InvalidCursorError, NotFoundError, TransitionError } from '../store/errors';

/** An error with the response it should produce: `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Body-parser failures carry a `type`; only these reach a client as what they are. */
const BODY_ERRORS: Record<string, [number, string]> = {
  'entity.too.large': [413, 'payload_too_large'],
  'entity.parse.failed': [400, 'malformed_json'],
  'encoding.unsupported': [415, 'unsupported_encoding'],
  'charset.unsupported': [415, 'unsupported_charset'],
  'request.aborted': [400, 'request_aborted'],
};

/** Turns whatever a handler threw into an ApiError; undefined for faults (500). */
function toApiError(err: unknown): ApiError | undefined {
  if (err instanceof ApiError) return err;
  if (err instanceof NotFoundError) return new ApiError(404, 'not_found', err.message);
  if (err instanceof TransitionError) return new ApiError(409, 'invalid_transition', err.message);
  if (err instanceof InvalidCursorError) return new ApiError(400, 'invalid_cursor', err.message);
  if (err instanceof BackpressureError) {
    return new ApiError(err.unavailable ? 503 : 429, err.unavailable ? 'unavailable' : 'backpressure', err.message, undefined, {
      'Retry-After': String(err.retryAfterSeconds),
    });
  }
  const type = (err as { type?: unknown }).type;
  const known = typeof type === 'string' ? BODY_ERRORS[type] : undefined;
  return known && new ApiError(known[0], known[1], (err as Error).message);
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const api = toApiError(err);
    if (!api) log.error({ err, method: req.method, url: req.originalUrl }, 'request failed');
    const e = api ?? new ApiError(500, 'internal', 'internal error');
    res
      .status(e.status)
      .set(e.headers)
      .json({ error: { code: e.code, message: e.message, ...(e.details !== undefined && { details: e.details }) } });
  };
}

export const notFound: RequestHandler = (req) => {
  throw new ApiError(404, 'not_found', `no route for ${req.method} ${req.path}`);
};
