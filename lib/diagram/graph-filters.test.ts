import { describe, expect, it } from "vitest";
import { applyClientFilters, distinctNamespaces, focusSubgraph, namespaceSubgraph, probeLikeNodes, searchMatches } from "./graph-filters";
import { testEdge as edge, testGraph as graph, testNode as node } from "./graph-fixtures";

// user → web → api → db, web → probe-target; api and web in "shop", probe in "ops"; operations under api.
const g = graph(
  [
    node("user", { kind: "user" }),
    node("web", { namespace: "shop" }),
    node("api", { namespace: "shop", errors: 6 }),
    node("GET /a", { id: "operation:3:api/GET /a", kind: "operation", parent: "service:api", service: "api", errors: 6 }),
    node("GET /b", { id: "operation:3:api/GET /b", kind: "operation", parent: "service:api", service: "api" }),
    node("pg", { kind: "database" }),
    node("probe", { namespace: "ops" }),
  ],
  [
    edge("user:user", "service:web"),
    edge("service:web", "service:api", { errors: 6 }),
    edge("service:api", "database:pg", { kind: "database" }),
    edge("service:probe", "service:web"),
  ],
);
const nodeIds = (x: { nodes: { id: string }[] }) => x.nodes.map((n) => n.id).sort();

describe("focusSubgraph", () => {
  it("keeps the focus and everything within N hops in either direction, with their operations", () => {
    expect(nodeIds(focusSubgraph(g, "database:pg", 1))).toEqual(["database:pg", "operation:3:api/GET /a", "operation:3:api/GET /b", "service:api"]);
    expect(nodeIds(focusSubgraph(g, "database:pg", 2))).toContain("service:web");
    expect(nodeIds(focusSubgraph(g, "database:pg", 2))).not.toContain("user:user");
    expect(focusSubgraph(g, "database:pg", 1).edges.map((e) => e.id)).toEqual(["service:api->database:pg:database"]);
  });
  it("walks from an operation's service, and flags a focus that is not in the graph", () => {
    expect(nodeIds(focusSubgraph(g, "operation:3:api/GET /b", 1))).toEqual(expect.arrayContaining(["service:web", "database:pg", "operation:3:api/GET /a"]));
    expect(focusSubgraph(g, "service:nobody", 2)).toMatchObject({ nodes: [], edges: [], focusMissing: true });
  });
});

describe("namespaceSubgraph", () => {
  it("keeps the namespace's nodes and the virtual nodes they touch, cuts other namespaces", () => {
    const shop = namespaceSubgraph(g, "shop");
    expect(nodeIds(shop)).toEqual(["database:pg", "operation:3:api/GET /a", "operation:3:api/GET /b", "service:api", "service:web", "user:user"]);
    expect(shop.edges.map((e) => e.source)).not.toContain("service:probe");
    expect(distinctNamespaces(g)).toEqual(["ops", "shop"]);
  });
});

describe("applyClientFilters", () => {
  it("hides chosen nodes with their edges and their operations", () => {
    const out = applyClientFilters(g, { errorsOnly: false, hidden: ["service:probe", "service:api"] });
    expect(nodeIds(out)).toEqual(["database:pg", "service:web", "user:user"]);
    expect(out.edges.map((e) => e.id)).toEqual(["user:user->service:web:http"]);
  });
  it("only errors: failing edges, their endpoints, failing operations under their service", () => {
    const out = applyClientFilters(g, { errorsOnly: true, hidden: [] });
    expect(out.edges.map((e) => e.id)).toEqual(["service:web->service:api:http"]);
    expect(nodeIds(out)).toEqual(["operation:3:api/GET /a", "service:api", "service:web"]);
  });
  it("does nothing without filters", () => {
    expect(applyClientFilters(g, { errorsOnly: false, hidden: [] })).toBe(g);
  });
});

describe("searchMatches", () => {
  it("matches names and operations' services, case-insensitively; empty text matches nothing", () => {
    expect([...searchMatches(g, "API")].sort()).toEqual(["operation:3:api/GET /a", "operation:3:api/GET /b", "service:api"]);
    expect(searchMatches(g, "  ").size).toBe(0);
  });
});

describe("probeLikeNodes", () => {
  it("suggests probes, scrapers and synthetic checks by name, never operations", () => {
    const h = graph([node("probe"), node("prometheus-scraper"), node("Blackbox-Exporter"), node("web"), node("GET /probe", { kind: "operation", parent: "service:web" })], []);
    expect(probeLikeNodes(h)).toEqual(["service:probe", "service:prometheus-scraper", "service:Blackbox-Exporter"]);
  });
});
