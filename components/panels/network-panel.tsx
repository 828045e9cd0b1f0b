"use client";
// The network layer's panel: a network edge's or a network node's drilldown, by the selected id.
import type { ViewState } from "@/components/dashboard/view-state";
import { NetworkEdgePanel } from "./network-edge-panel";
import { NetworkNodePanel } from "./network-node-panel";

interface Props {
  id: string;
  view: ViewState;
  onClose(): void;
  onSelectEdge(id: string): void;
}

export function NetworkPanel({ id, view, onClose, onSelectEdge }: Props) {
  return id.includes("->") ? (
    <NetworkEdgePanel key={id} id={id} view={view} onClose={onClose} />
  ) : (
    <NetworkNodePanel key={id} id={id} view={view} onClose={onClose} onSelectEdge={onSelectEdge} />
  );
}
