import { ErrorSchema, KeyParamsSchema, KeyProfileSchema } from '../../../schemas/api';
import type { AlertStore } from '../../store/types';
import type { RouteSpec } from '../route';
import { defineRoute } from '../route';

export function keyRoutes(store: AlertStore): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/keys/{api_key_id}',
      tag: 'keys',
      summary: "An API key's profile: current signals, score and volume over time, alerts",
      permission: 'read',
      params: KeyParamsSchema,
      responses: {
        200: { description: 'The profile.', schema: KeyProfileSchema },
        404: { description: 'The key has never been seen.', schema: ErrorSchema },
      },
      handler: async ({ params }) => ({ status: 200, body: await store.keyProfile(params.api_key_id) }),
    }),
  ];
}
