// Parses the command line the Prisma CLI gives its schema engine binary:
//   schema-engine [--datamodels <file>]... [--datasource <json>] [--enabled-preview-features <a,b>]
//                 [--extension-types <json>] [cli <subcommand>]
//   schema-engine --version
// Pure: no I/O.

/**
 * @param {string[]} argv the arguments after the executable
 * @returns {{
 *   version: boolean,
 *   datamodelPaths: string[],
 *   datasource: { url?: string, shadowDatabaseUrl?: string },
 *   previewFeatures: string[],
 *   cliCommand: string | undefined,
 *   problems: string[],
 * }}
 */
export function parseEngineArgs(argv) {
  const parsed = {
    version: false,
    datamodelPaths: [],
    datasource: {},
    previewFeatures: [],
    cliCommand: undefined,
    problems: [],
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const takeValue = () => {
      const value = argv[i + 1];
      if (value === undefined) parsed.problems.push(`${arg} needs a value`);
      i++;
      return value;
    };
    switch (arg) {
      case "--version":
      case "-V":
        parsed.version = true;
        break;
      case "--datamodels":
      case "-d": {
        const value = takeValue();
        if (value !== undefined) parsed.datamodelPaths.push(value);
        break;
      }
      case "--datasource": {
        const value = takeValue();
        if (value !== undefined) parsed.datasource = parseDatasource(value, parsed.problems);
        break;
      }
      case "--enabled-preview-features": {
        const value = takeValue();
        if (value) parsed.previewFeatures = value.split(",").filter(Boolean);
        break;
      }
      case "--extension-types":
        // Extensions change nothing on PostgreSQL for the wasm engine; accepted and ignored.
        takeValue();
        break;
      case "cli":
        parsed.cliCommand = argv[i + 1];
        if (parsed.cliCommand === undefined) parsed.problems.push("cli needs a subcommand");
        i++;
        break;
      default:
        parsed.problems.push(`unknown argument ${JSON.stringify(arg)}`);
    }
  }
  return parsed;
}

function parseDatasource(json, problems) {
  try {
    const value = JSON.parse(json);
    if (!value || typeof value !== "object") throw new Error("not an object");
    const datasource = {};
    if (typeof value.url === "string") datasource.url = value.url;
    if (typeof value.shadowDatabaseUrl === "string") datasource.shadowDatabaseUrl = value.shadowDatabaseUrl;
    return datasource;
  } catch (error) {
    problems.push(`--datasource is not valid JSON: ${error.message}`);
    return {};
  }
}
