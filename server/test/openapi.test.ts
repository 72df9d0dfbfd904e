/**
 * The OpenAPI document at /api/openapi.json: valid OpenAPI 3.1, and it names exactly the routes
 * express has mounted under /api (walking the router stack), so it cannot fall behind the code.
 */
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApiPath } from "../src/http/openapi.ts";
import { getJson, startTestHub, type TestHub } from "./helpers.ts";

/** The parts of express 5's router (the `router` package) that a route listing needs. */
interface RouterLayer {
  route?: { path: string | string[]; methods: Record<string, boolean | undefined> };
  handle: { stack?: RouterLayer[] };
  rawPath?: string | string[];
}

function joinPath(prefix: string, path: string): string {
  return `${prefix}/${path}`.replace(/\/+/g, "/").replace(/(.)\/$/, "$1");
}

/** "METHOD /path" of every route mounted in `stack`, nested routers included. */
function mountedRoutes(stack: readonly RouterLayer[], prefix = ""): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const { path, methods } = layer.route;
      const verbs = Object.keys(methods).filter((m) => methods[m] && m !== "_all");
      return [path].flat().flatMap((p) => verbs.map((verb) => `${verb.toUpperCase()} ${joinPath(prefix, p)}`));
    }
    if (layer.handle.stack) return [layer.rawPath ?? "/"].flat().flatMap((p) => mountedRoutes(layer.handle.stack ?? [], joinPath(prefix, p)));
    return [];
  });
}

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { operationId: string; parameters: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema: Record<string, unknown> }> } }>>;
  components: { schemas: Record<string, unknown> };
}

describe("OpenAPI document", () => {
  let hub: TestHub;
  let document: OpenApiDocument;

  beforeAll(async () => {
    hub = await startTestHub();
    document = await getJson<OpenApiDocument>(hub, "/api/openapi.json");
  });
  afterAll(async () => {
    await hub?.dispose();
  });

  it("is valid OpenAPI 3.1", async () => {
    expect(document.openapi).toBe("3.1.0");
    const result = await new Validator().validate(document as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("documents every route mounted under /api, and nothing that is not mounted", () => {
    const stack = (hub.app as unknown as { router: { stack: RouterLayer[] } }).router.stack;
    const mounted = new Set(
      mountedRoutes(stack)
        .filter((r) => r.split(" ")[1]?.startsWith("/api/"))
        .map((r) => {
          const [method = "", path = ""] = r.split(" ");
          return `${method} ${openApiPath(path)}`;
        }),
    );
    expect(mounted.size).toBeGreaterThan(20);
    const documented = new Set(Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`)));
    const undocumented = [...mounted].filter((r) => !documented.has(r));
    const stale = [...documented].filter((r) => !mounted.has(r));
    expect(undocumented, "routes missing from server/src/http/api-routes.ts").toEqual([]);
    expect(stale, "documented routes that are not mounted").toEqual([]);
  });

  it("resolves every $ref to a component schema and names each operation once", () => {
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"([^"]+)"/g)].map(([, ref]) => ref ?? "");
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) expect(document.components.schemas[ref.replace("#/components/schemas/", "")], ref).toBeDefined();
    const operationIds = Object.values(document.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(new Set(operationIds).size).toBe(operationIds.length);
  });

  it("describes the design routes of issue #4 from the protocol schemas", () => {
    const list = document.paths["/api/designs"]?.get;
    expect(list?.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(["query:q", "query:tag", "query:license", "query:fitsPrinter", "query:page", "query:pageSize"]);
    const patch = document.paths["/api/designs/{id}"]?.patch;
    expect(patch?.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(["path:id"]);
    const body = patch?.requestBody?.content["application/json"]?.schema as { properties: Record<string, unknown>; additionalProperties: boolean };
    expect(Object.keys(body.properties).sort()).toEqual(["description", "license", "tags", "title"]);
    expect(body.additionalProperties).toBe(false);
    expect(document.paths["/api/designs/{id}/files"]?.post?.requestBody?.content["multipart/form-data"]).toBeDefined();
    expect(document.paths["/api/designs/{id}/remix"]?.post).toBeDefined();
    expect(document.components.schemas.Design).toMatchObject({ properties: { remixOf: { items: { $ref: "#/components/schemas/DesignRef" } } } });
  });
});
