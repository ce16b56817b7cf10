import {
  AllowlistCreateSchema,
  AllowlistEntrySchema,
  AllowlistListSchema,
  AllowlistParamsSchema,
  AllowlistQuerySchema,
  ErrorSchema,
} from '../../../schemas/api';
import type { Enforcement } from '../../enforcement/service';
import type { AlertStore } from '../../store/types';
import type { RouteSpec } from '../route';
import { defineRoute } from '../route';

export function allowlistRoutes(store: AlertStore, enforcement: Pick<Enforcement, 'liftForAllowlist' | 'reviseForEndedAllowlist'>): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/allowlist',
      tag: 'allowlist',
      summary: 'List allow-listed keys and accounts',
      permission: 'read',
      query: AllowlistQuerySchema,
      responses: { 200: { description: 'The entries, oldest first.', schema: AllowlistListSchema } },
      handler: async ({ query }) => ({
        status: 200,
        body: { entries: await store.listAllowlist({ includeInactive: query.include_inactive === 'true' }) },
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/allowlist',
      tag: 'allowlist',
      summary: 'Allow-list a key or an account',
      description:
        'An allow-listed key is still scored but raises nothing above `low` and is never enforced ' +
        'against: adding it lifts the decisions in force on it. The author is the caller. An entry ' +
        'with `expires_at` ends then: within one reconcile sweep the alerts that excluded its key or ' +
        'account are evaluated again, as on removal.',
      permission: 'admin',
      body: { kind: 'json', schema: AllowlistCreateSchema },
      responses: { 201: { description: 'The new entry.', schema: AllowlistEntrySchema } },
      handler: async ({ body, actor }) => {
        const entry = await store.addAllowlistEntry(body, actor.id);
        await enforcement.liftForAllowlist(entry, actor.id);
        return { status: 201, body: entry };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/v1/allowlist/{entry_id}',
      tag: 'allowlist',
      summary: 'Remove an allow-list entry',
      description:
        'Alerts whose policy rule matched the key or account while it was allow-listed (an `excluded` ' +
        'decision) are evaluated again, so their action follows unless another entry still covers it.',
      permission: 'admin',
      params: AllowlistParamsSchema,
      responses: {
        204: { description: 'Removed; the audit trail keeps what it was.' },
        404: { description: 'No such entry.', schema: ErrorSchema },
      },
      handler: async ({ params, actor }) => {
        const entry = await store.removeAllowlistEntry(params.entry_id, actor.id);
        await enforcement.reviseForEndedAllowlist(entry);
        return { status: 204 };
      },
    }),
  ];
}
