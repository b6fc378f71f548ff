import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import { CONFIG_FILE_NAMES, loadConfig } from "../config/index.js";
import { discover, escapeGlobPath } from "../discover/index.js";
import { relativePosix } from "../util/files.js";
import { readTemplate } from "../emit/index.js";
import { ExitCode } from "./exit-codes.js";
import type { Io } from "./io.js";
import { messageOf } from "../util/errors.js";

const SCRIPT = "build:events";
const SCRIPT_COMMAND = "ductape-events build";

/** Files that init writes, from templates/init/, with where they go in the project. */
const CONFIG_TARGET = "ductape.config.ts";
const EXAMPLE_TARGET = "events/new-webhook/new-event.event.ts";
const SCAFFOLD = [
  { template: "init/ductape.config.ts", target: CONFIG_TARGET },
  { template: "init/new-event.event.ts", target: EXAMPLE_TARGET },
] as const;

/**
 * `ductape-events init`. Works out everything it will do first (package.json readable, a config
 * under any of the names a build looks for, room for the example event) and writes only then;
 * if a write still fails, it takes back what it wrote, so that a project it cannot finish
 * setting up is left exactly as it was.
 */
export async function runInit(_values: unknown, io: Io): Promise<number> {
  const fail = (problem: string): number => {
    io.stderr(`ductape-events init: ${problem}; nothing was written.\n`);
    return ExitCode.Failed;
  };
  const packageJson = join(io.cwd, "package.json");
  const script = planScript(packageJson);
  if (!script.ok) return fail(script.problem);
  const events = await existingEventFiles(io.cwd);
  const lines: string[] = [];
  const creates: { readonly path: string; readonly text: string }[] = [];
  for (const { template, target } of SCAFFOLD) {
    const path = join(io.cwd, target);
    // A config under another name is the project's config: a new ductape.config.ts would take its place.
    const existing =
      target === CONFIG_TARGET ? CONFIG_FILE_NAMES.find((name) => existsSync(join(io.cwd, name))) : undefined;
    if (existing !== undefined && existing !== target) {
      lines.push(`skipped  ${target} (${existing} exists; left as it is)`);
    } else if (existsSync(path)) {
      lines.push(`skipped  ${target} (exists; left as it is)`);
    } else if (target === EXAMPLE_TARGET && events.length > 0) {
      // The example would be built and pushed with the project's events, and the platform has no delete.
      const shown = events.length === 1 ? events[0] : `${events[0]} and ${events.length - 1} more`;
      const why = "an example would be pushed with them, and the platform cannot delete an event";
      lines.push(`skipped  ${target} (the project has event files already: ${shown}; ${why})`);
    } else {
      const blocked = fileInTheWay(io.cwd, dirname(path));
      if (blocked !== undefined) return fail(`${blocked} is a file, and ${target} would go in a folder of that name`);
      const text = target === CONFIG_TARGET ? configText(events) : readTemplate(template);
      creates.push({ path, text });
      lines.push(
        text === readTemplate(template) ? `created  ${target}` : `created  ${target} (events: ${eventsGlob(events)})`,
      );
    }
  }
  const made: string[] = [];
  try {
    for (const { path, text } of creates) {
      const folder = mkdirSync(dirname(path), { recursive: true });
      if (folder !== undefined) made.push(folder);
      writeFileSync(path, text, { flag: "wx" });
      made.push(path);
    }
    if (script.text !== undefined) writeFileSync(packageJson, script.text);
  } catch (error) {
    // Last made first: files before the folders they are in.
    for (const path of made.reverse()) rmSync(path, { recursive: true, force: true });
    return fail(`could not write (${messageOf(error)})`);
  }
  if (script.text === undefined) {
    lines.push(`skipped  package.json script "${SCRIPT}" (exists: ${JSON.stringify(script.existing)})`);
  } else {
    lines.push(`updated  package.json (added script "${SCRIPT}": "${SCRIPT_COMMAND}")`);
  }
  io.stdout(`${lines.join("\n")}\n\n`);
  if (!isInstalled(io.cwd)) io.stdout("Install the package first: npm install -D ductape-events\n");
  // The script runs the build only if it is ours (added now, or the same command already).
  const ours = script.text !== undefined || script.existing === SCRIPT_COMMAND;
  io.stdout(ours ? `Next: npm run ${SCRIPT}\n` : `Next: npx ${SCRIPT_COMMAND}\n`);
  return ExitCode.Ok;
}

/**
 * The project's event files, relative to it: those its config's globs match, and any
 * `*.event.ts` outside node_modules, wherever it is (only these with a config that does not load).
 */
async function existingEventFiles(cwd: string): Promise<string[]> {
  const loaded = await loadConfig({ cwd });
  const events = [...(loaded.ok ? loaded.config.events : []), ANY_EVENT_FILE];
  try {
    // Ignored files and files in outDir count: they are the project's events all the same.
    const files = await discover({ rootDir: cwd, events, ignore: [], outDir: cwd });
    return files.map((file) => relativePosix(cwd, file));
  } catch {
    // A folder that cannot be read: nothing found there. Init goes on and says what is in its way, if anything.
    return [];
  }
}

const ANY_EVENT_FILE = "**/*.event.ts";
const TEMPLATE_GLOB = "events/**/*.event.ts";

/**
 * The config to write: the template, with an `events` glob that matches the project's event
 * files when it has some outside events/, so that the first build finds what init found.
 */
function configText(events: readonly string[]): string {
  const template = readTemplate("init/ductape.config.ts");
  const glob = eventsGlob(events);
  return glob === TEMPLATE_GLOB ? template : template.replace(JSON.stringify(TEMPLATE_GLOB), JSON.stringify(glob));
}

/**
 * `<the top folder all the files are in>/**\/*.event.ts` (`**\/*.event.ts` when they are in
 * several), or the template's glob when there are none: the suffix tells event files apart, and a
 * narrower folder would miss the next webhook's. The folder's name is escaped for the glob.
 */
function eventsGlob(events: readonly string[]): string {
  if (events.length === 0) return TEMPLATE_GLOB;
  const tops = new Set(events.map((file) => (file.includes("/") ? file.slice(0, file.indexOf("/")) : "")));
  const top = tops.size === 1 ? [...tops][0]! : "";
  return top === "" ? "**/*.event.ts" : `${escapeGlobPath(top)}/**/*.event.ts`;
}

/** The first path from `root` down to `folder` that exists and is not a folder (relative, posix), if any. */
function fileInTheWay(root: string, folder: string): string | undefined {
  const parts = relative(root, folder)
    .split(sep)
    .filter((part) => part !== "");
  for (let i = 1; i <= parts.length; i++) {
    const path = join(root, ...parts.slice(0, i));
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat === undefined) return undefined;
    if (!stat.isDirectory()) return parts.slice(0, i).join("/");
  }
  return undefined;
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
      problem: `package.json is not valid JSON (${messageOf(error)})`,
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
