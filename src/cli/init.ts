import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { readTemplate } from "../emit/templates.js";
import { ExitCode } from "./exit-codes.js";
import type { Io } from "./io.js";

const SCRIPT = "build:events";
const SCRIPT_COMMAND = "ductape-events build";

/** Files that init writes, from templates/init/, with where they go in the project. */
const SCAFFOLD = [
  { template: "init/ductape.config.ts", target: "ductape.config.ts" },
  { template: "init/new-event.event.ts", target: "events/new-webhook/new-event.event.ts" },
] as const;

/** `ductape-events init`. */
export async function runInit(_values: unknown, io: Io): Promise<number> {
  const lines: string[] = [];
  for (const { template, target } of SCAFFOLD) {
    const path = join(io.cwd, target);
    if (existsSync(path)) {
      lines.push(`skipped  ${target} (exists; left as it is)`);
      continue;
    }
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, readTemplate(template), { flag: "wx" });
    lines.push(`created  ${target}`);
  }
  const script = addScript(join(io.cwd, "package.json"));
  lines.push(script.line);
  io.stdout(`${lines.join("\n")}\n\n`);
  if (!script.ok) return ExitCode.Failed;
  io.stdout(`Next: npm run ${SCRIPT}\n`);
  return ExitCode.Ok;
}

/**
 * Adds the build script to package.json, keeping every other script and the file's indentation.
 * An existing script of the same name is never replaced.
 */
function addScript(path: string): { ok: boolean; line: string } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return { ok: false, line: "skipped  package.json (not found; run `npm init` first, then init again)" };
  }
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      line: `skipped  package.json (not valid JSON: ${error instanceof Error ? error.message : String(error)})`,
    };
  }
  if (typeof pkg !== "object" || pkg === null || Array.isArray(pkg)) {
    return { ok: false, line: "skipped  package.json (not a JSON object)" };
  }
  const record = pkg as Record<string, unknown>;
  const scripts = record["scripts"] ?? {};
  if (typeof scripts !== "object" || scripts === null || Array.isArray(scripts)) {
    return { ok: false, line: 'skipped  package.json ("scripts" is not an object)' };
  }
  const existing = (scripts as Record<string, unknown>)[SCRIPT];
  if (existing !== undefined) {
    return { ok: true, line: `skipped  package.json script "${SCRIPT}" (exists: ${JSON.stringify(existing)})` };
  }
  record["scripts"] = { ...scripts, [SCRIPT]: SCRIPT_COMMAND };
  const indent = /^([ \t]+)"/m.exec(text)?.[1] ?? "  ";
  writeFileSync(path, JSON.stringify(record, null, indent) + (text.endsWith("\n") ? "\n" : ""));
  return { ok: true, line: `updated  package.json (added script "${SCRIPT}": "${SCRIPT_COMMAND}")` };
}
