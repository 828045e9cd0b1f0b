// The error rule pairing and rollups use is lib/otlp's (FORMATS.md §4: span status, then the
// HTTP and gRPC rules, then the Zipkin `error` tag), so a span fails the same way everywhere.
// This file keeps pairing's import path stable; is-error.test.ts pins the behaviour pairing needs.
export { isErrorSpan, type ErrorRuleFields } from "@/lib/otlp/error-rules";
