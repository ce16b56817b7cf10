import { z } from 'zod';
import { ErrorSchema } from '../../schemas/api';
import type { Permission } from './auth';
import type { RouteSpec } from './route';

type JsonSchema = Record<string, unknown>;

const WHO: Record<Permission, string> = {
  public: 'No token needed.',
  read: 'Roles: viewer, analyst, admin.',
  triage: 'Roles: analyst, admin.',
  admin: 'Role: admin.',
  ingest: 'The ingest token (DISTILLGUARD_INGEST_TOKEN) or an admin token.',
};

/**
 * Converts zod schemas to JSON Schema 2020-12 (the dialect of OpenAPI 3.1), moving named schemas
 * (`.meta({ id })`) into `components.schemas` so each is described once.
 */
class SchemaConverter {
  readonly components: Record<string, JsonSchema> = {};

  convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    // Transforms (e.g. a comma list parsed to an array) show their input side; nothing else is lost.
    const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
    const { $schema: _, $defs, ...rest } = json;
    Object.assign(this.components, this.refs($defs ?? {}));
    return this.refs(rest) as JsonSchema;
  }

  private refs(value: unknown): unknown {
    return JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/'));
  }
}

function parameters(c: SchemaConverter, where: 'path' | 'query', schema: z.ZodType | undefined) {
  if (!schema) return [];
  const json = c.convert(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => {
    const { description, ...rest } = s;
    return {
      name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      ...(description !== undefined && { description }),
      schema: rest,
    };
  });
}

function operation(c: SchemaConverter, r: RouteSpec) {
  const body = r.body;
  const content: Record<string, { schema: JsonSchema }> = {};
  if (body?.kind === 'json') content['application/json'] = { schema: c.convert(body.schema, 'input') };
  if (body?.kind === 'text') {
    for (const [type, s] of Object.entries(body.documents)) content[type] = { schema: c.convert(s, 'input') };
  }
  const errorResponses = {
    ...(body && { 400: 'The request does not validate; `details` has the zod issues.' }),
    ...(r.permission !== 'public' && { 401: 'No or unknown bearer token.', 403: 'The token’s role may not do this.' }),
  };
  return {
    tags: [r.tag],
    summary: r.summary,
    description: [r.description, WHO[r.permission]].filter(Boolean).join('\n\n'),
    operationId: `${r.method}${r.path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)/g, (_m, ch: string) => ch.toUpperCase())}`,
    ...(r.permission !== 'public' && { security: [{ bearer: [] }] }),
    parameters: [...parameters(c, 'path', r.params), ...parameters(c, 'query', r.query)],
    ...(body && { requestBody: { required: true, content } }),
    responses: {
      ...Object.fromEntries(
        Object.entries(errorResponses).map(([status, description]) => [
          status,
          { description, content: { 'application/json': { schema: c.convert(ErrorSchema, 'output') } } },
        ]),
      ),
      ...Object.fromEntries(
        Object.entries(r.responses).map(([status, spec]) => [
          status,
          {
            description: spec.description,
            ...(spec.schema && { content: { [spec.mediaType ?? 'application/json']: { schema: c.convert(spec.schema, 'output') } } }),
          },
        ]),
      ),
    },
  };
}

/** The OpenAPI 3.1 document of exactly the routes the app mounts. */
export function openApiDocument(routes: readonly RouteSpec[]): Record<string, unknown> {
  const c = new SchemaConverter();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) (paths[r.path] ??= {})[r.method] = operation(c, r);
  return {
    openapi: '3.1.0',
    info: {
      title: 'DistillGuard API',
      // The version of the API (its paths are under /v1), not of the package.
      version: '1',
      description:
        'Ingest API request logs, triage model-distillation alerts, manage allow-lists. Times are epoch ' +
        'milliseconds. Errors are `{ error: { code, message, details } }`.',
    },
    paths,
    components: {
      schemas: c.components,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
  };
}
