// The built-in system: a payments platform across two VPCs joined by a VPC Lattice service
// network. VPC A (10.1.0.0/16) runs the core payment path; VPC B (10.2.0.0/16) runs risk,
// compliance and reporting. Numbers are plausible, not measured: medians of a few ms per hop,
// a slow card network, sub-percent baseline error rates.
import type { OperationDef, ServiceDef, TopologyDef } from "./topology";

const lat = (medianMs: number, sigma = 0.4) => ({ medianMs, sigma });
const op = (name: string, medianMs: number, errorRate: number, steps: OperationDef["steps"]): OperationDef => ({
  name,
  selfLatency: lat(medianMs),
  errorRate,
  steps,
});
const svc = (s: Omit<ServiceDef, "version" | "replicas"> & Partial<Pick<ServiceDef, "version" | "replicas">>): ServiceDef => ({
  version: "1.0.0",
  replicas: 2,
  ...s,
});

const auth = { kind: "call", service: "auth", operation: "Authenticate" } as const;
const pgSelect = (collection: string) => ({ kind: "db", target: "postgres", operation: "SELECT", collection, query: `SELECT * FROM ${collection} WHERE id = $1` }) as const;
const pgInsert = (collection: string) => ({ kind: "db", target: "postgres", operation: "INSERT", collection, query: `INSERT INTO ${collection} VALUES ($1, $2, $3)` }) as const;
const redisGet = (key: string, target = "redis") => ({ kind: "cache", target, operation: "GET", key }) as const;

export const paymentsTopology: TopologyDef = {
  region: "eu-west-1",
  serviceNetworkArn: "arn:aws:vpc-lattice:eu-west-1:111122223333:servicenetwork/sn-0payments0mesh01",
  vpcs: [
    { name: "a", vpcId: "vpc-0a11c0re0payment", accountId: "111122223333", cidrPrefix: "10.1", cluster: "payments-core", namespace: "payments" },
    { name: "b", vpcId: "vpc-0b22r1sk0comply", accountId: "444455556666", cidrPrefix: "10.2", cluster: "risk-platform", namespace: "risk" },
  ],
  gateway: "api-gateway",
  entries: [
    { operation: "POST /v1/payments", weight: 5 },
    { operation: "GET /v1/accounts/{id}", weight: 3 },
    { operation: "GET /v1/fx/{pair}", weight: 1 },
    { operation: "POST /v1/kyc/verify", weight: 1 },
    { operation: "GET /v1/reports/{id}", weight: 0.5 },
  ],
  services: [
    svc({ name: "api-gateway", vpc: "a", protocol: "http", port: 8080, replicas: 3, version: "3.2.1", operations: [
      op("POST /v1/payments", 2, 0.001, [auth, { kind: "call", service: "payments", operation: "POST /payments" }]),
      op("GET /v1/accounts/{id}", 1.5, 0.001, [auth, { kind: "call", service: "accounts", operation: "GET /accounts/{id}" }]),
      op("GET /v1/fx/{pair}", 1, 0.001, [{ kind: "call", service: "fx-rates", operation: "GET /rates/{pair}" }]),
      op("POST /v1/kyc/verify", 1.5, 0.001, [auth, { kind: "call", service: "kyc", operation: "POST /kyc/verify" }]),
      op("GET /v1/reports/{id}", 1.5, 0.001, [auth, { kind: "call", service: "reporting", operation: "GET /reports/{id}" }]),
    ] }),
    svc({ name: "auth", vpc: "a", protocol: "grpc", port: 50051, rpcService: "payments.v1.Auth", operations: [
      op("Authenticate", 1.5, 0.002, [redisGet("session:{token}")]),
    ] }),
    svc({ name: "payments", vpc: "a", protocol: "http", port: 8080, replicas: 3, version: "2.4.0", operations: [
      op("POST /payments", 4, 0.003, [
        { kind: "call", service: "accounts", operation: "GET /accounts/{id}" },
        { kind: "call", service: "fraud-check", operation: "POST /fraud/check" },
        { kind: "call", service: "fx-rates", operation: "GET /rates/{pair}", optional: 0.4 },
        { kind: "call", service: "cards", operation: "Authorize" },
        pgInsert("payments"),
        { kind: "produce", topic: "payments.events" },
      ]),
    ] }),
    svc({ name: "accounts", vpc: "a", protocol: "http", port: 8080, version: "1.8.2", operations: [
      op("GET /accounts/{id}", 2, 0.002, [redisGet("account:{id}"), pgSelect("accounts")]),
    ] }),
    svc({ name: "cards", vpc: "a", protocol: "grpc", port: 50051, rpcService: "payments.v1.Cards", version: "1.3.0", operations: [
      op("Authorize", 2, 0.002, [pgSelect("cards"), { kind: "external", target: "card-network", method: "POST", path: "/v1/authorizations" }]),
    ] }),
    svc({ name: "fx-rates", vpc: "a", protocol: "http", port: 8080, version: "0.9.4", operations: [
      op("GET /rates/{pair}", 1, 0.001, [redisGet("fx:{pair}")]),
    ] }),
    svc({ name: "ledger", vpc: "a", protocol: "grpc", port: 50051, rpcService: "payments.v1.Ledger", version: "4.1.0", operations: [
      op("PostEntries", 3, 0.002, [pgInsert("ledger_entries")]),
      op("GetBalance", 2, 0.001, [pgSelect("ledger_entries")]),
    ] }),
    svc({ name: "ledger-writer", vpc: "a", protocol: "grpc", port: 50051, version: "4.1.0", operations: [
      op("process payments.events", 1, 0.001, [{ kind: "call", service: "ledger", operation: "PostEntries" }]),
    ] }),
    svc({ name: "notifications", vpc: "a", protocol: "http", port: 8080, version: "1.1.0", operations: [
      op("process payments.events", 1, 0.001, [{ kind: "call", service: "webhooks", operation: "POST /webhooks/deliver" }]),
    ] }),
    svc({ name: "webhooks", vpc: "a", protocol: "http", port: 8080, version: "1.0.3", operations: [
      op("POST /webhooks/deliver", 3, 0.004, [pgSelect("webhook_subscriptions")]),
    ] }),
    svc({ name: "fraud-check", vpc: "b", protocol: "http", port: 8080, version: "5.0.1", operations: [
      op("POST /fraud/check", 3, 0.002, [{ kind: "call", service: "risk-scoring", operation: "Score" }]),
    ] }),
    svc({ name: "risk-scoring", vpc: "b", protocol: "grpc", port: 50051, rpcService: "risk.v1.RiskScoring", version: "2.2.0", operations: [
      op("Score", 6, 0.002, [redisGet("risk:{account}", "redis-risk")]),
    ] }),
    svc({ name: "kyc", vpc: "b", protocol: "http", port: 8080, version: "1.4.0", operations: [
      op("POST /kyc/verify", 8, 0.005, [{ kind: "call", service: "risk-scoring", operation: "Score" }]),
    ] }),
    svc({ name: "reporting", vpc: "b", protocol: "http", port: 8080, version: "0.7.0", operations: [
      op("GET /reports/{id}", 10, 0.003, [{ kind: "call", service: "ledger", operation: "GetBalance" }]),
    ] }),
  ],
  backends: [
    { name: "postgres", vpc: "a", kind: "postgresql", port: 5432, replicas: 1, latency: lat(1.2, 0.5), namespace: "payments" },
    { name: "redis", vpc: "a", kind: "redis", port: 6379, replicas: 1, latency: lat(0.3, 0.3) },
    { name: "redis-risk", vpc: "b", kind: "redis", port: 6379, replicas: 1, latency: lat(0.3, 0.3) },
    { name: "kafka", vpc: "a", kind: "kafka", port: 9092, replicas: 3, latency: lat(2, 0.3) },
  ],
  externals: [
    { name: "card-network", host: "api.cardnetwork.example", address: "203.0.113.10", port: 443, latency: lat(45, 0.5), errorRate: 0.003 },
  ],
  topics: [
    {
      name: "payments.events",
      broker: "kafka",
      queueLatency: lat(8, 0.5),
      consumers: [
        { service: "ledger-writer", operation: "process payments.events" },
        { service: "notifications", operation: "process payments.events" },
      ],
    },
  ],
};
