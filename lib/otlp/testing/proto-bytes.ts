// Test support only: protobuf bytes written by hand, for inputs protobufjs will not produce
// (fields out of order, unknown fields of every wire type, wrong wire types, lying lengths,
// absurd nesting). Each helper returns the bytes of one field.

export function varint(value: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    const low = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? low | 0x80 : low);
  } while (v > 0n);
  return out;
}

export const tag = (field: number, wireType: number) => varint((field << 3) | wireType);
export const varintField = (field: number, value: number | bigint) => [...tag(field, 0), ...varint(value)];
export const lenField = (field: number, bytes: number[] | Uint8Array) => [...tag(field, 2), ...varint(bytes.length), ...bytes];
export const stringField = (field: number, s: string) => lenField(field, [...new TextEncoder().encode(s)]);

export function fixed64Field(field: number, value: bigint): number[] {
  const out = tag(field, 1);
  for (let i = 0n; i < 8n; i++) out.push(Number((value >> (8n * i)) & 0xffn));
  return out;
}

export function fixed32Field(field: number, value: number): number[] {
  return [...tag(field, 5), value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
}

export const hexBytes = (hex: string) => [...Buffer.from(hex, "hex")];

/** A KeyValue with a string value. */
export const stringAttribute = (key: string, value: string) => [...stringField(1, key), ...lenField(2, stringField(1, value))];

/** ExportTraceServiceRequest { resource_spans { resource?, scope_spans { spans } } } */
export function request(spans: number[][], resourceAttributes: number[][] = []): Uint8Array {
  const resource = lenField(1, resourceAttributes.flatMap((kv) => lenField(1, kv)));
  const scopeSpans = lenField(2, spans.flatMap((s) => lenField(2, s)));
  return Uint8Array.from(lenField(1, [...resource, ...scopeSpans]));
}

/** The fields of a valid Span (ids, name, kind SERVER, times), to which more can be appended. */
export function spanFields(opts: { traceId?: string; spanId: string; startNs: bigint; name?: string }): number[] {
  return [
    ...lenField(1, hexBytes(opts.traceId ?? "0af7651916cd43dd8448eb211c80319c")),
    ...lenField(2, hexBytes(opts.spanId)),
    ...stringField(5, opts.name ?? "op"),
    ...varintField(6, 2),
    ...fixed64Field(7, opts.startNs),
    ...fixed64Field(8, opts.startNs + 1_000_000n),
  ];
}
