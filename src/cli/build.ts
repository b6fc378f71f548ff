import { relative, sep } from "node:path";
import { build } from "../build.js";
import { formatDiagnostic } from "../diagnostics/format.js";
import { exitCodeFor } from "./exit-codes.js";
import type { Command, Io } from "./run.js";

export const buildCommand: Command = {
  summary: "Check every event definition and write manifest.json and index.ts",
  usage: "ductape-events build [--config <path>]",
  options: {
    config: { type: "string", short: "c", description: "Config file (default: ./ductape.config.ts)" },
  },
  async run(values, io) {
    const config = typeof values["config"] === "string" ? values["config"] : undefined;
    const result = await build({ cwd: io.cwd, ...(config === undefined ? {} : { config }) });
    for (const d of result.diagnostics) {
      io.stderr(`${formatDiagnostic(d, { cwd: io.cwd, sources: result.sources, color: io.color })}\n\n`);
    }
    const code = exitCodeFor(result.diagnostics);
    (code === 0 ? io.stdout : io.stderr)(`${summary(result, io)}\n`);
    return code;
  },
};

function summary(result: Awaited<ReturnType<typeof build>>, io: Io): string {
  const errors = result.diagnostics.filter((d) => d.severity === "error").length;
  const warnings = result.diagnostics.length - errors;
  const time = `${Math.round(result.durationMs)} ms`;
  const problems = [plural(errors, "error"), plural(warnings, "warning")].filter((p) => !p.startsWith("0 ")).join(", ");
  if (errors > 0) return `✖ ${problems}; no files were written (${time}).`;
  const webhooks = new Set(result.events.map((e) => e.webhook)).size;
  const written = result.files.filter((f) => f.status === "written").length;
  const outDir = result.config === undefined ? "" : relative(io.cwd, result.config.outDir).split(sep).join("/") || ".";
  return (
    `✔ ${plural(result.events.length, "event")} in ${plural(webhooks, "webhook")} -> ${outDir}/ ` +
    `(${written} of ${plural(result.files.length, "file")} written${problems === "" ? "" : `; ${problems}`}) in ${time}.`
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
