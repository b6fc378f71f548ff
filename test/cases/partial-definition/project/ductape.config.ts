import { defineConfig } from "ductape-events";

// Event files with values that cannot be read statically beside other problems (docs/event-files.md).
export default defineConfig({
  events: "events/**/*.event.ts",
  outDir: "generated",
});
