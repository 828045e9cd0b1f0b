import { describe, expect, it } from "vitest";
import { edgeId, nodeId } from "./graph";
import { parseEdgeRef } from "./edge-detail";

describe("parseEdgeRef", () => {
  it("reads a graph edge id back into client, server and type", () => {
    expect(parseEdgeRef(edgeId(nodeId("service", "web"), nodeId("service", "catalog"), "http"))).toEqual({ client: "web", server: "catalog", kind: "http" });
    expect(parseEdgeRef("service:api->database:orders-db:database")).toEqual({ client: "api", server: "orders-db", kind: "database" });
  });
  it("keeps colons inside service names", () => {
    expect(parseEdgeRef("service:ns:web->external:api.example.com:443:http")).toEqual({ client: "ns:web", server: "api.example.com:443", kind: "http" });
  });
  it("reads the client,server,type form", () => {
    expect(parseEdgeRef("web,catalog,grpc")).toEqual({ client: "web", server: "catalog", kind: "grpc" });
  });
  it("refuses anything else", () => {
    for (const bad of ["", "web", "web,catalog", "a,,b", "service:a->", "->service:b:http", "service:a->service:b"]) expect(parseEdgeRef(bad)).toBeNull();
  });
});
