import { defineConfig } from "ductape-events";

export default defineConfig({
  events: "events/**/*.event.ts",
});
