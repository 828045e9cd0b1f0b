// What every layer query reads: a minute-aligned window and, optionally, one cluster.
export interface GraphScope {
  fromMs: number;
  toMs: number;
  /** restrict to one cluster; all clusters when null */
  clusterId: number | null;
}
