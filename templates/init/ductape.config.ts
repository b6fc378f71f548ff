import { defineConfig } from "ductape-events";

// ductape-events reads every *.event.ts file under events/ and writes generated/manifest.json
// and generated/index.ts. Every option is described in the ductape-events README.
export default defineConfig({
  events: "events/**/*.event.ts",
  outDir: "generated",
});
