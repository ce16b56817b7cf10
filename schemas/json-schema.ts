import { z } from 'zod';
import { RequestLogEventSchema } from './event';

/**
 * The event contract as JSON Schema (draft 2020-12), for producers in other languages. Describes
 * the input side: what a producer may send, before defaults and timestamp normalisation.
 */
export function requestLogEventJsonSchema(): object {
  return {
    $id: 'https://distillguard.dev/schemas/request-log-event.v1.json',
    ...z.toJSONSchema(RequestLogEventSchema, { io: 'input', unrepresentable: 'any' }),
  };
}
