// The baseline the agent is measured against: an OTLP/HTTP endpoint that does the least any
// receiver must do — read the body and decode it with lib/otlp — and answers 200. Run as its
// own process on the same core as the agent (run.ts pins both), it prints "listening <port>".
import http from "node:http";
import type { AddressInfo } from "node:net";
import { buildExportResponse, decodeProtobufTraceRequest } from "@/lib/otlp";

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const decoded = decodeProtobufTraceRequest(Buffer.concat(chunks));
    const answer = buildExportResponse(decoded, "protobuf");
    res.writeHead(answer.status, { "content-type": answer.contentType, "content-length": answer.body.length }).end(answer.body);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => console.log(`listening ${(server.address() as AddressInfo).port}`));
