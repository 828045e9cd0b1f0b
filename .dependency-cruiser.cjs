// Import boundaries, checked in CI (npm run lint):
//  - no cycles;
//  - the browser side (components/, client pages) never imports server-only code or the database;
//  - contracts stay client-safe: they import nothing from the server side;
//  - the collector shares only contracts and pure code (pairing, rollup, otlp) with the server.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: "no-circular", severity: "error", from: {}, to: { circular: true } },
    {
      name: "contracts-are-client-safe",
      severity: "error",
      from: { path: "^lib/contracts" },
      to: { path: "^(lib/(?!contracts)|app|components|collectors)" },
    },
    {
      name: "components-never-reach-the-server",
      severity: "error",
      from: { path: "^components" },
      to: { path: "^lib/(db|ingest|server|clusters|cli|graph|rca|incidents|env)" },
    },
    {
      // Its tests may run the real server handlers (collectors/testing, *.test.ts).
      name: "collector-shares-only-pure-code",
      severity: "error",
      from: { path: "^collectors", pathNot: "(^collectors/testing/|\\.test\\.ts$)" },
      to: { path: "^(app|components|lib/(db|ingest|server|clusters|cli|graph|rca|incidents|api|env))" },
    },
    {
      // lib/testing serves route handlers to integration tests: the one part of lib/ allowed to.
      name: "lib-never-imports-routes-or-ui",
      severity: "error",
      from: { path: "^lib", pathNot: "^lib/testing/" },
      to: { path: "^(app|components)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|\\.next|lib/db/generated)/" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    combinedDependencies: true,
  },
};
