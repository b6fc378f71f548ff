import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
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

/**
 * `ductape-events init`. Checks package.json first, so that a project it cannot finish setting
 * up is left exactly as it was.
 */
export async function runInit(_values: unknown, io: Io): Promise<number> {
  const packageJson = join(io.cwd, "package.json");
  const script = planScript(packageJson);
  if (!script.ok) {
    io.stderr(`ductape-events init: ${script.problem}; nothing was written.\n`);
    return ExitCode.Failed;
  }
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
  if (script.text === undefined) {
    lines.push(`skipped  package.json script "${SCRIPT}" (exists: ${JSON.stringify(script.existing)})`);
  } else {
    writeFileSync(packageJson, script.text);
    lines.push(`updated  package.json (added script "${SCRIPT}": "${SCRIPT_COMMAND}")`);
  }
  io.stdout(`${lines.join("\n")}\n\n`);
  if (!isInstalled(io.cwd)) io.stdout("Install the package first: npm install -D ductape-events\n");
  // The script runs the build only if it is ours (added now, or the same command already).
  const ours = script.text !== undefined || script.existing === SCRIPT_COMMAND;
  io.stdout(ours ? `Next: npm run ${SCRIPT}\n` : `Next: npx ${SCRIPT_COMMAND}\n`);
  return ExitCode.Ok;
}

/** Whether `ductape-events` resolves from the project, as its config's import will need. */
function isInstalled(cwd: string): boolean {
  try {
    createRequire(join(cwd, "package.json")).resolve("ductape-events/package.json");
    return true;
  } catch {
    return false;
  }
}

type ScriptPlan =
  | { readonly ok: false; readonly problem: string }
  | { readonly ok: true; readonly text: string; readonly existing?: undefined }
  | { readonly ok: true; readonly text: undefined; readonly existing: unknown };

/**
 * The new text of package.json with the build script added, keeping every other script, the
 * indentation and the line endings; no text when the script exists (it is never replaced).
 */
function planScript(path: string): ScriptPlan {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return { ok: false, problem: "no package.json here (run `npm init` first, then init again)" };
  }
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      problem: `package.json is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    };
  }
  if (typeof pkg !== "object" || pkg === null || Array.isArray(pkg))
    return { ok: false, problem: "package.json is not a JSON object" };
  const record = pkg as Record<string, unknown>;
  const scripts = record["scripts"] ?? {};
  if (typeof scripts !== "object" || scripts === null || Array.isArray(scripts)) {
    return { ok: false, problem: 'package.json has a "scripts" that is not an object' };
  }
  const existing = (scripts as Record<string, unknown>)[SCRIPT];
  if (existing !== undefined) return { ok: true, text: undefined, existing };
  record["scripts"] = { ...scripts, [SCRIPT]: SCRIPT_COMMAND };
  const indent = /^([ \t]+)"/m.exec(text)?.[1] ?? "  ";
  const newline = text.includes("\r\n") ? "\r\n" : "\n";
  const json = JSON.stringify(record, null, indent).replace(/\n/g, newline);
  return { ok: true, text: json + (text.endsWith("\n") ? newline : "") };
}
