// The agent's own, time-bounded map of address → workload, learned from span resources
// (k8s.pod.ip, host.ip outside Kubernetes), so flows between pod IPs get workload names before
// they are aggregated. Pod IPs are reused: each address keeps a short history of who held it
// when, and a flow resolves to the holder at the flow's time (within a grace period).
import type { NormalizedSpan } from "@/lib/contracts/span";
import { resourceAddress } from "@/lib/rollup/address-observations";

interface Tenure {
  name: string;
  fromMs: number;
  toMs: number;
}

export interface AddressMapOptions {
  /** addresses remembered; the least recently seen go first */
  maxAddresses: number;
  /** a holder still counts this long before its first and after its last sighting */
  graceMs: number;
}

const HISTORY = 4;
const MAX_NAME = 512;

/** "namespace/workload" when the resource names its workload, else the service name. */
export function workloadName(span: Pick<NormalizedSpan, "k8sWorkload" | "k8sNamespace" | "service">): string {
  const name = span.k8sWorkload ? (span.k8sNamespace ? `${span.k8sNamespace}/${span.k8sWorkload}` : span.k8sWorkload) : span.service;
  return name.length > MAX_NAME ? name.slice(0, MAX_NAME) : name;
}

export class AddressMap {
  private readonly byAddress = new Map<string, Tenure[]>();

  constructor(private readonly options: AddressMapOptions = { maxAddresses: 50_000, graceMs: 5 * 60_000 }) {}

  get size(): number {
    return this.byAddress.size;
  }

  learn(span: NormalizedSpan): void {
    const address = resourceAddress(span);
    if (!address) return;
    const name = workloadName(span);
    const fromMs = Math.floor(span.startUs / 1000);
    const toMs = fromMs + Math.floor(span.durationUs / 1000);
    let history = this.byAddress.get(address);
    if (history) this.byAddress.delete(address); // re-inserted below: Map order is recency
    else history = [];
    const last = history[history.length - 1];
    if (last && last.name === name) {
      last.fromMs = Math.min(last.fromMs, fromMs);
      last.toMs = Math.max(last.toMs, toMs);
    } else {
      history.push({ name, fromMs, toMs });
      if (history.length > HISTORY) history.shift();
    }
    this.byAddress.set(address, history);
    if (this.byAddress.size > this.options.maxAddresses) {
      this.byAddress.delete(this.byAddress.keys().next().value as string);
    }
  }

  /** The workload holding `address` at `atMs`, or null when unknown then. */
  lookup(address: string, atMs: number): string | null {
    const history = this.byAddress.get(address);
    if (!history) return null;
    const g = this.options.graceMs;
    for (let i = history.length - 1; i >= 0; i--) {
      const t = history[i];
      if (atMs >= t.fromMs - g && atMs <= t.toMs + g) return t.name;
    }
    return null;
  }

  /** For the snapshot kept beside the checkpoint. */
  toJSON(): [string, Tenure[]][] {
    return [...this.byAddress];
  }

  load(entries: unknown): void {
    if (!Array.isArray(entries)) return;
    for (const e of entries) {
      if (!Array.isArray(e) || typeof e[0] !== "string" || !Array.isArray(e[1])) continue;
      const history = (e[1] as Tenure[]).filter((t) => typeof t?.name === "string" && Number.isFinite(t.fromMs) && Number.isFinite(t.toMs));
      if (history.length) this.byAddress.set(e[0], history.slice(-HISTORY));
    }
  }
}
