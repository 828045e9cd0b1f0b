import "server-only";
// Reads a request body within a byte limit that applies AFTER decompression, so a gzip bomb is
// stopped as soon as its output passes the limit rather than after it filled memory.
import { promisify } from "node:util";
import zlib from "node:zlib";
import { AppError } from "@/lib/api/errors";

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);

async function readRaw(request: Request, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new AppError("payload_too_large", `body of ${declared} bytes exceeds the limit of ${maxBytes} bytes`);
  }
  if (!request.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new AppError("payload_too_large", `body exceeds the limit of ${maxBytes} bytes`);
    }
    chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  }
  return Buffer.concat(chunks, total);
}

export async function readBody(request: Request, maxBytes: number): Promise<Buffer> {
  const encoding = (request.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding !== "identity" && encoding !== "gzip" && encoding !== "deflate") {
    throw new AppError("unsupported_media_type", `content-encoding "${encoding}" is not supported (use gzip or none)`);
  }
  const raw = await readRaw(request, maxBytes);
  if (encoding === "identity") return raw;
  try {
    const inflater = encoding === "gzip" ? gunzip : inflate;
    return await inflater(raw, { maxOutputLength: maxBytes });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") {
      throw new AppError("payload_too_large", `body exceeds the limit of ${maxBytes} bytes after decompression`);
    }
    throw new AppError("bad_request", `body is not valid ${encoding} data`);
  }
}
