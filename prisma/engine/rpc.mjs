// JSON-RPC 2.0 framing as the Prisma CLI speaks it to its schema engine: one JSON object per line on
// the engine's stdin (requests) and stdout (responses). The engine may also send the CLI a `print`
// request, which the CLI writes to the user's stdout and acknowledges on our stdin.
import readline from "node:readline";

/**
 * Serves requests from `input` one at a time (the engine is not re-entrant, and the CLI waits for
 * each answer anyway) until `input` ends and the last answer is written.
 *
 * @param {{
 *   input: NodeJS.ReadableStream,
 *   output: NodeJS.WritableStream,
 *   handle: (method: string, params: unknown, context: { print: (content: string) => Promise<void> }) => Promise<unknown>,
 *   toError: (error: unknown) => RpcError | Promise<RpcError>,
 * }} options
 * @typedef {{ code: number, message: string, data?: unknown }} RpcError
 */
export function serveJsonRpc({ input, output, handle, toError }) {
  const pendingPrints = new Map();
  let nextPrintId = 1;
  let queue = Promise.resolve();

  const send = (message) =>
    new Promise((resolve) => {
      output.write(`${JSON.stringify(message)}\n`, () => resolve());
    });

  // Our own request ids count down from -1 so they can never collide with the CLI's ids.
  const print = (content) => {
    const id = -nextPrintId++;
    const acknowledged = new Promise((resolve) => pendingPrints.set(id, resolve));
    void send({ jsonrpc: "2.0", id, method: "print", params: { content } });
    return acknowledged;
  };

  const serve = async (request) => {
    try {
      const result = await handle(request.method, request.params, { print });
      // JSON-RPC needs a `result` member: a void method answers null, which the CLI accepts.
      await send({ jsonrpc: "2.0", id: request.id, result: result ?? null });
    } catch (error) {
      await send({ jsonrpc: "2.0", id: request.id, error: await toError(error) });
    }
  };

  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  lines.on("line", (line) => {
    if (line.trim() === "") return;
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      void send({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } });
      return;
    }
    if (typeof message.method === "string") {
      queue = queue.then(() => serve(message));
    } else if (pendingPrints.has(message.id)) {
      pendingPrints.get(message.id)();
      pendingPrints.delete(message.id);
    }
  });

  return new Promise((resolve) => {
    lines.on("close", () => {
      // Nobody is left to acknowledge a print once stdin has closed.
      for (const acknowledge of pendingPrints.values()) acknowledge();
      resolve(queue);
    });
  });
}
