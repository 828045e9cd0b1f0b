// Reads an OTLP/HTTP request body within a byte limit that applies AFTER decompression: a small
// gzip bomb is stopped as soon as its output passes the limit, before it fills memory.
import type { IncomingMessage } from "node:http";
import zlib from "node:zlib";

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
    this.name = "BodyError";
  }
}

export type ContentEncoding = "identity" | "gzip" | "deflate";

export function contentEncodingOf(header: string | undefined): ContentEncoding {
  const value = (header ?? "identity").trim().toLowerCase();
  if (value === "" || value === "identity") return "identity";
  if (value === "gzip" || value === "x-gzip") return "gzip";
  if (value === "deflate") return "deflate";
  throw new BodyError(415, `content-encoding "${value}" is not supported (use gzip or none)`);
}

export function readRequestBody(req: IncomingMessage, encoding: ContentEncoding, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) {
    return Promise.reject(new BodyError(413, `body of ${declared} bytes exceeds the limit of ${maxBytes} bytes`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const fail = (err: BodyError) => {
      if (settled) return;
      settled = true;
      req.unpipe();
      reject(err);
    };
    const source = encoding === "identity" ? req : req.pipe(encoding === "gzip" ? zlib.createGunzip() : zlib.createInflate());
    let raw = 0;
    if (encoding !== "identity") {
      req.on("data", (c: Buffer) => {
        raw += c.length;
        if (raw > maxBytes) fail(new BodyError(413, `body exceeds the limit of ${maxBytes} bytes`));
      });
    }
    source.on("data", (c: Buffer) => {
      if (settled) return;
      total += c.length;
      if (total > maxBytes) {
        fail(new BodyError(413, `body exceeds the limit of ${maxBytes} bytes${encoding === "identity" ? "" : " after decompression"}`));
        if (source !== req) (source as zlib.Gunzip).destroy();
        return;
      }
      chunks.push(c);
    });
    source.on("error", () => fail(new BodyError(400, `body is not valid ${encoding} data`)));
    req.on("error", () => fail(new BodyError(400, "request body was interrupted")));
    source.on("end", () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks, total));
    });
  });
}
