// The read API's route handlers, wired for startRouteServer in integration tests.
import * as edges from "@/app/api/v1/edges/[id]/route";
import * as graph from "@/app/api/v1/graph/route";
import * as openapi from "@/app/api/v1/openapi.json/route";
import * as operation from "@/app/api/v1/services/[name]/operation/route";
import * as services from "@/app/api/v1/services/[name]/route";
import * as trace from "@/app/api/v1/traces/[traceId]/route";
import * as traceServices from "@/app/api/v1/traces/services/route";
import * as traces from "@/app/api/v1/traces/route";
import type { Route } from "./route-server";

export const readRoutes: Route[] = [
  { method: "GET", path: "/api/v1/graph", handler: graph.GET },
  { method: "GET", path: "/api/v1/services/:name", handler: services.GET as Route["handler"] },
  { method: "GET", path: "/api/v1/services/:name/operation", handler: operation.GET as Route["handler"] },
  { method: "GET", path: "/api/v1/edges/:id", handler: edges.GET as Route["handler"] },
  { method: "GET", path: "/api/v1/traces", handler: traces.GET },
  // Before :traceId, which would take "services" as a trace id.
  { method: "GET", path: "/api/v1/traces/services", handler: traceServices.GET },
  { method: "GET", path: "/api/v1/traces/:traceId", handler: trace.GET as Route["handler"] },
  { method: "GET", path: "/api/v1/openapi.json", handler: openapi.GET },
];
