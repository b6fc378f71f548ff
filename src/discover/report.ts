import { dirname, join } from "node:path";
import { CONFIG_FILE_NAMES, configLocator, type ResolvedConfig } from "../config/index.js";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import { fileSpan, type Diagnostic } from "../diagnostics/diagnostic.js";
import { isFile, relativePosix } from "../util/files.js";
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
  const { configFile } = config;
  // Parses the config on its first call only: a build with nothing to say here parses nothing.
  const locate =
    configFile === undefined || configText === undefined ? undefined : configLocator(configFile, configText);
  const at = (key: string, value?: string) => locate?.(key, value);
  const configStart = configFile === undefined ? undefined : fileSpan(configFile);
  const diagnostics: Diagnostic[] = [];
  const { files, inOutDir } = discovery;
  if (inOutDir.length > 0) {
    const shown = inOutDir.map((file) => relativePosix(config.rootDir, file));
    const params = { outDir: relativePosix(config.rootDir, config.outDir), files: shown };
    const related = inOutDir.map((file) => ({ message: "not built: inside outDir", span: fileSpan(file) }));
    // Without outDir in the config (the default), the events globs reach into it; without a config, the first file left out.
    const span = at("outDir") ?? at("events") ?? related[0]?.span;
    diagnostics.push(diagnostic(Codes.EventFilesInOutDir, params, { span, related }));
  } else if (files.length === 0) {
    // At the glob when there is one, else at "events", else (the default, which no config writes) at the config.
    const span = at("events", config.events.length === 1 ? config.events[0] : undefined) ?? configStart;
    diagnostics.push(diagnostic(Codes.NoEventFiles, { patterns: config.events, ...whereToRun(context) }, { span }));
  }
  // With no file found at all, DT1010 or DT1011 already names every glob.
  if (files.length + inOutDir.length > 0) {
    for (const pattern of discovery.unmatched) {
      diagnostics.push(
        diagnostic(
          Codes.GlobMatchesNothing,
          { key: "events", pattern },
          { span: at("events", pattern) ?? configStart },
        ),
      );
    }
  }
  for (const pattern of discovery.idleIgnores) {
    diagnostics.push(
      diagnostic(Codes.GlobMatchesNothing, { key: "ignore", pattern }, { span: at("ignore", pattern) ?? configStart }),
    );
  }
  return diagnostics;
}

/**
 * Where a build that found nothing, run without a config, should have run: from a folder below
 * a project's root (the nearest folder with a package.json, where npm scripts run), the nearest
 * folder up to that root with a config, or else that root. A folder with its own package.json is
 * a project's root itself, and a config above a root belongs to another project: neither is named.
 */
function whereToRun({ cwd, config }: ReportContext): { configAbove?: string; projectRoot?: string } {
  if (config.configFile !== undefined || isFile(join(cwd, "package.json"))) return {};
  for (let folder = dirname(cwd); ; folder = dirname(folder)) {
    const found = CONFIG_FILE_NAMES.map((name) => join(folder, name)).find(isFile);
    if (found !== undefined) return { configAbove: relativePosix(cwd, found) };
    if (isFile(join(folder, "package.json"))) return { projectRoot: relativePosix(cwd, folder) };
    if (dirname(folder) === folder) return {};
  }
}
