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
  // `tsc --noEmit` is its own step in `npm test` and CI and covers every file (tests, the
  // collector); repeating it inside `next build` doubled the build time for nothing.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
