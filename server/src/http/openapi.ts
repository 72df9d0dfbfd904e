/**
 * The OpenAPI 3.1 document of the hub's REST API, served at `GET /api/openapi.json`. Bodies and
 * answers are the protocol's zod schemas converted with `z.toJSONSchema` (JSON Schema 2020-12, the
 * dialect of OpenAPI 3.1); the routes themselves are listed in http/api-routes.ts.
 * test/openapi.test.ts walks express's router and fails when a mounted route is not documented.
 */
import { ApiErrorSchema, DesignUploadFieldsSchema } from "@peerfab/protocol";
import { z } from "zod";
import { API_ROUTES, type ApiRoute, COMPONENTS } from "./api-routes.ts";

type JsonSchema = Record<string, unknown>;

/** `/api/designs/:id/files/:file` → `/api/designs/{id}/files/{file}`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:(\w+)/g, "{$1}");
}

export function openApiDocument(routes: readonly ApiRoute[] = API_ROUTES): JsonSchema {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENTS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}` });
  const ref = (schema: z.ZodType, io: "input" | "output"): JsonSchema => {
    const id = registry.get(schema)?.id;
    return id ? { $ref: `#/components/schemas/${id}` } : inline(schema, io);
  };

  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    const operation: JsonSchema = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      ...(route.description ? { description: route.description } : {}),
      parameters: [...pathParameters(route), ...queryParameters(route)],
      ...(route.anonymous ? { security: [] } : {}),
    };
    if (route.body?.kind === "json") {
      operation.requestBody = { required: true, content: { "application/json": { schema: ref(route.body.schema, "input") } } };
    } else if (route.body?.kind === "design-upload" || route.body?.kind === "file-upload") {
      operation.requestBody = { required: true, content: { "multipart/form-data": { schema: multipartSchema(route.body.kind) } } };
    } else if (route.body?.kind === "bytes") {
      const { media, description } = route.body;
      operation.requestBody = { required: true, description, content: Object.fromEntries(media.map((type) => [type, { schema: { type: "string", contentMediaType: type } }])) };
    }
    const responses: JsonSchema = {};
    for (const [status, answer] of Object.entries(route.responses)) {
      const content =
        answer.json !== undefined
          ? { "application/json": { schema: ref(answer.json, "output") } }
          : answer.media !== undefined
            ? Object.fromEntries(answer.media.map((type) => [type, { schema: { type: "string", contentMediaType: type } }]))
            : undefined;
      responses[status] = { description: answer.description, ...(content ? { content } : {}) };
    }
    responses["4XX"] = { description: "The request cannot be served; `detail` says what is wrong and what to do.", content: { "application/json": { schema: ref(ApiErrorSchema, "output") } } };
    operation.responses = responses;
    (paths[path] ??= {})[route.method] = operation;
  }

  return {
    openapi: "3.1.0",
    info: {
      title: "PeerFab hub API",
      version: "0.1.0",
      description:
        "Peer-to-peer 3D printing: designs (STL, 3MF, G-code variants) under open licenses with versions, tags and remixes; printers and print jobs. Errors are JSON `{ error, detail }`.",
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: [{ url: "/" }],
    security: [{ session: [] }, { bearer: [] }],
    tags: [...new Set(routes.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, withoutDialect(schema as JsonSchema)])),
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "peerfab_session", description: "Set by POST /api/auth/login or /api/auth/register." },
        bearer: { type: "http", scheme: "bearer", description: "An API token from POST /api/tokens (bridges, scripts)." },
      },
    },
  };
}

function inline(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  return withoutDialect(z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema);
}

function withoutDialect(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
}

function pathParameters(route: ApiRoute): JsonSchema[] {
  return [...route.path.matchAll(/:(\w+)/g)].map(([, name = ""]) => ({
    name,
    in: "path",
    required: true,
    schema: { type: "string" },
    ...(route.params?.[name] ? { description: route.params[name] } : {}),
  }));
}

function queryParameters(route: ApiRoute): JsonSchema[] {
  if (!route.query) return [];
  const object = inline(route.query, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, schema]) => ({
    name,
    in: "query",
    required: object.required?.includes(name) ?? false,
    schema,
  }));
}

/** Text fields describing an uploaded G-code variant (http/gcode-variant-fields.ts); read from the file's slicer settings when left out. */
const GCODE_FIELDS = {
  slicedFor: { type: "string", maxLength: 200, description: "The printer the G-code was sliced for, e.g. `Prusa MK4`." },
  material: { type: "string", maxLength: 200, description: "The material it was sliced for, e.g. `PETG`." },
};

/** The multipart form of a new design (or remix), or of one added file. */
function multipartSchema(kind: "design-upload" | "file-upload"): JsonSchema {
  const binary = (description: string) => ({ type: "string", contentMediaType: "application/octet-stream", description });
  if (kind === "file-upload") {
    return {
      type: "object",
      description: "Exactly one of `file` and `gcode`. A file named like an existing one of the design becomes its next version.",
      properties: {
        file: binary("A mesh: binary or ASCII STL, or 3MF (detected by content)."),
        gcode: binary("A ready-to-print G-code variant."),
        ...GCODE_FIELDS,
      },
    };
  }
  const fields = inline(DesignUploadFieldsSchema, "input") as { properties?: Record<string, JsonSchema> };
  return {
    type: "object",
    required: ["file"],
    properties: {
      file: binary("The mesh: binary or ASCII STL, or 3MF (detected by content, not by name)."),
      gcode: binary("Optional ready-to-print G-code variant."),
      ...GCODE_FIELDS,
      ...fields.properties,
      tags: { type: "string", description: "Comma-separated tags, e.g. `bracket, wall-mount` (each 1–32 letters, digits or '-'; at most 20)." },
    },
  };
}
