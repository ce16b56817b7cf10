import { z } from 'zod';
import { DOCS_HTML } from '../docs-page';
import { openApiDocument } from '../openapi';
import type { RouteSpec } from '../route';
import { defineRoute } from '../route';

/** The API's own description; `allRoutes` is read on first request, when every route is known. */
export function openApiRoutes(allRoutes: () => readonly RouteSpec[]): RouteSpec[] {
  let doc: Record<string, unknown> | undefined;
  return [
    defineRoute({
      method: 'get',
      path: '/openapi.json',
      tag: 'operations',
      summary: 'This OpenAPI 3.1 document, generated from the routes and their zod schemas',
      permission: 'public',
      responses: { 200: { description: 'The document.', schema: z.record(z.string(), z.unknown()) } },
      handler: () => ({ status: 200, body: (doc ??= openApiDocument(allRoutes())) }),
    }),
    defineRoute({
      method: 'get',
      path: '/docs',
      tag: 'operations',
      summary: 'A readable API reference rendered from /openapi.json',
      permission: 'public',
      responses: { 200: { description: 'An HTML page.', schema: z.string(), mediaType: 'text/html' } },
      handler: () => ({ status: 200, body: DOCS_HTML, type: 'text/html' }),
    }),
  ];
}
