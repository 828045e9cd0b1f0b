// Guesses the flow source kind from the first lines of a file or stream, by content only
// (file names lie). Returns null when unsure: the receiver then needs an explicit format.
import type { FlowSourceKind } from "@/lib/contracts/flow";
import { createVpcFlowParser } from "./aws-vpc-flow";
import { isObject } from "./json-fields";
import { JsonRecordAssembler } from "./json-record-assembler";

const MAX_SAMPLE_CHARS = 1_048_576;

export function detectFormat(firstLines: readonly string[]): FlowSourceKind | null {
  const lines = firstLines.filter((l) => {
    const t = l.trim();
    return t !== "" && !t.startsWith("//");
  });
  if (lines.length === 0) return null;
  const first = lines[0].trimStart();
  if (first.startsWith("{") || first.startsWith("[")) {
    const record = firstJsonRecord(lines);
    // A pretty-printed record longer than the sample: judge by the key names seen so far.
    return record === undefined ? classifyByKeyNames(lines.join("\n")) : classifyJson(record);
  }
  return looksLikeVpcFlowLog(lines) ? "aws-vpc-flow" : null;
}

/** Tries the first line alone (JSON Lines), then a pretty-printed record spread over lines;
 *  undefined when that record does not end within the sample. */
function firstJsonRecord(lines: readonly string[]): unknown {
  try {
    return JSON.parse(lines[0]);
  } catch {
    const assembler = new JsonRecordAssembler(MAX_SAMPLE_CHARS);
    for (let i = 0; i < lines.length; i++) {
      const step = assembler.push(lines[i], i + 1);
      if (step.kind === "pending") continue;
      if (step.kind !== "complete") return null;
      try {
        return JSON.parse(step.text);
      } catch {
        return null;
      }
    }
    return assembler.open ? undefined : null;
  }
}

export function classifyJson(record: unknown): FlowSourceKind | null {
  if (!isObject(record)) return null;
  if (Array.isArray(record.records)) return classifyJson(record.records[0]);
  if ("serviceNetworkArn" in record || "sourceIpPort" in record) return "aws-lattice";
  if (isObject(record.flow)) return "hubble";
  if ("verdict" in record && ("IP" in record || "l4" in record || "source" in record)) return "hubble";
  if (isObject(record.flowRecords) || "flowLogVersion" in record) return "azure-vnet";
  if (isObject(record.properties) && Array.isArray(record.properties.flows)) return "azure-nsg";
  if (record.category === "NetworkSecurityGroupFlowEvent") return "azure-nsg";
  return null;
}

function classifyByKeyNames(text: string): FlowSourceKind | null {
  const keys = new Set<string>();
  for (const m of text.slice(0, MAX_SAMPLE_CHARS).matchAll(/"([A-Za-z_]{1,40})"\s*:/g)) keys.add(m[1]);
  if (keys.has("serviceNetworkArn") || keys.has("sourceIpPort")) return "aws-lattice";
  if (keys.has("flowRecords") || keys.has("flowLogVersion")) return "azure-vnet";
  if (keys.has("flowTuples") && keys.has("properties")) return "azure-nsg";
  if (keys.has("flow") && keys.has("verdict")) return "hubble";
  return null;
}

/**
 * VPC text: the first line that the VPC parser turns into a header, a flow or a NODATA/SKIPDATA
 * record. Custom orders without a header cannot be recognised and yield null (configure them).
 */
function looksLikeVpcFlowLog(lines: readonly string[]): boolean {
  const parser = createVpcFlowParser({ nowMs: Number.MAX_SAFE_INTEGER / 2 }); // no "future" refusals here
  for (let i = 0; i < Math.min(lines.length, 5); i++) {
    const result = parser.parseLine(lines[i], i + 1);
    if ("rejected" in result) return false;
    if ("flows" in result && result.flows.length > 0) return true;
    if ("skipped" in result && result.skipped !== "header") return true; // NODATA / SKIPDATA
  }
  return false; // only header lines: still unsure what follows
}
