import http from "node:http";
import { describe, expect, it } from "vitest";
import { HttpListener } from "./http-listener";

/** A handler that answers only when `release` is called: a request in flight. */
function slowHandler() {
  let release = () => undefined as void;
  let started = () => undefined as void;
  const arrived = new Promise<void>((resolveArrived) => {
    started = resolveArrived;
  });
  function handler(_req: http.IncomingMessage, res: http.ServerResponse) {
    started();
    release = () => res.end("done");
  }
  return { handler, arrived, release: () => release() };
}

function get(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    http.get({ host: "127.0.0.1", port, path: "/", agent: false }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve(body));
      res.on("error", reject);
    }).on("error", reject);
  });
}

describe("HttpListener", () => {
  it("fails to start on a taken port, and stops twice safely", async () => {
    const a = new HttpListener({ host: "127.0.0.1", port: 0 }, (_q, s) => s.end("a"));
    const { port } = await a.start();
    const b = new HttpListener({ host: "127.0.0.1", port }, (_q, s) => s.end("b"));
    await expect(b.start()).rejects.toThrow(/EADDRINUSE/);
    expect(await get(port)).toBe("a");
    await a.stop("abort");
    await a.stop("abort");
    expect(a.address).toBeNull();
  });

  it("'finish' answers a request in flight before closing; 'abort' cuts it", async () => {
    const slow = slowHandler();
    const finishing = new HttpListener({ host: "127.0.0.1", port: 0 }, slow.handler);
    const answer = get((await finishing.start()).port);
    await slow.arrived;
    const stopped = finishing.stop("finish");
    slow.release();
    expect(await answer).toBe("done");
    await stopped;

    const cut = slowHandler();
    const aborting = new HttpListener({ host: "127.0.0.1", port: 0 }, cut.handler);
    const lost = get((await aborting.start()).port);
    await cut.arrived;
    await aborting.stop("abort");
    await expect(lost).rejects.toThrow();
  });
});
