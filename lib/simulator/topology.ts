// The simulator's model of a system: where things run (VPCs, clusters, instances with pod IPs)
// and what each service operation does (its own latency, error rate, and the calls it makes).
// Pure data types; payments-topology.ts holds the built-in payments platform.

export type VpcName = "a" | "b";

export interface Vpc {
  name: VpcName;
  vpcId: string;
  accountId: string;
  cidrPrefix: string; // "10.1"
  cluster: string; // EKS cluster (Hubble node names, k8s.cluster.name)
  namespace: string;
}

/** Latency as a log-normal: median and shape (0.3 tight … 0.8 long-tailed). */
export interface LatencyDist {
  medianMs: number;
  sigma: number;
}

/** One step an operation takes, in order. */
export type Step =
  | { kind: "call"; service: string; operation: string; optional?: number }
  | { kind: "db"; target: string; operation: string; collection: string; query: string }
  | { kind: "cache"; target: string; operation: string; key: string }
  | { kind: "produce"; topic: string }
  | { kind: "external"; target: string; method: string; path: string };

export interface OperationDef {
  /** HTTP: "POST /payments" (method + route); gRPC: the method name, e.g. "PostEntries" */
  name: string;
  selfLatency: LatencyDist;
  /** probability the operation fails on its own (its children's failures propagate too) */
  errorRate: number;
  steps: Step[];
}

export interface ServiceDef {
  name: string;
  vpc: VpcName;
  protocol: "http" | "grpc";
  port: number;
  /** gRPC service name, e.g. "payments.v1.Ledger" */
  rpcService?: string;
  version: string;
  replicas: number;
  operations: OperationDef[];
}

/** Uninstrumented dependencies: databases, caches, brokers (seen only from their clients' spans and in flows). */
export interface BackendDef {
  name: string;
  vpc: VpcName;
  kind: "postgresql" | "redis" | "kafka";
  port: number;
  replicas: number;
  latency: LatencyDist;
  namespace?: string; // db.namespace
}

export interface ExternalDef {
  name: string; // peer.service
  host: string;
  address: string; // public IP, for flows
  port: number;
  latency: LatencyDist;
  errorRate: number;
}

export interface ConsumerDef {
  service: string; // the consumer group is the service name
  operation: string; // operation run per message
}

export interface TopicDef {
  name: string;
  broker: string; // backend name
  consumers: ConsumerDef[];
  /** normal delay between producer end and consumer start */
  queueLatency: LatencyDist;
}

export interface EntryDef {
  /** gateway operation started by an outside user */
  operation: string;
  weight: number;
}

export interface TopologyDef {
  vpcs: Vpc[];
  region: string;
  serviceNetworkArn: string;
  gateway: string;
  entries: EntryDef[];
  services: ServiceDef[];
  backends: BackendDef[];
  externals: ExternalDef[];
  topics: TopicDef[];
}

/** A running copy of a service or backend: the unit that has a pod IP, an ENI and a node. */
export interface Instance {
  service: string;
  index: number;
  podName: string;
  podIp: string;
  nodeName: string;
  /** the node's primary address: what VPC Flow Logs put in srcaddr/dstaddr for its pods */
  nodeIp: string;
  /** EC2 instance id of the node */
  instanceId: string;
  eniId: string;
  subnetId: string;
  vpc: Vpc;
  zone: string;
  /** AWS zone id (eu-west-1a is euw1-az1 here; the mapping differs per account in reality) */
  azId: string;
}
