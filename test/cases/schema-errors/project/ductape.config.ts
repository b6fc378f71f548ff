import { defineConfig } from "ductape-events";

// Declared schemas that cannot be used, and samples that they reject: every problem at once.
export default defineConfig({
  events: "events/**/*.event.ts",
  outDir: "generated",
});
