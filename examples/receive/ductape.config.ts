import { defineConfig } from "ductape-events";

// The example of docs/receive.md: `receive: true` writes generated/receive.ts, which server.ts
// uses to identify, validate and dispatch deliveries. Rebuild with `npx ductape-events build`.
export default defineConfig({
  events: "events/**/*.event.ts",
  outDir: "generated",
  receive: true,
});
