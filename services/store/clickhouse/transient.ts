import { ClickHouseError } from '@clickhouse/client';

/** An HTTP error answer that did not come from ClickHouse itself, e.g. from a proxy in front of it. */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`HTTP ${status}: ${body.slice(0, 200)}`);
  }
}

// ClickHouse error codes that a retry can cure (src/Common/ErrorCodes.cpp; the same set newer
// servers mark with X-ClickHouse-Exception-Retryable). Anything else, such as an unknown table or
// a malformed row, fails the same way every time.
const TRANSIENT_CODES = new Set([
  '159', // TIMEOUT_EXCEEDED
  '202', // TOO_MANY_SIMULTANEOUS_QUERIES
  '203', // NO_FREE_CONNECTION
  '209', // SOCKET_TIMEOUT
  '210', // NETWORK_ERROR
  '252', // TOO_MANY_PARTS
  '285', // TOO_FEW_LIVE_REPLICAS
  '319', // UNKNOWN_STATUS_OF_INSERT
]);

// The server is down, restarting or unreachable for now.
const TRANSIENT_SOCKET_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** Whether a failed request may succeed if sent again: the one place that decides retries. */
export function isTransient(err: unknown): boolean {
  if (err instanceof ClickHouseError) return TRANSIENT_CODES.has(err.code);
  if (err instanceof HttpStatusError) return err.status >= 500;
  // Duck-typed: socket errors come from Node's own realm, where `instanceof Error` can fail (jest).
  if (typeof err !== 'object' || err === null) return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (code !== undefined) return typeof code === 'string' && TRANSIENT_SOCKET_ERRORS.has(code);
  // The client's request_timeout: a plain Error with this message.
  return message === 'Timeout error.';
}
