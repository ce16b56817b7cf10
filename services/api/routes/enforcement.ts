import { AlertIdParamsSchema, ErrorSchema, KeyParamsSchema } from '../../../schemas/api';
import {
  DecisionListQuerySchema,
  DecisionListSchema,
  DecisionParamsSchema,
  DecisionSchema,
  LiftSchema,
  ManualThrottleSchema,
} from '../../../schemas/enforcement';
import type { Enforcement } from '../../enforcement/service';
import type { EnforcementStore } from '../../store/actions';
import type { RouteSpec } from '../route';
import { defineRoute } from '../route';

const conflict = (description: string) => ({ description, schema: ErrorSchema });

export function enforcementRoutes(store: EnforcementStore, enforcement: Enforcement): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/enforcement',
      tag: 'enforcement',
      summary: 'List enforcement decisions: in force, expired, lifted and dry-run',
      description:
        'Newest first, with each decision’s deliveries to Redis, Kafka and the webhook. A gateway reads ' +
        'decisions from those channels, not from here (docs/enforcement-gateway.md).',
      permission: 'read',
      query: DecisionListQuerySchema,
      responses: { 200: { description: 'A page of decisions.', schema: DecisionListSchema } },
      handler: async ({ query }) => {
        const page = await store.listDecisions(query);
        return { status: 200, body: { decisions: page.items, next_cursor: page.next_cursor } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/keys/{api_key_id}/throttle',
      tag: 'enforcement',
      summary: 'Throttle a key by hand',
      description: 'Published at once, whatever the policy’s mode. Refused for an allow-listed key or account.',
      permission: 'admin',
      params: KeyParamsSchema,
      body: { kind: 'json', schema: ManualThrottleSchema },
      responses: {
        201: { description: 'The decision.', schema: DecisionSchema },
        404: { description: 'The key has never been seen.', schema: ErrorSchema },
        409: conflict('The key or its account is allow-listed.'),
      },
      handler: async ({ params, body, actor }) => ({ status: 201, body: await enforcement.throttle(params.api_key_id, body, actor.id) }),
    }),
    defineRoute({
      method: 'delete',
      path: '/v1/enforcement/{decision_id}',
      tag: 'enforcement',
      summary: 'Lift a decision in force',
      permission: 'triage',
      params: DecisionParamsSchema,
      body: { kind: 'json', schema: LiftSchema },
      responses: {
        200: { description: 'The decision, lifted; the lift is published like the decision was.', schema: DecisionSchema },
        404: { description: 'No such decision.', schema: ErrorSchema },
        409: conflict('The decision is not in force (expired, lifted or dry-run).'),
      },
      handler: async ({ params, body, actor }) => ({ status: 200, body: await enforcement.lift(params.decision_id, actor.id, body.reason) }),
    }),
    defineRoute({
      method: 'delete',
      path: '/v1/alerts/{alert_id}/enforcement',
      tag: 'enforcement',
      summary: 'Lift every decision in force that an alert caused',
      description: 'For a cluster alert, on every member key. Each lift is audited and published like a single one.',
      permission: 'triage',
      params: AlertIdParamsSchema,
      body: { kind: 'json', schema: LiftSchema },
      responses: { 200: { description: 'The decisions lifted; none when nothing was in force.', schema: DecisionListSchema } },
      handler: async ({ params, body, actor }) => ({
        status: 200,
        body: { decisions: await enforcement.liftForAlert(params.alert_id, actor.id, body.reason), next_cursor: null },
      }),
    }),
  ];
}
