// Turning sides into EdgeObservations: which durations, which minute, which type, failed or not.
import { isClientKind, isKindless, pairedConnectionType } from "./connection-type";
import { endUs, type SpanSide } from "./half-edge";
import type { EdgeObservation, EdgeOrigin } from "./types";

/** consumer start − producer end; clock skew between hosts can make it negative: clamp at 0. */
function queueLatencyUs(producer: SpanSide, consumer: SpanSide): number {
  return Math.max(0, consumer.startUs - endUs(producer));
}

/** A client side met its server side (standard, link, fan-out, or a fallback that completes one). */
export function pairedEdge(client: SpanSide, server: SpanSide, origin: EdgeOrigin): EdgeObservation {
  const connectionType = pairedConnectionType(client, server);
  const edge: EdgeObservation = {
    client: client.service,
    server: server.service,
    connectionType,
    clientDurationUs: client.durationUs,
    serverDurationUs: server.durationUs,
    failed: client.failed || server.failed,
    traceId: client.traceId,
    startUs: client.startUs,
    origin,
  };
  if (connectionType === "messaging") edge.queueLatencyUs = queueLatencyUs(client, server);
  return edge;
}

/**
 * A database call completes from the client span alone (Tempo). The database's latency is the
 * client's: nothing else measured it.
 */
export function databaseEdge(client: SpanSide, serverName: string): EdgeObservation {
  return {
    client: client.service,
    server: serverName,
    connectionType: "database",
    clientDurationUs: client.durationUs,
    serverDurationUs: client.durationUs,
    failed: client.failed,
    traceId: client.traceId,
    startUs: client.startUs,
    origin: "database",
  };
}

/**
 * One side only; the other is a named virtual node. The missing side's latency mirrors the known
 * one (as Tempo does for database edges) rather than Tempo's 0, which would fill the histogram of
 * an uninstrumented side with zeros and drag its percentiles to the first bucket.
 */
export function virtualEdge(known: SpanSide, knownIs: "client" | "server", peerName: string): EdgeObservation {
  return {
    client: knownIs === "client" ? known.service : peerName,
    server: knownIs === "server" ? known.service : peerName,
    connectionType: "virtual",
    clientDurationUs: known.durationUs,
    serverDurationUs: known.durationUs,
    failed: known.failed,
    traceId: known.traceId,
    startUs: known.startUs,
    origin: "virtual",
  };
}

/**
 * Parent and child of different services, at least one without a kind, and neither in the wait
 * store. A kind-less parent may be the call itself (a Zipkin or OpenTracing span without a kind
 * tag), so it speaks for the client side; a SERVER or CONSUMER parent is the whole inbound
 * request, so the child's own duration, status and start stand for the call instead.
 */
export function fallbackEdge(parent: SpanSide, child: SpanSide): EdgeObservation {
  const parentIsCall = isKindless(parent.kind) || isClientKind(parent.kind);
  const caller = parentIsCall ? parent : child;
  // A SERVER parent's attributes describe its own inbound call, not this outbound one.
  const hint = parentIsCall ? (parent.hint ?? child.hint) : child.hint;
  return {
    client: parent.service,
    server: child.service,
    connectionType: hint ?? "other",
    clientDurationUs: caller.durationUs,
    serverDurationUs: child.durationUs,
    failed: child.failed || (parentIsCall && parent.failed),
    traceId: child.traceId,
    startUs: caller.startUs,
    origin: "fallback",
  };
}
