import { defineConfig } from "ductape-events";

// Builds the example events of this repository: `npm run build:events`.
export default defineConfig({
  events: "events/**/*.event.ts",
  outDir: "generated",
});
