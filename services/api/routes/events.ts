import { z } from 'zod';
import { ErrorSchema, IngestResultSchema } from '../../../schemas/api';
import { RequestLogEventSchema } from '../../../schemas/event';
import type { EventIngest } from '../../pipeline/ingestor';
import { decodeEventBody, JSON_TYPE, NDJSON } from '../event-body';
import type { RouteSpec } from '../route';
import { defineRoute } from '../route';

export function eventRoutes(deps: { ingestor: EventIngest; maxBodyBytes: number }): RouteSpec[] {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/events',
      tag: 'ingest',
      summary: 'Ingest request-log events',
      description:
        'NDJSON (one RequestLogEvent v1 per line) or a JSON array of them. Valid events are durably ' +
        'journaled (embedded) or acknowledged by Kafka (scale-out) before the 202, even when other lines ' +
        'are rejected. Unknown fields are ignored.',
      permission: 'ingest',
      body: {
        kind: 'text',
        schema: z.string(),
        mediaTypes: [NDJSON, JSON_TYPE],
        limitBytes: deps.maxBodyBytes,
        documents: { [NDJSON]: RequestLogEventSchema, [JSON_TYPE]: z.array(RequestLogEventSchema) },
      },
      responses: {
        202: { description: 'Accepted events and the rejected lines with reasons.', schema: IngestResultSchema },
        413: { description: 'The body exceeds DISTILLGUARD_MAX_BODY_BYTES.', schema: ErrorSchema },
        429: { description: 'The pipeline is behind; retry after Retry-After seconds.', schema: ErrorSchema },
        503: {
          description: 'The pipeline is not running, or Kafka is not accepting events; retry after Retry-After seconds.',
          schema: ErrorSchema,
        },
      },
      // Refusing before the body is read spares a pipeline that is behind from parsing it too.
      admit: () => deps.ingestor.checkCapacity(),
      handler: async ({ body, req }) => {
        const mediaType = req.is(NDJSON) ? NDJSON : JSON_TYPE;
        return { status: 202, body: await deps.ingestor.ingest(decodeEventBody(body, mediaType)) };
      },
    }),
  ];
}
