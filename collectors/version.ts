// The agent's version, sent with every batch (IngestBatch.agent.version).
export const COLLECTOR_VERSION = "0.1.0";
