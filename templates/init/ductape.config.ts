import { defineConfig } from "ductape-events";

// ductape-events reads every event file that `events` matches and writes generated/index.ts,
// generated/manifest.json and generated/webhooks/. Every option is described in docs/config.md.
export default defineConfig({
  events: "events/**/*.event.ts",
  outDir: "generated",
});
