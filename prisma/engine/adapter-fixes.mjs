// Fixes for @prisma/adapter-pg when the wasm schema engine drives it (STACK-NOTES traps 1 and 2).
// adapter-pg was written for Prisma Client queries; the schema engine also reads the system catalogs
// and runs whole migration scripts, which hit two gaps. We wrap, never patch, the adapter.
import { ColumnTypeEnum, pg } from "./pg-modules.mjs";

/** PostgreSQL's one-byte internal type `"char"` (pg_class.relkind, pg_attribute.attidentity, ...). */
const PG_INTERNAL_CHAR_OID = 18;
const PG_TEXT_OID = 25;
/** Marks, on a result's rows array, which columns were `"char"` before we relabelled them. */
const CHAR_COLUMNS = Symbol("strata.charColumns");

/**
 * Trap 1: adapter-pg throws "Unsupported column type char" for OID 18, yet the engine's schema
 * describer selects such columns. The engine wants them as Character columns (Text panics it on
 * PostgreSQL 18). adapter-pg has no hook for this, so this Client relabels OID 18 as text (which
 * adapter-pg accepts; the value is already a plain string) and records the column positions on the
 * rows array, which adapter-pg hands back untouched; `withCharColumnsAsCharacter` then reports
 * those positions as Character.
 */
export class CharColumnAwareClient extends pg.Client {
  query(config, values, callback) {
    if (config && typeof config.submit === "function") return super.query(config, values, callback);
    const cb = typeof values === "function" ? values : callback;
    if (typeof cb === "function") {
      const wrapped = (err, res) => cb(err, err ? res : relabelCharColumns(res));
      return typeof values === "function" ? super.query(config, wrapped) : super.query(config, values, wrapped);
    }
    return super.query(config, values).then(relabelCharColumns);
  }
}

function relabelCharColumns(result) {
  // A multi-statement simple query resolves to an array of results.
  if (Array.isArray(result)) return result.map(relabelCharColumns);
  if (!result || !Array.isArray(result.fields) || !Array.isArray(result.rows)) return result;
  const positions = [];
  result.fields.forEach((field, index) => {
    if (field.dataTypeID === PG_INTERNAL_CHAR_OID) {
      field.dataTypeID = PG_TEXT_OID;
      positions.push(index);
    }
  });
  if (positions.length > 0) Object.defineProperty(result.rows, CHAR_COLUMNS, { value: positions });
  return result;
}

async function queryRawWithCharColumns(queryable, query) {
  const resultSet = await queryable.queryRaw(query);
  for (const index of resultSet.rows?.[CHAR_COLUMNS] ?? []) {
    resultSet.columnTypes[index] = ColumnTypeEnum.Character;
  }
  return resultSet;
}

/**
 * Trap 2: adapter-pg's executeScript splits the script on ";" and sends the pieces one by one on
 * whatever pool connection is free, outside any transaction. A plpgsql `$$ ... ; ... $$` body is cut
 * in half and a failing migration stays half applied. Like the native engine, send the script as one
 * simple-protocol query (no parameters): PostgreSQL then runs it on one connection, as one implicit
 * transaction.
 */
async function executeWholeScript(adapter, script) {
  try {
    await adapter.underlyingDriver().query(script);
  } catch (error) {
    // adapter-pg's own conversion turns a pg error into the DriverAdapterError the engine expects.
    adapter.onError(error);
  }
}

/** Wraps a connected PrismaPgAdapter (and the transactions it opens) with both fixes. */
export function withSchemaEngineFixes(adapter) {
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => queryRawWithCharColumns(adapter, query),
    executeRaw: (query) => adapter.executeRaw(query),
    executeScript: (script) => executeWholeScript(adapter, script),
    startTransaction: async (isolationLevel) => wrapTransaction(await adapter.startTransaction(isolationLevel)),
    getConnectionInfo: () => adapter.getConnectionInfo(),
    dispose: () => adapter.dispose(),
  };
}

function wrapTransaction(transaction) {
  return {
    provider: transaction.provider,
    adapterName: transaction.adapterName,
    options: transaction.options,
    queryRaw: (query) => queryRawWithCharColumns(transaction, query),
    executeRaw: (query) => transaction.executeRaw(query),
    commit: () => transaction.commit(),
    rollback: () => transaction.rollback(),
    createSavepoint: (name) => transaction.createSavepoint(name),
    rollbackToSavepoint: (name) => transaction.rollbackToSavepoint(name),
    releaseSavepoint: (name) => transaction.releaseSavepoint(name),
  };
}
