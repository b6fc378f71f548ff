import { join } from "node:path";
import { relativePosix } from "../util/files.js";
import { build } from "../build.js";
import { compareCodeUnits } from "../util/order.js";
import { formatDiagnostic } from "../diagnostics/format.js";
import { buildOptions } from "./options.js";
import { exitCodeFor } from "./exit-codes.js";
import type { Io, OptionValues } from "./io.js";

/** `ductape-events list`. */
export async function runList(values: OptionValues, io: Io): Promise<number> {
  const result = await build({ ...buildOptions(values, io), write: false });
  // Errors say why events are missing from the list; warnings are `build`'s to print in full.
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  for (const d of errors) {
    io.stderr(`${formatDiagnostic(d, { cwd: io.cwd, sources: result.sources, color: io.color })}\n\n`);
  }
  const warnings = result.diagnostics.length - errors.length;
  if (warnings > 0) {
    io.stderr(
      `${warnings} warning${warnings === 1 ? "" : "s"}: run \`ductape-events build\` to see ${warnings === 1 ? "it" : "them"}.\n`,
    );
  }
  // No config, no project: nothing to list, and an empty list would read as "no events".
  const config = result.config;
  if (config === undefined) return exitCodeFor(result.diagnostics);
  const rows = result.events.map((e) => ({
    tag: e.tag,
    webhook: e.webhook,
    event: e.event,
    name: e.name,
    description: e.description,
    // Relative to where the command runs, like every other path the CLI prints.
    source: relativePosix(io.cwd, join(config.rootDir, e.source)),
  }));
  if (values["json"] === true) {
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
  } else {
    // In webhook tag order, as manifest.json lists them (rows come in tag order: "a-b:x" before "a:x").
    const webhooks = [...new Set(rows.map((r) => r.webhook))].sort(compareCodeUnits);
    io.stdout(
      table(
        ["TAG", "NAME", "SOURCE"],
        rows.map((r) => [r.tag, r.name, r.source]),
      ),
    );
    io.stdout(
      `\n${rows.length} event${rows.length === 1 ? "" : "s"} in ${webhooks.length} webhook${webhooks.length === 1 ? "" : "s"}: ${webhooks.join(", ") || "none"}\n`,
    );
  }
  return exitCodeFor(result.diagnostics);
}

/** Columns are padded to their longest cell up to this width; a longer cell runs past it, whole. */
const MAX_COLUMN_WIDTH = 48;

/**
 * Left-aligned columns, two spaces apart; control characters in user text are made visible. One
 * very long name widens only its own row, not every row of the table.
 */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const clean = (text: string): string => JSON.stringify(text).slice(1, -1);
  const all = [header, ...rows.map((row) => row.map(clean))];
  const widths = header.map(() => 0);
  for (const row of all) {
    row.forEach((cell, i) => (widths[i] = Math.min(MAX_COLUMN_WIDTH, Math.max(widths[i] ?? 0, cell.length))));
  }
  return (
    all
      .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  "))
      .join("\n") + "\n"
  );
}
