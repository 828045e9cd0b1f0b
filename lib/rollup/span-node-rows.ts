// Which NodeMinute rows a span counts in, and under which operation and status class.
import type { NormalizedSpan } from "@/lib/contracts/span";
import { isKindless, isServerKind } from "@/lib/pairing/connection-type";
import { SpanKind } from "@/lib/contracts/span";

/** W3C flags bits 8 and 9: "the SDK knows whether the parent is remote" and "it is". */
const PARENT_IS_REMOTE = 0x300;
const MAX_NAME = 512;

/**
 * The whole-service row counts a service's entry spans: what arrived at it or what it started.
 * - SERVER and CONSUMER spans: inbound requests and consumed messages;
 * - root spans of any kind: work the service started itself. This is what gives a row to
 *   services that only ever emit CLIENT or INTERNAL spans (cron jobs, load generators, browsers);
 * - kind-less spans whose parent the SDK flags as remote: an inbound call whose span lost its kind.
 * Client and internal spans below an entry span are parts of it and are not counted again.
 */
export function isEntrySpan(span: Pick<NormalizedSpan, "kind" | "parentSpanId" | "flags">): boolean {
  if (isServerKind(span.kind)) return true;
  if (!span.parentSpanId) return true;
  return isKindless(span.kind) && (span.flags & PARENT_IS_REMOTE) === PARENT_IS_REMOTE;
}

/**
 * Per-operation rows cover spans that cross a process boundary (SERVER, CLIENT, PRODUCER,
 * CONSUMER), spans without a kind (they may be calls), and entry spans. Nested INTERNAL spans
 * (middleware, helpers) are left out: they are many, rarely named well, and not what the
 * application layer of the graph shows.
 */
export function hasOperationRow(span: Pick<NormalizedSpan, "kind" | "parentSpanId" | "flags">): boolean {
  return span.kind !== SpanKind.INTERNAL || isEntrySpan(span);
}

/** "GET /users/{id}" from http.route (with the method), else rpc.method, else the span name. */
export function operationName(span: Pick<NormalizedSpan, "httpRoute" | "httpMethod" | "rpcMethod" | "name">): string {
  let name: string;
  if (span.httpRoute) name = span.httpMethod ? methodAndRoute(span.httpMethod, span.httpRoute) : span.httpRoute;
  else if (span.rpcMethod) name = span.rpcMethod;
  else name = span.name.trim() || "(unnamed)";
  return name.length > MAX_NAME ? name.slice(0, MAX_NAME) : name;
}

// Routes are few and repeat on every request: "METHOD route" is built once per pair and reused,
// instead of an upper-casing and a concatenation per span (and a fresh string the aggregator
// then hashes). Bounded: cleared when full, so ids in routes cannot grow it.
const MAX_CACHED_ROUTES = 4096;
let routeNames = new Map<string, Map<string, string>>();
let cachedRoutes = 0;

function methodAndRoute(method: string, route: string): string {
  let byRoute = routeNames.get(method);
  let name = byRoute?.get(route);
  if (name !== undefined) return name;
  name = `${method.toUpperCase()} ${route}`;
  if (cachedRoutes >= MAX_CACHED_ROUTES) {
    routeNames = new Map();
    cachedRoutes = 0;
    byRoute = undefined;
  }
  if (byRoute === undefined) routeNames.set(method, (byRoute = new Map()));
  byRoute.set(route, name);
  cachedRoutes++;
  return name;
}

const HTTP_CLASSES = ["1xx", "2xx", "3xx", "4xx", "5xx"];

/** "2xx"… from the HTTP status, "grpc:CODE" from the RPC status, else "error"/"ok". */
export function statusClass(span: Pick<NormalizedSpan, "httpStatusCode" | "rpcStatus">, failed: boolean): string {
  const http = span.httpStatusCode;
  if (typeof http === "number" && Number.isInteger(http) && http >= 100 && http <= 599) {
    return HTTP_CLASSES[Math.floor(http / 100) - 1];
  }
  if (span.rpcStatus) return `grpc:${span.rpcStatus.toUpperCase().slice(0, 59)}`;
  return failed ? "error" : "ok";
}
