// The OpenAPI 3.1 document of the read API, generated from the same zod contracts that parse
// requests and verify responses, so the document cannot drift from the code. Client-safe.
import { z } from "zod";
import { edgeDetailSchema } from "./edge-detail";
import { flowPageSchema, flowsQuerySchema } from "./flows";
import { graphQuerySchema, graphSchema } from "./graph";
import { operationDetailSchema, operationQuerySchema } from "./operation-detail";
import { networkEdgeDetailSchema, networkNodeDetailSchema } from "./network-detail";
import { serviceDetailSchema } from "./service-detail";
import { traceSchema, traceSearchQuerySchema, traceSearchSchema, traceServicesSchema } from "./traces";
import { windowQuerySchema } from "./window";

type Schema = z.ZodType;
const jsonSchema = (s: Schema, io: "input" | "output") => z.toJSONSchema(s, { target: "draft-2020-12", io, unrepresentable: "any" });

/** Query parameters from an object schema: one OpenAPI parameter per property. */
function queryParameters(s: Schema) {
  const js = jsonSchema(s, "input") as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, schema]) => ({
    name,
    in: "query",
    required: js.required?.includes(name) ?? false,
    schema,
  }));
}

const pathParameter = (name: string, description: string) => ({ name, in: "path", required: true, description, schema: { type: "string" } });
const errorBody = {
  type: "object",
  properties: { error: { type: "object", properties: { code: { type: "string" }, message: { type: "string" } }, required: ["code", "message"] } },
  required: ["error"],
};

function get(summary: string, response: Schema, parameters: object[]) {
  return {
    get: {
      summary,
      parameters,
      responses: {
        200: { description: "OK", content: { "application/json": { schema: jsonSchema(response, "output") } } },
        400: { description: "A bad parameter, named in the message", content: { "application/json": { schema: errorBody } } },
        404: { description: "Not found", content: { "application/json": { schema: errorBody } } },
      },
    },
  };
}

export function openApiDocument(serverUrl = "/") {
  return {
    openapi: "3.1.0",
    info: { title: "Strata read API", version: "1", description: "Service graph, drilldowns and traces, from rollups and raw spans." },
    servers: [{ url: serverUrl }],
    paths: {
      "/api/v1/graph": get("The graph of a time window", graphSchema, queryParameters(graphQuerySchema)),
      "/api/v1/services/{name}": get("One service: RED per minute, operations, callers, callees, versions, recent errors", serviceDetailSchema, [
        pathParameter("name", "service name"), ...queryParameters(windowQuerySchema)]),
      "/api/v1/services/{name}/operation": get("One operation of a service: RED per minute and over the window", operationDetailSchema, [
        pathParameter("name", "service name"), ...queryParameters(operationQuerySchema)]),
      "/api/v1/edges/{id}": get("One edge: latency histograms, status classes, calls over time, exemplars, flows", edgeDetailSchema, [
        pathParameter("id", `graph edge id ("service:web->service:catalog:http") or "client,server,type"`), ...queryParameters(windowQuerySchema)]),
      "/api/v1/network/edges/{id}": get("One network edge: traffic per minute and port, verdicts with reasons, top talkers, mapped services", networkEdgeDetailSchema, [
        pathParameter("id", `graph edge id ("workload:web->workload:db:flow") or "src,dst" workload names`), ...queryParameters(windowQuerySchema)]),
      "/api/v1/network/nodes/{id}": get("One network node (workload): traffic in and out, peers, verdicts, top talkers, mapped services", networkNodeDetailSchema, [
        pathParameter("id", `graph node id ("workload:payments/api") or a workload name`), ...queryParameters(windowQuerySchema)]),
      "/api/v1/flows": get("Raw flows, newest first; src/dst/workload match an address or a workload name; paginated by nextCursor", flowPageSchema, queryParameters(flowsQuerySchema)),
      "/api/v1/traces": get("Trace search over raw spans", traceSearchSchema, queryParameters(traceSearchQuerySchema)),
      "/api/v1/traces/services": get("Services with traffic in a window, for the trace search form", traceServicesSchema, queryParameters(windowQuerySchema)),
      "/api/v1/traces/{traceId}": get("One trace: all spans with events and links", traceSchema, [pathParameter("traceId", "32 hex digits")]),
    },
  };
}
