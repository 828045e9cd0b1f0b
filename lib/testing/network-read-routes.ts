// The network read API's route handlers (network edge, network node, flows), wired for
// startRouteServer in integration tests; kept beside read-routes.ts so each list has one owner.
import * as flows from "@/app/api/v1/flows/route";
import * as networkEdges from "@/app/api/v1/network/edges/[id]/route";
import * as networkNodes from "@/app/api/v1/network/nodes/[id]/route";
import type { Route } from "./route-server";

export const networkReadRoutes: Route[] = [
  { method: "GET", path: "/api/v1/network/edges/:id", handler: networkEdges.GET as Route["handler"] },
  { method: "GET", path: "/api/v1/network/nodes/:id", handler: networkNodes.GET as Route["handler"] },
  { method: "GET", path: "/api/v1/flows", handler: flows.GET },
];
