// The engine's one-shot `cli` subcommands. `prisma migrate dev` and `prisma db push` run
// `schema-engine --datasource {"url":...} cli can-connect-to-database` first, and on error P1003
// (database missing) `... cli create-database`. The CLI skips the first stderr line, then reads each
// further line as a JSON log record, looking for an ERROR from target "schema_engine::logger" that
// carries error_code and message.
import { pg } from "./pg-modules.mjs";
import { connectionFields, quoteIdent } from "./shadow-db.mjs";

const MAINTENANCE_DATABASE = "postgres";

function describeServer(fields) {
  return `${fields.host ?? "localhost"}:${fields.port ?? 5432}`;
}

/** Maps a pg connection failure to the Prisma error code and wording the CLI understands. */
export function classifyConnectionError(error, fields) {
  const server = describeServer(fields);
  switch (error?.code) {
    case "ECONNREFUSED":
    case "ENOTFOUND":
    case "ETIMEDOUT":
    case "EHOSTUNREACH":
      return { code: "P1001", message: `Can't reach database server at \`${server}\`` };
    case "3D000":
      return {
        code: "P1003",
        message: `Database \`${fields.database}\` does not exist on the database server at \`${server}\`.`,
      };
    case "28P01":
    case "28000":
      return {
        code: "P1000",
        message: `Authentication failed against database server at \`${server}\`, the provided database credentials for \`${fields.user ?? ""}\` are not valid.`,
      };
    default:
      return { code: undefined, message: error?.message ?? String(error) };
  }
}

async function runOnce(fields, sql) {
  const client = new pg.Client(fields);
  await client.connect();
  try {
    if (sql) await client.query(sql);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Creates the database a URL names, from the server's maintenance database. */
export async function createDatabaseFromUrl(url) {
  const fields = connectionFields(url);
  await runOnce({ ...fields, database: MAINTENANCE_DATABASE }, `CREATE DATABASE ${quoteIdent(fields.database)}`);
  return { databaseName: fields.database };
}

/**
 * @param {string} command the word after `cli`
 * @param {{ url?: string }} datasource
 * @returns {Promise<{ exitCode: number, stderrLines: string[] }>}
 */
export async function runCliCommand(command, datasource) {
  const log = (level, fields) =>
    JSON.stringify({ timestamp: new Date().toISOString(), level, fields, target: "schema_engine::logger" });
  // The CLI drops the first stderr line, so it must be one it can afford to lose.
  const stderrLines = [log("INFO", { message: `Starting schema engine CLI command ${command}` })];
  const fail = ({ code, message }) => {
    stderrLines.push(log("ERROR", code ? { error_code: code, message } : { message }));
    return { exitCode: 1, stderrLines };
  };

  if (!datasource.url) return fail({ code: undefined, message: "No datasource url was given (--datasource)." });
  let fields;
  try {
    fields = connectionFields(datasource.url);
  } catch (error) {
    return fail({ code: undefined, message: `Invalid datasource url: ${error.message}` });
  }

  try {
    if (command === "can-connect-to-database") {
      await runOnce(fields);
    } else if (command === "create-database") {
      await createDatabaseFromUrl(datasource.url);
    } else {
      return fail({ code: undefined, message: `Unknown cli subcommand ${JSON.stringify(command)}.` });
    }
  } catch (error) {
    return fail(classifyConnectionError(error, fields));
  }
  return { exitCode: 0, stderrLines };
}
