// Next.js configuration. Database drivers and wasm engines are loaded by Node at run time, never
// bundled (STACK-NOTES: bundling pg and PGlite breaks them).
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  serverExternalPackages: [
    "pg",
    "pg-copy-streams",
    "@prisma/adapter-pg",
    "@prisma/client",
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
  ],
  // A failed typecheck or lint must fail CI, not the build: they run as their own steps.
  typescript: { ignoreBuildErrors: false },
};

export default nextConfig;
