// ESLint flat config: Next.js core-web-vitals and TypeScript rules, plus the few rules that keep
// trust boundaries honest. Import boundaries (client vs server, no cycles) are checked by
// dependency-cruiser (.dependency-cruiser.cjs).
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/ban-ts-comment": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "off",
    },
  },
  globalIgnores([".next/**", "node_modules/**", "data/**", "lib/db/generated/**", "test-results/**", "playwright-report/**", "next-env.d.ts"]),
]);
