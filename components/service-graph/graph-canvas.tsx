"use client";
// The cytoscape canvas. Mounted once (STYLE.md 10): cytoscape is imported in the mount effect
// (never on the server), created on one container div and destroyed on unmount. New data is
// applied as a patch by stable id inside cy.batch (STYLE.md 11). A full layout runs on the first
// data and whenever no node survives (a layer switch); a node that appears later is placed
// beside its neighbours, so existing nodes never move. The viewport belongs to the user from
// their first pan or zoom until they press Fit (STYLE.md 12). When the user changes the view's
// structure (layer, grouping, a collapse, a filter, a focus) and the topology changes with it,
// cose re-runs from the current positions; a live refresh never triggers that.
// Colours are read from the page's CSS variables and the stylesheet is rebuilt on a theme change.
import type cytoscapeFactory from "cytoscape";
import type { Core, ElementDefinition, NodeSingular, StylesheetJson } from "cytoscape";
import { useEffect, useImperativeHandle, useRef, useState, type Ref } from "react";
import { compoundLayout, type FlatLayout } from "./compound-layout";
import { diffElements } from "./element-diff";
import { toElements } from "./elements";
import { forceLayout } from "./force-layout";
import { graphStylesheet } from "./graph-style";
import { LazyLabels } from "./lazy-labels";
import { documentTheme, watchTheme } from "./graph-theme";
import type { ViewGraph } from "./grouping";
import { aspectFactors, placeNear } from "./placement";
import { installTestHook, type GraphHookState } from "./test-hook";

export interface GraphCanvasHandle {
  fit(): void;
  relayout(): void;
}

interface Props {
  /** the graph to draw, already filtered and grouped; undefined until data arrives */
  graph: ViewGraph | undefined;
  /** changes when the user changes what is drawn (not on a refresh): allows a re-layout */
  structureKey: string;
  selectedId: string | null;
  /** node ids matching the search: the rest is dimmed; null when no search is active */
  matches: ReadonlySet<string> | null;
  focusId: string | null;
  onSelect(id: string | null, group: "nodes" | "edges" | null): void;
  onToggleGroup(id: string): void;
  ref?: Ref<GraphCanvasHandle>;
}

// cose (force-directed, built in) rather than breadthfirst: in a tree layout an edge that skips
// a level (user → cart beside user → web → cart) runs straight through the middle node.
// It starts from a circle (randomize: false), so the result depends only on the elements and a
// reload draws the same picture.
// nodeDimensionsIncludeLabels keeps labels from landing on neighbours.
const LAYOUT = {
  name: "cose", animate: false, fit: false, randomize: false, nodeDimensionsIncludeLabels: true,
  idealEdgeLength: () => 90, nodeRepulsion: () => 200_000, nodeOverlap: 40, nestingFactor: 1.2, padding: 40,
} as const;

const MAX_FIT_ZOOM = 1.8;

// Above this many nodes (flat) or boxes (one level of a compound layout), cose is replaced by
// forceLayout: cose blocks the main thread for seconds at the 300-node budget (7 s in bench:ui,
// about 7 ms per iteration), forceLayout takes a fraction of a second. Below it cose stays: its
// pictures of small graphs are the ones users and the end-to-end tests know.
export const FAST_LAYOUT_ABOVE = 150;

/** cose over plain boxes in a headless instance: one level of the compound layout. */
function coseOverBoxes(cytoscape: typeof cytoscapeFactory): FlatLayout {
  return (nodes, edges) => {
    if (nodes.length > FAST_LAYOUT_ABOVE) return forceLayout(nodes, edges);
    const h = cytoscape({
      headless: true,
      styleEnabled: true,
      elements: [
        ...nodes.map((n) => ({ group: "nodes" as const, data: { id: n.id, w: n.width, h: n.height } })),
        ...edges.map((e, i) => ({ group: "edges" as const, data: { id: `e${i}`, source: e.source, target: e.target } })),
      ],
      style: [{ selector: "node", style: { width: "data(w)", height: "data(h)" } }] as unknown as StylesheetJson,
    });
    h.layout({ name: "circle", animate: false, fit: false, radius: 80 * Math.sqrt(nodes.length + 1) }).run();
    h.layout({ ...LAYOUT, nodeDimensionsIncludeLabels: false, nodeOverlap: 60 }).run();
    const out = new Map(h.nodes().map((n) => [n.id(), { ...n.position() }]));
    h.destroy();
    return out;
  };
}

export function GraphCanvas({ graph, structureKey, selectedId, matches, focusId, onSelect, onToggleGroup, ref }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const labelsRef = useRef<LazyLabels | null>(null);
  const factoryRef = useRef<typeof cytoscapeFactory | null>(null);
  const userOwnsViewport = useRef(false);
  const programmatic = useRef(false);
  const onSelectRef = useRef(onSelect);
  const onToggleRef = useRef(onToggleGroup);
  const appliedStructure = useRef(structureKey);
  const [ready, setReady] = useState(false);
  const [hook, setHook] = useState<GraphHookState>({ nodes: 0, edges: 0, selected: null, layouts: 0, patches: 0 });

  useEffect(() => {
    onSelectRef.current = onSelect;
    onToggleRef.current = onToggleGroup;
  }, [onSelect, onToggleGroup]);

  const fitIfOwned = (cy: Core) => {
    if (userOwnsViewport.current || cy.elements().empty()) return;
    programmatic.current = true;
    cy.fit(undefined, 40);
    // A small graph is drawn large enough that its edge labels show (they appear from 1.2x),
    // but not so large that three nodes fill the screen.
    if (cy.zoom() > MAX_FIT_ZOOM) cy.zoom({ level: MAX_FIT_ZOOM, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    programmatic.current = false;
  };

  const runLayout = (cy: Core, fromScratch: boolean) => {
    // Node label sizes shape the layout (nodeDimensionsIncludeLabels, the boxes): all of them current.
    labelsRef.current?.flush(true);
    if (cy.nodes(":parent").nonempty() && factoryRef.current) {
      // Groups or services holding operations: lay out bottom-up so compounds never overlap.
      const leaves = cy.nodes().not(":parent");
      const positions = compoundLayout(
        cy.nodes().map((n) => {
          const box = n.isParent() ? { w: 0, h: 0 } : n.boundingBox({ includeLabels: true, includeOverlays: false });
          return { id: n.id(), parent: n.parent().nonempty() ? n.parent().first().id() : undefined, width: box.w, height: box.h };
        }),
        cy.edges().map((e) => ({ source: e.source().id(), target: e.target().id() })),
        coseOverBoxes(factoryRef.current),
      );
      cy.batch(() => leaves.forEach((n) => void n.position(positions.get(n.id()) ?? n.position())));
      setHook((h) => ({ ...h, layouts: h.layouts + 1 }));
      fitIfOwned(cy);
      labelsRef.current?.flushSoon(); // elements moved: some labels may be in view now
      return;
    }
    if (fromScratch) {
      // Seed positions on a circle with siblings (operations of one service, members of one
      // group) side by side, so a compound starts small instead of spanning the whole circle.
      const leaves = cy.nodes().not(":parent");
      const order = (n: NodeSingular) => n.ancestors().map((a) => a.id()).reverse().concat(n.id()).join("\u0000");
      leaves.layout({ name: "circle", animate: false, fit: false, radius: 60 * Math.sqrt(leaves.length + 1), sort: (a, b) => (order(a) < order(b) ? -1 : 1) }).run();
    }
    const all = cy.nodes();
    if (all.length > FAST_LAYOUT_ABOVE) {
      const boxes = all.map((n) => {
        const box = n.boundingBox({ includeLabels: true, includeOverlays: false });
        return { id: n.id(), width: box.w, height: box.h, ...n.position() };
      });
      const positions = forceLayout(boxes, cy.edges().map((e) => ({ source: e.data("source") as string, target: e.data("target") as string })));
      cy.batch(() => all.forEach((n) => void n.position(positions.get(n.id()) ?? n.position())));
    } else cy.layout(LAYOUT).run();
    // Give the drawing the canvas's shape, so the fit is not limited by the height alone.
    const { sx, sy } = aspectFactors(cy.nodes().map((n) => n.position()), cy.width(), cy.height());
    if (sx !== 1) cy.batch(() => cy.nodes().forEach((n) => void n.position({ x: n.position("x") * sx, y: n.position("y") * sy })));
    setHook((h) => ({ ...h, layouts: h.layouts + 1 }));
    fitIfOwned(cy);
    labelsRef.current?.flushSoon(); // elements moved: some labels may be in view now
  };

  useImperativeHandle(ref, () => ({
    fit() {
      const cy = cyRef.current;
      if (!cy) return;
      userOwnsViewport.current = false;
      fitIfOwned(cy);
    },
    relayout() {
      if (cyRef.current) runLayout(cyRef.current, false);
    },
  }));

  // Mount once.
  useEffect(() => {
    let cancelled = false;
    let cy: Core | null = null;
    let removeHook = () => {};
    void import("cytoscape").then(({ default: cytoscape }) => {
      if (cancelled || !container.current) return;
      factoryRef.current = cytoscape;
      cy = cytoscape({
        container: container.current,
        style: graphStylesheet(documentTheme()) as unknown as StylesheetJson,
        autounselectify: true,
        boxSelectionEnabled: false,
        minZoom: 0.1,
        maxZoom: 4,
        wheelSensitivity: 0.3,
      });
      const unwatchTheme = watchTheme(() => cy?.style(graphStylesheet(documentTheme()) as unknown as StylesheetJson));
      const labels = new LazyLabels(cy);
      labelsRef.current = labels;
      cy.on("viewport", () => {
        if (!programmatic.current) userOwnsViewport.current = true;
        // Zooming in or panning brings labels into view that a refresh left out of date.
        labels.flushSoon();
      });
      // A collapsed group expands on a click; an expanded one (a frame around its members)
      // collapses on a double click, so panning inside the frame does not fold it away.
      cy.on("tap", (e) => {
        const target = e.target as Core | { id(): string; isNode(): boolean; data(k: string): unknown };
        if (target === cy) onSelectRef.current(null, null);
        else if ("isNode" in target && target.data("kind") === "group") {
          if (target.data("collapsed")) onToggleRef.current(target.id());
        } else if ("isNode" in target) onSelectRef.current(target.id(), target.isNode() ? "nodes" : "edges");
      });
      cy.on("dbltap", "node[kind = 'group']", (e) => {
        if (!e.target.data("collapsed")) onToggleRef.current(e.target.id());
      });
      cy.on("mouseover", "node, edge", (e) => {
        labels.flushOne(e.target.id());
        e.target.addClass("hover");
      });
      cy.on("mouseout", "node, edge", (e) => e.target.removeClass("hover"));
      cyRef.current = cy;
      // The container changes size when a panel opens or the window resizes; cytoscape only
      // notices through resize().
      const observer = new ResizeObserver(() => {
        if (!cy) return;
        cy.resize();
        fitIfOwned(cy);
      });
      observer.observe(container.current);
      const uninstall = installTestHook(cy, container.current, (id) => labels.label(id));
      removeHook = () => {
        labels.dispose();
        observer.disconnect();
        unwatchTheme();
        uninstall();
      };
      setReady(true);
    });
    return () => {
      cancelled = true;
      removeHook();
      cy?.destroy();
      cyRef.current = null;
      labelsRef.current = null;
    };
  }, []);

  // Patch on new data or a new view structure.
  useEffect(() => {
    const cy = cyRef.current;
    if (!ready || !cy || !graph) return;
    const labels = labelsRef.current!;
    const current = new Map(cy.elements().map((e) => [e.id(), e.data() as Record<string, unknown>]));
    const next = toElements(graph, (id) => current.get(id)?.width as number | undefined);
    labels.remember(next);
    const patch = diffElements(current, next, labels.defer);
    const empty = patch.add.length + patch.remove.length + patch.update.length + patch.move.length === 0;
    const removed = new Set(patch.remove);
    const survivors = cy.nodes().filter((n) => !removed.has(n.id())).length;
    const fullLayout = patch.topologyChanged && survivors === 0;
    const restructure = patch.topologyChanged && !fullLayout && appliedStructure.current !== structureKey;
    // Neighbours of every node, only needed to place added nodes (a metric-only refresh skips it).
    const edgesOf = new Map<string, string[]>();
    if (!fullLayout && patch.add.some((x) => x.group === "nodes"))
      for (const e of graph.edges) {
        if (!edgesOf.has(e.source)) edgesOf.set(e.source, []);
        if (!edgesOf.has(e.target)) edgesOf.set(e.target, []);
        edgesOf.get(e.source)!.push(e.target);
        edgesOf.get(e.target)!.push(e.source);
      }
    // Nothing drawn changed (the usual metric-only refresh): leave cytoscape alone, since even an
    // empty batch may schedule a redraw of the whole canvas.
    if (!empty) cy.batch(() => {
      // A group that collapses loses its children: keep it where their frame was.
      const keepAt = new Map(patch.update.filter((u) => u.data.collapsed === true && cy.$id(u.id).isParent()).map((u) => [u.id, { ...cy.$id(u.id).position() }]));
      const addedNodes = patch.add.filter((x) => x.group === "nodes") as ElementDefinition[];
      // One add for many elements: cytoscape builds one collection and notifies once (adding the
      // 1,800 elements of the first render one by one cost about a quarter of its script time).
      if (fullLayout) cy.add(addedNodes);
      else {
        const placed = cy.nodes().map((n) => ({ ...n.position() }));
        for (const def of addedNodes) {
          const parent = typeof def.data.parent === "string" ? cy.$id(def.data.parent) : null;
          const neighbours = (edgesOf.get(def.data.id!) ?? []).map((id) => cy.$id(id)).filter((n) => n.nonempty() && !n.isParent()).map((n) => ({ ...n.position() }));
          if (neighbours.length === 0 && parent?.nonempty()) neighbours.push({ ...parent.position() });
          def.position = placeNear(neighbours, placed);
          placed.push(def.position);
          cy.add(def);
        }
      }
      for (const m of patch.move) cy.$id(m.id).move({ parent: m.parent });
      for (const u of patch.update) {
        cy.$id(u.id).data(u.data);
        if ("label" in u.data) labels.written(u.id);
      }
      for (const id of patch.remove) cy.$id(id).remove();
      for (const [id, p] of keepAt) cy.$id(id).position(p);
      cy.add(patch.add.filter((x) => x.group === "edges").map((e) => labels.addedEdge(e) as ElementDefinition));
    });
    if (fullLayout) runLayout(cy, true);
    else if (restructure) runLayout(cy, false);
    else if (patch.topologyChanged) fitIfOwned(cy);
    if (patch.topologyChanged) appliedStructure.current = structureKey;
    setHook((h) => ({ ...h, nodes: cy.nodes().length, edges: cy.edges().length, patches: h.patches + 1 }));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runLayout and fitIfOwned only touch refs and state setters
  }, [graph, ready, structureKey]);

  // Search and focus are classes over the drawn elements, never a refetch or a layout.
  useEffect(() => {
    const cy = cyRef.current;
    if (!ready || !cy) return;
    cy.batch(() => {
      cy.elements(".dimmed, .match, .focus").removeClass("dimmed match focus");
      if (matches) {
        const lit = cy.collection();
        for (const id of matches) lit.merge(cy.$id(id));
        lit.addClass("match");
        const keep = lit.union(lit.ancestors());
        cy.nodes().difference(keep).addClass("dimmed");
        cy.edges().filter((e) => !e.source().hasClass("match") && !e.target().hasClass("match")).addClass("dimmed");
      }
      if (focusId) cy.$id(focusId).addClass("focus");
    });
  }, [matches, focusId, ready, graph]);

  // Selection is owned by the URL; the canvas only mirrors it as a class.
  useEffect(() => {
    const cy = cyRef.current;
    if (!ready || !cy) return;
    cy.batch(() => {
      cy.elements(".selected, .neighbour").removeClass("selected neighbour");
      if (selectedId) {
        const labels = labelsRef.current!;
        labels.flushOne(selectedId);
        const el = cy.$id(selectedId).addClass("selected");
        // A selected node shows the labels of its edges at any zoom.
        if (el.nonempty() && el.isNode()) el.connectedEdges().forEach((e) => void labels.flushOne(e.id())).addClass("neighbour");
      }
    });
    setHook((h) => ({ ...h, selected: selectedId && cy.$id(selectedId).nonempty() ? selectedId : null }));
  }, [selectedId, ready, graph]);

  return (
    <div className="graph-canvas-wrap">
      <div ref={container} className="graph-canvas" role="img" aria-label={`${graph?.layer ?? "service"} graph: ${hook.nodes} nodes, ${hook.edges} edges`} />
      <div
        data-testid="graph-state"
        className="visually-hidden"
        data-ready={ready ? "true" : "false"}
        data-nodes={hook.nodes}
        data-edges={hook.edges}
        data-selected={hook.selected ?? ""}
        data-layouts={hook.layouts}
        data-patches={hook.patches}
      >
        {`nodes ${hook.nodes}, edges ${hook.edges}, selected ${hook.selected ?? "none"}, layouts ${hook.layouts}`}
      </div>
    </div>
  );
}
