// Serves the real /api/v1 and OTLP route handlers over HTTP on a random local port, without
// Next.js, so integration tests can drive them with real clients (the OpenTelemetry exporter,
// the collector's exporter) in milliseconds. The browser tests cover Next.js's own routing.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";

// Route handlers declare their own params shape ({ id: string } …); the server hands them the
// params it matched, so the context is typed loosely here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (request: Request, context: { params: Promise<any> }) => Promise<Response>;
export interface Route {
  method: string;
  /** path pattern with :params, e.g. /api/v1/clusters/:id/tokens */
  path: string;
  handler: Handler;
}

function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split("/");
  const a = path.split("/");
  if (p.length !== a.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(":")) params[p[i].slice(1)] = decodeURIComponent(a[i]);
    else if (p[i] !== a[i]) return null;
  }
  return params;
}

export interface RouteServer {
  url: string;
  close(): Promise<void>;
}

export async function startRouteServer(routes: Route[]): Promise<RouteServer> {
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const route = routes.map((r) => ({ r, params: r.method === req.method ? match(r.path, url.pathname) : null })).find((x) => x.params);
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const request = new Request(url, {
      method: req.method,
      headers: Object.entries(req.headers).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : v ? [[k, v]] : [])) as [string, string][],
      body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
      // @ts-expect-error -- Node's fetch needs duplex for a streamed request body
      duplex: "half",
    });
    try {
      const response = await route.r.handler(request, { params: Promise.resolve(route.params!) });
      const headers = Object.fromEntries(response.headers);
      // Answered before the body was read (413, 401): close the connection, as a real server
      // does, so the unread rest of the body is not taken for the next request.
      if (hasBody && !req.readableEnded) headers.connection = "close";
      res.writeHead(response.status, headers);
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
