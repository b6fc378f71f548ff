import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/helpers/stages.ts"],
    // End-to-end tests start the CLI and tsc as child processes; on a 2-core machine under load
    // those take seconds, which says nothing about speed (that is `npm run bench`'s job).
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
