// The server's ingest and read routes, wired for startRouteServer in integration tests.
import * as batches from "@/app/api/v1/ingest/batches/route";
import * as edge from "@/app/api/v1/edges/[id]/route";
import * as graph from "@/app/api/v1/graph/route";
import * as otlpApi from "@/app/api/v1/otlp/v1/traces/route";
import * as otlp from "@/app/v1/traces/route";
import type { Route } from "./route-server";

export const ingestRoutes: Route[] = [
  { method: "POST", path: "/v1/traces", handler: otlp.POST },
  { method: "POST", path: "/api/v1/otlp/v1/traces", handler: otlpApi.POST },
  { method: "POST", path: "/api/v1/ingest/batches", handler: batches.POST },
  { method: "GET", path: "/api/v1/graph", handler: graph.GET },
  { method: "GET", path: "/api/v1/edges/:id", handler: edge.GET },
];
