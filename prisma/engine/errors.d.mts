export interface RpcErrorData {
  is_panic: boolean;
  message: string;
  error_code?: string;
  meta?: unknown;
  backtrace?: string | null;
}
export interface RpcError {
  code: number;
  message: string;
  data: RpcErrorData;
}
export interface ErrorRegistryLike {
  consumeError(id: number): { error: unknown } | undefined;
}
export declare function resolveExternalErrors(
  message: string,
  errorRegistry: ErrorRegistryLike | undefined,
): { message: string; original: unknown };
export declare function isWasmPanic(error: unknown): boolean;
export declare function toRpcError(error: unknown, errorRegistry?: ErrorRegistryLike): RpcError;
export declare function describeFailedMigration(message: string): RpcErrorData | undefined;
