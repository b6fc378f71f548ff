import { defineConfig } from "ductape-events";

// Events whose payloads are declared by JSON Schemas: a file of the project, and GitHub's published schemas.
export default defineConfig({
  events: "events/**/*.event.ts",
  outDir: "generated",
});
