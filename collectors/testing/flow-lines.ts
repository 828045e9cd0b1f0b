// Test-only: flow-log lines as the sources write them, for agent tests that tail files.

export interface HubblePodRef {
  ip: string;
  pod: string;
  workload: string;
  namespace?: string;
}

/** One Hubble L3/L4 request flow (`hubble observe -o json`) between two pods. */
export function hubbleFlowLine(atMs: number, src: HubblePodRef, dst: HubblePodRef, dport: number): string {
  const endpoint = (e: HubblePodRef) => ({ namespace: e.namespace ?? "shop", pod_name: e.pod, labels: [`k8s:app=${e.workload}`], workloads: [{ name: e.workload, kind: "StatefulSet" }] });
  const time = new Date(atMs).toISOString();
  return JSON.stringify({
    flow: {
      time,
      verdict: "FORWARDED",
      IP: { source: src.ip, destination: dst.ip, ipVersion: "IPv4" },
      l4: { TCP: { source_port: 40123, destination_port: dport, flags: { SYN: true } } },
      source: endpoint(src),
      destination: endpoint(dst),
      Type: "L3_L4",
      is_reply: false,
      node_name: "kind/node-1",
    },
    node_name: "kind/node-1",
    time,
  });
}

/** One AWS VPC Flow Logs record in the default version-2 format (no header). */
export function vpcFlowLine(atMs: number, src: string, dst: string, sport: number, dport: number): string {
  const start = Math.floor(atMs / 1000);
  return `2 123456789010 eni-0a1b2c3d ${src} ${dst} ${sport} ${dport} 6 10 840 ${start} ${start + 30} ACCEPT OK`;
}
