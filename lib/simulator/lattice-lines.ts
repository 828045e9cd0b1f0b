// VPC Lattice access-log entries (FORMATS.md §2), one JSON line per request that crossed the
// service network. An auth-policy denial answers 403 itself: no target, requestToTargetDuration 0.
import type { PlannedCall } from "./plan";
import { ephemeralPort } from "./connections";
import { latticeHost } from "./service-call";
import type { TopologyDef } from "./topology";

function serviceId(service: string): string {
  return `svc-0${service.length.toString(16)}${Buffer.from(service).toString("hex").slice(0, 15).padEnd(15, "0")}`;
}

export function latticeLine(call: PlannedCall, topology: TopologyDef): string | null {
  const server = call.server;
  if (!call.crossVpc || !server) return null;
  const client = call.client;
  const region = topology.region;
  const svcId = serviceId(call.serverService);
  const account = server.vpc.accountId;
  const denied = call.outcome === "auth-denied";
  const duration = Math.max(1, Math.round(call.endMs - call.startMs));
  const sourcePort = ephemeralPort(`${client.podIp}|lattice|${Math.floor(call.startMs / 60_000)}`);
  const entry = {
    startTime: new Date(Math.floor(call.startMs)).toISOString(),
    serviceNetworkArn: topology.serviceNetworkArn,
    serviceArn: `arn:aws:vpc-lattice:${region}:${account}:service/${svcId}`,
    targetGroupArn: denied ? "-" : `arn:aws:vpc-lattice:${region}:${account}:targetgroup/tg-0${svcId.slice(5)}`,
    listenerId: denied ? "-" : `listener-0${svcId.slice(5, 20)}`,
    listenerType: "HTTPS",
    sourceVpcArn: `arn:aws:ec2:${region}:${client.vpc.accountId}:vpc/${client.vpc.vpcId}`,
    sourceVpcId: client.vpc.vpcId,
    destinationVpcId: denied ? "-" : server.vpc.vpcId,
    sourceIpPort: `${client.podIp}:${sourcePort}`,
    targetIpPort: denied ? "-" : `${server.podIp}:${call.dstPort}`,
    protocol: call.appProtocol === "grpc" ? "HTTP/2" : "HTTP/1.1",
    requestMethod: call.http?.method ?? "POST",
    requestPath: call.http?.path ?? "/",
    hostHeader: `${latticeHost(call.serverService, region)}`,
    serverNameIndication: latticeHost(call.serverService, region),
    userAgent: call.appProtocol === "grpc" ? "grpc-node-js/1.12.6" : "node",
    responseCode: call.http?.status ?? (call.outcome === "ok" ? 200 : 500),
    failureReason: denied ? "ClientAccessDenied" : "-",
    authDeniedReason: denied ? "Service" : "-",
    resolvedUser: `arn:aws:sts::${client.vpc.accountId}:assumed-role/${client.service}-irsa/${client.podName}`,
    callerPrincipal: `arn:aws:sts::${client.vpc.accountId}:assumed-role/${client.service}-irsa/${client.podName}`,
    callerPrincipalOrgID: "o-pay0mesh01",
    callerX509IssuerOU: "-",
    callerX509SubjectCN: "-",
    callerX509SANNameCN: "-",
    callerX509SANDNS: "-",
    callerX509SANURI: "-",
    bytesReceived: call.requestBytes,
    bytesSent: call.responseBytes,
    duration,
    requestToTargetDuration: denied ? 0 : 1,
    responseFromTargetDuration: denied ? 0 : Math.max(0, duration - 2),
    sslCipher: "ECDHE-RSA-AES128-GCM-SHA256",
    tlsVersion: "TLSv1.2",
  };
  return JSON.stringify(entry);
}
