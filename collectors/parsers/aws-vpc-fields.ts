// The AWS VPC Flow Logs and Transit Gateway flow log field table (FORMATS.md §1), and the field
// orders we recognise when a file has neither a header line nor a configured format.

export type VpcFieldType = "int" | "string";

/** Field name → (version it appeared in, value type). Fields the parser maps onto NormalizedFlow
 *  are listed in aws-vpc-flow.ts; every other field lands in `attributes` under its own name. */
export const VPC_FIELDS: Readonly<Record<string, { version: number; type: VpcFieldType }>> = {
  version: { version: 2, type: "int" },
  "account-id": { version: 2, type: "string" },
  "interface-id": { version: 2, type: "string" },
  srcaddr: { version: 2, type: "string" },
  dstaddr: { version: 2, type: "string" },
  srcport: { version: 2, type: "int" },
  dstport: { version: 2, type: "int" },
  protocol: { version: 2, type: "int" },
  packets: { version: 2, type: "int" },
  bytes: { version: 2, type: "int" },
  start: { version: 2, type: "int" },
  end: { version: 2, type: "int" },
  action: { version: 2, type: "string" },
  "log-status": { version: 2, type: "string" },
  "vpc-id": { version: 3, type: "string" },
  "subnet-id": { version: 3, type: "string" },
  "instance-id": { version: 3, type: "string" },
  "tcp-flags": { version: 3, type: "int" },
  type: { version: 3, type: "string" },
  "pkt-srcaddr": { version: 3, type: "string" },
  "pkt-dstaddr": { version: 3, type: "string" },
  region: { version: 4, type: "string" },
  "az-id": { version: 4, type: "string" },
  "sublocation-type": { version: 4, type: "string" },
  "sublocation-id": { version: 4, type: "string" },
  "pkt-src-aws-service": { version: 5, type: "string" },
  "pkt-dst-aws-service": { version: 5, type: "string" },
  "flow-direction": { version: 5, type: "string" },
  "traffic-path": { version: 5, type: "int" },
  // v7 ECS fields (version number unverified, FORMATS.md §1)
  "ecs-cluster-arn": { version: 7, type: "string" },
  "ecs-cluster-name": { version: 7, type: "string" },
  "ecs-container-instance-arn": { version: 7, type: "string" },
  "ecs-container-instance-id": { version: 7, type: "string" },
  "ecs-container-id": { version: 7, type: "string" },
  "ecs-second-container-id": { version: 7, type: "string" },
  "ecs-service-name": { version: 7, type: "string" },
  "ecs-task-definition-arn": { version: 7, type: "string" },
  "ecs-task-arn": { version: 7, type: "string" },
  "ecs-task-id": { version: 7, type: "string" },
  "reject-reason": { version: 8, type: "string" },
  // Listed by a third party as "version 10", unverified: kept as plain strings.
  "resource-id": { version: 10, type: "string" },
  "encryption-status": { version: 10, type: "string" },
  // Transit Gateway flow logs (their own record family, same line syntax).
  "resource-type": { version: 6, type: "string" },
  "tgw-id": { version: 6, type: "string" },
  "tgw-attachment-id": { version: 6, type: "string" },
  "tgw-src-vpc-account-id": { version: 6, type: "string" },
  "tgw-dst-vpc-account-id": { version: 6, type: "string" },
  "tgw-src-vpc-id": { version: 6, type: "string" },
  "tgw-dst-vpc-id": { version: 6, type: "string" },
  "tgw-src-subnet-id": { version: 6, type: "string" },
  "tgw-dst-subnet-id": { version: 6, type: "string" },
  "tgw-src-eni": { version: 6, type: "string" },
  "tgw-dst-eni": { version: 6, type: "string" },
  "tgw-src-az-id": { version: 6, type: "string" },
  "tgw-dst-az-id": { version: 6, type: "string" },
  "tgw-pair-attachment-id": { version: 6, type: "string" },
  "packets-lost-no-route": { version: 6, type: "int" },
  "packets-lost-blackhole": { version: 6, type: "int" },
  "packets-lost-mtu-exceeded": { version: 6, type: "int" },
  "packets-lost-ttl-expired": { version: 6, type: "int" },
};

const V2 = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";
const V5_EXTRA =
  "vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id sublocation-type sublocation-id pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path";
const ECS_EXTRA =
  "ecs-cluster-arn ecs-cluster-name ecs-container-instance-arn ecs-container-instance-id ecs-container-id ecs-second-container-id ecs-service-name ecs-task-definition-arn ecs-task-arn ecs-task-id";

/**
 * Header-less files: like Elastic's pipeline we pick the field order by the number of tokens.
 * Each count maps to one published order, so a line is never guessed between two layouts.
 */
export const HEADERLESS_LAYOUTS: ReadonlyMap<number, { name: string; fields: string }> = new Map(
  [
    { name: "default v2", fields: V2 },
    {
      // AWS docs example "traffic through a transit gateway" (a VPC flow log of a TGW-attached ENI)
      name: "AWS docs transit-gateway ENI example",
      fields:
        "version interface-id account-id vpc-id subnet-id instance-id srcaddr dstaddr srcport dstport protocol tcp-flags type pkt-srcaddr pkt-dstaddr action log-status",
    },
    { name: "all v5 fields", fields: `${V2} ${V5_EXTRA}` },
    {
      name: "Transit Gateway default",
      fields:
        "version resource-type account-id tgw-id tgw-attachment-id tgw-src-vpc-account-id tgw-dst-vpc-account-id tgw-src-vpc-id tgw-dst-vpc-id tgw-src-subnet-id tgw-dst-subnet-id tgw-src-eni tgw-dst-eni tgw-src-az-id tgw-dst-az-id tgw-pair-attachment-id srcaddr dstaddr srcport dstport protocol packets bytes start end log-status type packets-lost-no-route packets-lost-blackhole packets-lost-mtu-exceeded packets-lost-ttl-expired tcp-flags region flow-direction pkt-src-aws-service pkt-dst-aws-service",
    },
    { name: "v7 with ECS fields", fields: `${V2} ${V5_EXTRA} ${ECS_EXTRA}` },
    { name: "v8 with reject-reason", fields: `${V2} ${V5_EXTRA} ${ECS_EXTRA} reject-reason` },
  ].map((layout) => [layout.fields.split(" ").length, layout]),
);

/** "${version} ${srcaddr}" (the AWS console / API form) or "version srcaddr" → names. */
export function splitFormatString(format: string | readonly string[]): string[] {
  const parts = typeof format === "string" ? format.trim().split(/\s+/) : [...format];
  return parts.map((p) => (p.startsWith("${") && p.endsWith("}") ? p.slice(2, -1) : p)).filter((p) => p.length > 0);
}

const FIELD_NAME_SHAPE = /^[a-z][a-z0-9-]{0,63}$/;

/**
 * A header line names fields: every token is shaped like a field name and at least half of them
 * are names we know (unknown names are allowed: AWS adds fields). Data tokens never qualify:
 * versions and ports are digits, actions upper case, "-" placeholders, and ids like "eni-…" are
 * field-shaped but unknown.
 */
export function isHeaderLine(tokens: readonly string[]): boolean {
  let known = 0;
  for (const t of tokens) {
    if (!FIELD_NAME_SHAPE.test(t)) return false;
    if (Object.hasOwn(VPC_FIELDS, t)) known++;
  }
  return known > 0 && known * 2 >= tokens.length;
}
