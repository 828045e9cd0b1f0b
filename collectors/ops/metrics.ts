// A small Prometheus registry: counters with labels, gauges read when scraped, rendered in the
// text exposition format (version 0.0.4). The agent's metrics are few; a client library would
// be a dependency for forty lines.
type Labels = Record<string, string>;

function labelText(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"')}"`);
  return parts.length ? `{${parts.join(",")}}` : "";
}

export class Counter {
  private readonly values = new Map<string, { labels: Labels; value: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  inc(labels: Labels = {}, by = 1): void {
    if (by === 0) return;
    const key = labelText(labels);
    const entry = this.values.get(key);
    if (entry) entry.value += by;
    else this.values.set(key, { labels, value: by });
  }

  get(labels: Labels = {}): number {
    return this.values.get(labelText(labels))?.value ?? 0;
  }

  /** Sum over every label set. */
  total(): number {
    let n = 0;
    for (const e of this.values.values()) n += e.value;
    return n;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const { labels, value } of this.values.values()) lines.push(`${this.name}${labelText(labels)} ${value}`);
    return lines.join("\n");
  }
}

export type GaugeReader = () => number | { labels: Labels; value: number }[];

export class Gauge {
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly read: GaugeReader,
  ) {}

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`];
    const v = this.read();
    if (typeof v === "number") lines.push(`${this.name} ${v}`);
    else for (const s of v) lines.push(`${this.name}${labelText(s.labels)} ${s.value}`);
    return lines.join("\n");
  }
}

export class Registry {
  private readonly metrics: (Counter | Gauge)[] = [];

  counter(name: string, help: string): Counter {
    const c = new Counter(name, help);
    this.metrics.push(c);
    return c;
  }

  gauge(name: string, help: string, read: GaugeReader): Gauge {
    const g = new Gauge(name, help, read);
    this.metrics.push(g);
    return g;
  }

  render(): string {
    return `${this.metrics.map((m) => m.render()).join("\n")}\n`;
  }
}
