import { dirname, join } from "node:path";
import { CONFIG_FILE_NAMES, type ResolvedConfig } from "../config/index.js";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import { fileSpan, type Diagnostic } from "../diagnostics/diagnostic.js";
import { isFile, relativePosix } from "../files.js";
import { configLocator } from "./config-spans.js";
import type { Discovery } from "./index.js";

/** What the report needs besides the discovery: where the build runs, and the config's text. */
export interface ReportContext {
  readonly cwd: string;
  readonly config: ResolvedConfig;
  /** The config file's source, to point at the option a diagnostic is about. */
  readonly configText: string | undefined;
}

/**
 * The diagnostics of discovery: no event files (DT1010), event files left out because they are
 * inside outDir (DT1011), and globs that match or leave out nothing (DT1102).
 */
export function discoveryDiagnostics(discovery: Discovery, context: ReportContext): Diagnostic[] {
  const { config, configText } = context;
  const locate =
    config.configFile === undefined || configText === undefined
      ? undefined
      : configLocator(config.configFile, configText);
  const at = (key: string, value?: string) => locate?.(key, value);
  const diagnostics: Diagnostic[] = [];
  const { files, inOutDir } = discovery;
  if (inOutDir.length > 0) {
    const shown = inOutDir.map((file) => relativePosix(config.rootDir, file));
    const params = { outDir: relativePosix(config.rootDir, config.outDir), files: shown };
    const related = inOutDir.map((file) => ({ message: "not built: inside outDir", span: fileSpan(file) }));
    // Without a config (outDir is the default), the first file left out is the place to look.
    const span = at("outDir") ?? related[0]?.span;
    diagnostics.push(diagnostic(Codes.EventFilesInOutDir, params, { span, related }));
  } else if (files.length === 0) {
    // At the glob when there is one, else at "events" (or the default, which no config writes).
    const span = at("events", config.events.length === 1 ? config.events[0] : undefined);
    diagnostics.push(diagnostic(Codes.NoEventFiles, { patterns: config.events, ...whereToRun(context) }, { span }));
  }
  // With no file found at all, DT1010 or DT1011 already names every glob.
  if (files.length + inOutDir.length > 0) {
    for (const pattern of discovery.unmatched) {
      diagnostics.push(
        diagnostic(Codes.GlobMatchesNothing, { key: "events", pattern }, { span: at("events", pattern) }),
      );
    }
  }
  for (const pattern of discovery.idleIgnores) {
    diagnostics.push(diagnostic(Codes.GlobMatchesNothing, { key: "ignore", pattern }, { span: at("ignore", pattern) }));
  }
  return diagnostics;
}

/**
 * Where a build that found nothing, run without a config, should have run: the nearest folder
 * above with a config, or else, from a folder that is no project of its own (no package.json),
 * the nearest with a package.json, the project's root, where npm scripts run. A config above
 * that root belongs to another project, and is not named.
 */
function whereToRun({ cwd, config }: ReportContext): { configAbove?: string; projectRoot?: string } {
  if (config.configFile !== undefined) return {};
  const inProject = !isFile(join(cwd, "package.json"));
  for (let folder = dirname(cwd); ; folder = dirname(folder)) {
    const found = CONFIG_FILE_NAMES.map((name) => join(folder, name)).find(isFile);
    if (found !== undefined) return { configAbove: relativePosix(cwd, found) };
    if (inProject && isFile(join(folder, "package.json"))) return { projectRoot: relativePosix(cwd, folder) };
    if (dirname(folder) === folder) return {};
  }
}
