// Entry point of the flow-log parsers: pick a parser by kind, or detect the kind from content.
// See README.md beside this file for formats, detection rules and the verdict mapping.
import type { FlowSourceKind } from "@/lib/contracts/flow";
import { createLatticeParser } from "./aws-lattice";
import { createVpcFlowParser } from "./aws-vpc-flow";
import { createAzureParser } from "./azure";
import { createHubbleParser } from "./hubble";
import type { FlowParser, ParserOptions } from "./parse-result";

export { detectFormat } from "./detect-format";
export { parseLines, type ParseTally } from "./parse-lines";
export type { FlowParser, ParseResult, ParserOptions, SkipReason } from "./parse-result";

/** One parser per file or stream: VPC parsers remember the header line of their stream. */
export function createParser(kind: FlowSourceKind, options: ParserOptions = {}): FlowParser {
  switch (kind) {
    case "aws-vpc-flow":
      return createVpcFlowParser(options);
    case "aws-lattice":
      return createLatticeParser(options);
    case "hubble":
      return createHubbleParser(options);
    case "azure-nsg":
    case "azure-vnet":
      return createAzureParser(kind, options);
  }
}
