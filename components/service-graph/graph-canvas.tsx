"use client";
// The cytoscape canvas. Mounted once (STYLE.md 10): cytoscape is imported in the mount effect
// (never on the server), created on one container div and destroyed on unmount. New data is
// applied as a patch by stable id inside cy.batch (STYLE.md 11). A full layout runs on the first
// data and whenever no node survives (a layer switch); a node that appears later is placed
// beside its neighbours, so existing nodes never move. The viewport belongs to the user from
// their first pan or zoom until they press Fit (STYLE.md 12).
import type { Core, ElementDefinition, StylesheetJson } from "cytoscape";
import { useEffect, useImperativeHandle, useRef, useState, type Ref } from "react";
import type { Graph } from "@/lib/contracts/graph";
import { diffElements } from "./element-diff";
import { toElements } from "./elements";
import { graphStylesheet } from "./graph-style";
import { placeNear } from "./placement";
import { installTestHook, type GraphHookState } from "./test-hook";

export interface GraphCanvasHandle {
  fit(): void;
  relayout(): void;
}

interface Props {
  graph: Graph | undefined;
  selectedId: string | null;
  onSelect(id: string | null, group: "nodes" | "edges" | null): void;
  ref?: Ref<GraphCanvasHandle>;
}

// cose (force-directed, built in) rather than breadthfirst: in a tree layout an edge that skips
// a level (user → cart beside user → web → cart) runs straight through the middle node.
// It starts from a circle (randomize: false), so the result depends only on the elements and a
// reload draws the same picture.
const LAYOUT = { name: "cose", animate: false, fit: false, randomize: false, idealEdgeLength: () => 110, nodeRepulsion: () => 400_000, nodeOverlap: 40, padding: 40 } as const;

export function GraphCanvas({ graph, selectedId, onSelect, ref }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const userOwnsViewport = useRef(false);
  const programmatic = useRef(false);
  const onSelectRef = useRef(onSelect);
  const [ready, setReady] = useState(false);
  const [hook, setHook] = useState<GraphHookState>({ nodes: 0, edges: 0, selected: null, layouts: 0, patches: 0 });

  useEffect(() => {
    onSelectRef.current = onSelect;
  }, [onSelect]);

  const fitIfOwned = (cy: Core) => {
    if (userOwnsViewport.current || cy.elements().empty()) return;
    programmatic.current = true;
    cy.fit(undefined, 40);
    if (cy.zoom() > 1.6) cy.zoom({ level: 1.6, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    programmatic.current = false;
  };

  const runLayout = (cy: Core, fromScratch: boolean) => {
    if (fromScratch) cy.layout({ name: "circle", animate: false, fit: false, radius: 60 * Math.sqrt(cy.nodes().length + 1) }).run();
    cy.layout(LAYOUT).run();
    setHook((h) => ({ ...h, layouts: h.layouts + 1 }));
    fitIfOwned(cy);
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
      cy = cytoscape({
        container: container.current,
        style: graphStylesheet() as unknown as StylesheetJson,
        autounselectify: true,
        boxSelectionEnabled: false,
        minZoom: 0.2,
        maxZoom: 3,
        wheelSensitivity: 0.3,
      });
      cy.on("viewport", () => {
        if (!programmatic.current) userOwnsViewport.current = true;
      });
      cy.on("tap", (e) => {
        const target = e.target as Core | { id(): string; isNode(): boolean };
        if (target === cy) onSelectRef.current(null, null);
        else if ("isNode" in target) onSelectRef.current(target.id(), target.isNode() ? "nodes" : "edges");
      });
      cy.on("mouseover", "node, edge", (e) => e.target.addClass("hover"));
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
      const uninstall = installTestHook(cy, container.current);
      removeHook = () => {
        observer.disconnect();
        uninstall();
      };
      setReady(true);
    });
    return () => {
      cancelled = true;
      removeHook();
      cy?.destroy();
      cyRef.current = null;
    };
  }, []);

  // Patch on new data.
  useEffect(() => {
    const cy = cyRef.current;
    if (!ready || !cy || !graph) return;
    const current = new Map(cy.elements().map((e) => [e.id(), e.data() as Record<string, unknown>]));
    const patch = diffElements(current, toElements(graph));
    const survivors = cy.nodes().length - patch.remove.filter((id) => cy.$id(id).isNode()).length;
    const fullLayout = patch.topologyChanged && survivors === 0;
    cy.batch(() => {
      for (const id of patch.remove) cy.$id(id).remove();
      for (const u of patch.update) cy.$id(u.id).data(u.data);
      const placed = cy.nodes().map((n) => ({ ...n.position() }));
      for (const e of patch.add) {
        const def = e as ElementDefinition;
        if (e.group === "nodes" && !fullLayout) {
          const neighbours = graph.edges
            .filter((x) => x.source === e.data.id || x.target === e.data.id)
            .map((x) => cy.$id(x.source === e.data.id ? x.target : x.source))
            .filter((n) => n.nonempty())
            .map((n) => ({ ...n.position() }));
          def.position = placeNear(neighbours, placed);
          placed.push(def.position);
        }
        cy.add(def);
      }
    });
    if (fullLayout) runLayout(cy, true);
    else if (patch.topologyChanged) fitIfOwned(cy);
    setHook((h) => ({ ...h, nodes: cy.nodes().length, edges: cy.edges().length, patches: h.patches + 1 }));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runLayout and fitIfOwned only touch refs and state setters
  }, [graph, ready]);

  // Selection is owned by the URL; the canvas only mirrors it as a class.
  useEffect(() => {
    const cy = cyRef.current;
    if (!ready || !cy) return;
    cy.batch(() => {
      cy.elements(".selected").removeClass("selected");
      if (selectedId) cy.$id(selectedId).addClass("selected");
    });
    setHook((h) => ({ ...h, selected: selectedId && cy.$id(selectedId).nonempty() ? selectedId : null }));
  }, [selectedId, ready, graph]);

  return (
    <div className="graph-canvas-wrap">
      <div ref={container} className="graph-canvas" role="img" aria-label={`service graph: ${hook.nodes} nodes, ${hook.edges} edges`} />
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
