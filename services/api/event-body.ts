import { parseEvent, parseEventLine } from '../../schemas/event';
import type { IngestLine } from '../pipeline/ingestor';
import { ApiError } from './errors';

export const NDJSON = 'application/x-ndjson';
export const JSON_TYPE = 'application/json';

/**
 * Splits an ingest body into numbered, validated events. NDJSON lines are numbered as in the body
 * (blank lines skipped but counted); elements of a JSON array by position from 1. Only a JSON
 * array body that does not parse as a whole is refused outright.
 */
export function decodeEventBody(text: string, mediaType: typeof NDJSON | typeof JSON_TYPE): IngestLine[] {
  if (mediaType === NDJSON) {
    const out: IngestLine[] = [];
    text.split('\n').forEach((raw, i) => {
      const line = raw.trim();
      if (line !== '') out.push({ line: i + 1, ...parseEventLine(line) });
    });
    return out;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ApiError(400, 'malformed_json', `the body is not valid JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(value)) throw new ApiError(400, 'invalid_request', 'a JSON body must be an array of events');
  return value.map((v, i) => ({ line: i + 1, ...parseEvent(v) }));
}
