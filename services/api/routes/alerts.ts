import {
  AlertDetailSchema,
  AlertIdParamsSchema,
  AlertListQuerySchema,
  AlertListSchema,
  AlertPatchSchema,
  AlertRecordSchema,
  ClusterMembersSchema,
  ErrorSchema,
} from '../../../schemas/api';
import { clusterMembers } from '../../clusters/members';
import type { Enforcement } from '../../enforcement/service';
import { NotFoundError } from '../../store/errors';
import type { AlertStore } from '../../store/types';
import type { RouteSpec } from '../route';
import { defineRoute } from '../route';

const notFound = { description: 'No alert with this id.', schema: ErrorSchema };

export function alertRoutes(store: AlertStore, enforcement: Pick<Enforcement, 'liftForAlert'>): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/alerts',
      tag: 'alerts',
      summary: 'List alerts',
      description:
        'Filtered and sorted, a page at a time. Pages follow each other by keyset, so alerts stored ' +
        'between two requests neither repeat nor push others out of the listing.',
      permission: 'read',
      query: AlertListQuerySchema,
      responses: { 200: { description: 'A page of alerts.', schema: AlertListSchema } },
      handler: async ({ query }) => {
        const page = await store.listAlerts(query);
        return { status: 200, body: { alerts: page.items, next_cursor: page.next_cursor } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/alerts/{alert_id}',
      tag: 'alerts',
      summary: 'Get an alert with its samples, notes and audit trail',
      permission: 'read',
      params: AlertIdParamsSchema,
      responses: { 200: { description: 'The alert.', schema: AlertDetailSchema }, 404: notFound },
      handler: async ({ params }) => ({ status: 200, body: await store.getAlert(params.alert_id) }),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/alerts/{alert_id}/members',
      tag: 'alerts',
      summary: "A cluster alert's member keys: accounts, links and their own alerts",
      description:
        'Each member of `related_api_key_ids` with its account (the alert names only the first member’s), ' +
        'whether it is allow-listed, the evidence of its strongest link, and its own key alert if it has one.',
      permission: 'read',
      params: AlertIdParamsSchema,
      responses: {
        200: { description: 'The members.', schema: ClusterMembersSchema },
        404: { description: 'No cluster alert with this id.', schema: ErrorSchema },
      },
      handler: async ({ params }) => {
        const alert = await store.getAlert(params.alert_id);
        if (alert.kind !== 'cluster') throw new NotFoundError('cluster alert', params.alert_id);
        return { status: 200, body: { members: await clusterMembers(alert, store) } };
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/v1/alerts/{alert_id}',
      tag: 'alerts',
      summary: 'Triage an alert: change its status, assignee, or add a note',
      description:
        'Status moves open → acknowledged → confirmed | dismissed, and back to open from any of those. ' +
        'Dismissing needs a reason; `false_positive` suppresses later alerts of the key at the same or ' +
        'lower severity for DISTILLGUARD_SUPPRESSION_DAYS, and lifts the enforcement the alert caused.',
      permission: 'triage',
      params: AlertIdParamsSchema,
      body: { kind: 'json', schema: AlertPatchSchema },
      responses: {
        200: { description: 'The alert after the change.', schema: AlertRecordSchema },
        404: notFound,
        409: { description: 'The status change is not possible from the current status.', schema: ErrorSchema },
      },
      handler: async ({ params, body, actor }) => {
        const alert = await store.updateAlert(params.alert_id, body, actor.id);
        if (body.reason === 'false_positive') {
          await enforcement.liftForAlert(params.alert_id, actor.id, 'the alert was dismissed as a false positive');
        }
        return { status: 200, body: alert };
      },
    }),
  ];
}
