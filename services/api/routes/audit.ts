import { AuditListSchema, AuditQuerySchema } from '../../../schemas/api';
import type { AlertStore } from '../../store/types';
import type { RouteSpec } from '../route';
import { defineRoute } from '../route';

export function auditRoutes(store: AlertStore): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/audit',
      tag: 'audit',
      summary: 'Who did what, when: status changes, notes, assignments, allow-list edits, suppressions',
      permission: 'read',
      query: AuditQuerySchema,
      responses: { 200: { description: 'A page of entries, newest first.', schema: AuditListSchema } },
      handler: async ({ query }) => {
        const page = await store.listAudit(query);
        return { status: 200, body: { entries: page.items, next_cursor: page.next_cursor } };
      },
    }),
  ];
}
