"use client";
// The demo panel: inject one of the simulator's faults and watch the graph react. Shown only
// when a simulator answers (`npm start` on the embedded database); real deployments never see it.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { demoFaultsQuery, startDemoFault, stopDemoFault } from "@/components/queries/demo-queries";
import { queryKeys } from "@/components/queries/query-keys";

const DURATIONS = ["1m", "5m", "15m"];

export function DemoPanel() {
  const client = useQueryClient();
  const state = useQuery(demoFaultsQuery());
  const [name, setName] = useState("");
  const [target, setTarget] = useState("");
  const [duration, setDuration] = useState("5m");
  const refresh = () => client.invalidateQueries({ queryKey: queryKeys.demoFaults() });
  const start = useMutation({ mutationFn: startDemoFault, onSuccess: refresh });
  const stop = useMutation({ mutationFn: stopDemoFault, onSuccess: refresh });

  if (!state.data?.available) return null;
  const chosen = state.data.catalogue.find((c) => c.name === name) ?? state.data.catalogue[0];
  // "Now" is when the list was fetched (it refetches every 5 s): render stays pure.
  const now = state.dataUpdatedAt;

  return (
    <section className="demo-panel" aria-labelledby="demo-title">
      <h2 id="demo-title">Demo: inject a fault</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          start.mutate({ name: chosen.name, target: target.trim() || undefined, duration });
        }}
      >
        <label>
          Fault{" "}
          <select aria-label="Fault" value={chosen.name} onChange={(e) => setName(e.target.value)}>
            {state.data.catalogue.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name} ({c.layer})
              </option>
            ))}
          </select>
        </label>{" "}
        <label>
          Target{" "}
          <input aria-label="Target" value={target} placeholder={chosen.defaultTarget} onChange={(e) => setTarget(e.target.value)} size={24} />
        </label>{" "}
        <label>
          For{" "}
          <select aria-label="Duration" value={duration} onChange={(e) => setDuration(e.target.value)}>
            {DURATIONS.map((d) => (
              <option key={d}>{d}</option>
            ))}
          </select>
        </label>{" "}
        <button type="submit" disabled={start.isPending}>
          Inject
        </button>
      </form>
      <p className="muted">{chosen.description}</p>
      {start.error && <p className="panel-error" role="alert">{start.error.message}</p>}
      <ul aria-label="active faults">
        {state.data.faults
          .filter((f) => f.endMs > now)
          .map((f) => (
            <li key={f.id}>
              <strong>{f.name}</strong> on {JSON.stringify(f.target)} until {new Date(f.endMs).toLocaleTimeString()}{" "}
              <button type="button" onClick={() => stop.mutate(f.id)}>
                Stop
              </button>
            </li>
          ))}
      </ul>
    </section>
  );
}
