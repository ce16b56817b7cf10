import { z } from 'zod';
import { compileFastParse } from './fast-parse';
import { parseTimestamp } from './timestamp';

// RFC 3339 with a mandatory offset; fractional seconds are optional on input but every producer we
// know of sends milliseconds. Date.parse alone would also accept forms like "2026-01-01" (local time).
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

// Whether a well-formed timestamp is a real date is checked in `parseEvent`: a zod refinement
// here would hand the field to zod on every event (see fast-parse.ts).
const Timestamp = z.union([
  z.string().regex(RFC3339, 'must be an RFC 3339 timestamp such as 2026-11-02T13:45:07.123Z'),
  z.number().int('epoch milliseconds must be an integer').min(0).max(8.64e15),
]);

const Count = z.number().int().min(0);

export const RequestParamsSchema = z.object({
  max_tokens: Count.optional(),
  temperature: z.number().min(0).max(10).optional(),
  top_p: z.number().min(0).max(1).optional(),
  n: z.number().int().min(1).optional(),
  logprobs: z.boolean().optional(),
  top_logprobs: Count.optional(),
  stream: z.boolean().optional(),
  tools: Count.optional(),
});

const Ip = z.union([z.ipv4(), z.ipv6()]);

/** RequestLogEvent v1: one JSON object per API request, as a provider's gateway logs it. */
export const RequestLogEventSchema = z
  .object({
    request_id: z.string().min(1).max(256),
    ts: Timestamp,
    api_key_id: z.string().min(1).max(256),
    account_id: z.string().min(1).max(256),
    model: z.string().min(1).max(256),
    prompt_tokens: Count,
    completion_tokens: Count,
    endpoint: z.string().max(512).optional(),
    status: z.number().int().min(100).max(599).default(200),
    ip: Ip.optional(),
    user_agent: z.string().max(1024).optional(),
    latency_ms: z.number().min(0).optional(),
    finish_reason: z.string().max(64).optional(),
    prompt: z.string().optional(),
    system_prompt: z.string().optional(),
    turn: z.number().int().min(1).optional(),
    conversation_id: z.string().max(256).optional(),
    params: RequestParamsSchema.optional(),
  })
  .meta({
    id: 'RequestLogEventV1',
    title: 'RequestLogEvent v1',
    description: 'One API request as logged by the provider gateway. Unknown fields are ignored.',
  });

/** The event as a producer writes it. */
export type RequestLogEventInput = z.input<typeof RequestLogEventSchema>;

/** The event after validation: `ts` is epoch milliseconds, `status` is filled in. */
export type RequestLogEvent = Omit<z.output<typeof RequestLogEventSchema>, 'ts'> & { ts: number };

export type ParseResult = { ok: true; event: RequestLogEvent } | { ok: false; reason: string };

/** Turns zod issues into one sentence a producer can act on, e.g. `prompt_tokens: expected number`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(event)'}: ${i.message}`)
    .join('; ');
}

const fastParse = compileFastParse(RequestLogEventSchema);

/** Validates one already-decoded JSON value against the contract. */
export function parseEvent(value: unknown): ParseResult {
  let data = fastParse(value);
  if (data === undefined) {
    const r = RequestLogEventSchema.safeParse(value);
    if (!r.success) return { ok: false, reason: describeIssues(r.error) };
    data = r.data;
  }
  // Read once: the output objects take many shapes, so each property access is a generic lookup.
  const raw = data.ts;
  const ts = typeof raw === 'number' ? raw : parseTimestamp(raw);
  if (!Number.isFinite(ts)) return { ok: false, reason: 'ts: is not a real date' };
  // Both parsers return a fresh object, so normalising it in place saves a copy per event.
  const event = data as unknown as RequestLogEvent;
  event.ts = ts;
  return { ok: true, event };
}

/** Decodes and validates one NDJSON line. */
export function parseEventLine(line: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return { ok: false, reason: `invalid JSON: ${(err as Error).message}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, reason: 'each line must be one JSON object' };
  }
  return parseEvent(value);
}
