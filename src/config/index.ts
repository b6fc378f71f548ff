import { existsSync, lstatSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, resolve } from "node:path";
import { isFile, isWithin } from "../util/files.js";
import { getOwn, isRecord } from "../util/json.js";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import { fileSpan, type Diagnostic, type Span } from "../diagnostics/diagnostic.js";
import { suggest } from "../diagnostics/suggest.js";
import { importModule } from "./module-loader.js";
import { ModuleRuntimeError } from "./temporary-modules.js";
import { isTypeScriptModule, ModuleSyntaxError, type TranspileCache } from "./transpile.js";
import { configLocator, defaultExportAt, spreadsInto, type ConfigLocator } from "./locate.js";
import { docsFolderProblem, docsOutSyntax, otherDocsFolder, shownFolder, shownOther } from "./docs-folder.js";
import { messageOf } from "../util/errors.js";
import { rangeSpan } from "../extract/spans.js";
import { lineStarts } from "../syntax/tree.js";

export { TEMPORARY_MODULE } from "./temporary-modules.js";
export { TRANSPILED, type TranspileCache } from "./transpile.js";
export { configLocator, type ConfigLocator } from "./locate.js";

/** The configuration with defaults applied and every path absolute. */
export interface ResolvedConfig {
  /** The config file that was loaded, if any. */
  readonly configFile: string | undefined;
  /** Folder that relative paths, globs and manifest `source` paths are relative to. */
  readonly rootDir: string;
  /** Globs of event files, relative to rootDir. */
  readonly events: readonly string[];
  /** Globs to leave out, relative to rootDir. */
  readonly ignore: readonly string[];
  /** Absolute output folder. */
  readonly outDir: string;
  /** Treat warnings as errors. */
  readonly strict: boolean;
  /** Returns the platform's webhook events API, for plan and push; absent when not configured. */
  readonly remote: (() => unknown) | undefined;
  /** How plan and push talk to the platform. */
  readonly sync: SyncSettings;
  /** The standard documents every build also writes, in OUTPUT_FORMATS order (none by default). */
  readonly formats: readonly OutputFormat[];
  /** `receive.ts` and its validators, written by every build; undefined when off (the default). */
  readonly receive: ReceiveSettings | undefined;
  /** The event docs site every build also writes (`docs` in the config); undefined: none. */
  readonly docs: DocsSettings | undefined;
}

/** How the generated validators of `receive.ts` treat a key that no schema declares. */
export const UNKNOWN_KEYS = ["accept", "reject"] as const;
export type UnknownKeys = (typeof UNKNOWN_KEYS)[number];

export interface ReceiveSettings {
  /** `"accept"` (default): valid, and reported as `extra`; `"reject"`: an issue. */
  readonly unknownKeys: UnknownKeys;
}

/** Where the event docs site goes (see docs/event-docs.md). */
export interface DocsSettings {
  /** Absolute folder of the site. */
  readonly outDir: string;
  /** The site's title: the index's `<title>` and heading, and the suffix of each page's title. */
  readonly title: string;
}

/** The site's title when `docs.title` names none. */
export const DEFAULT_DOCS_TITLE = "Webhook events";

/** The longest `docs.title`: a heading, not a paragraph. */
const MAX_DOCS_TITLE = 100;

/** The site's folder when `docs: {}` or `ductape-events docs` names none. */
export const DEFAULT_DOCS_OUT = "event-docs";

/**
 * The standard documents a build can write beside its own outputs: `openapi.json` (OpenAPI 3.1),
 * `asyncapi.json` (AsyncAPI 3.0) and `schemas/<webhook>/<event>.schema.json` (JSON Schema 2020-12).
 */
export const OUTPUT_FORMATS = ["openapi", "asyncapi", "json-schema"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/**
 * The generation of the platform's events API: `"classic"`, the documented one (events without
 * a selector), or `"selectors"`, the newer one whose `create` requires a `selector` written
 * `$Event{...}` (and takes its `selectorValue`) and whose `update` accepts both.
 */
export type SyncApi = "classic" | "selectors";

export const SYNC_APIS: readonly SyncApi[] = ["classic", "selectors"];

export interface SyncSettings {
  /** Which generation of the events API the workspace speaks: what is sent and compared. */
  readonly api: SyncApi;
  /** Calls in flight at once. */
  readonly concurrency: number;
  /** Retries of a transient failure (network error, 429, 5xx). */
  readonly retries: number;
  /** Wait before the first retry, doubled for each next one. */
  readonly retryDelayMs: number;
  /** Longest wait for the answer to one call (and for `remote()`); one that takes longer fails as a network error does. */
  readonly timeoutMs: number;
}

export const DEFAULT_SYNC: SyncSettings = {
  api: "classic",
  concurrency: 4,
  retries: 3,
  retryDelayMs: 500,
  timeoutMs: 30_000,
};

export interface LoadConfigOptions {
  /** Folder to look for `ductape.config.ts` in. Default: `process.cwd()`. */
  readonly cwd?: string | undefined;
  /** Explicit config path (the `--config` flag), relative to cwd. */
  readonly configFile?: string | undefined;
  /** Keeps transpiled TypeScript between runs, so that an unchanged config loads without the compiler. */
  readonly transpileCache?: TranspileCache | undefined;
  /**
   * The command line's folder for the docs site (`docs --out`), which stands in for the
   * config's `docs.out`: the config's folder is then not checked (the build checks this one).
   */
  readonly docsOut?: string | undefined;
}

export type LoadConfigResult = (
  { readonly ok: true; readonly config: ResolvedConfig } | { readonly ok: false; readonly config?: undefined }
) & {
  readonly diagnostics: readonly Diagnostic[];
  /** The text of the config file, and of a module it imports where one failed: for code frames. */
  readonly sources: ReadonlyMap<string, string>;
  /**
   * When the config loaded: every path whose content could change what it loads as, so far as the
   * loader can tell (the config names looked for, the TypeScript modules run and the paths tried
   * for their relative imports; not packages, nor what the config reads as it runs). Undefined
   * when it cannot tell: a JavaScript config, whose imports Node follows unseen.
   */
  readonly inputs?: readonly string[] | undefined;
};

/** Names looked for, in order, when no `--config` is given. */
export const CONFIG_FILE_NAMES = ["ductape.config.ts", "ductape.config.mts", "ductape.config.js", "ductape.config.mjs"];

export const DEFAULT_EVENTS = "events/**/*.event.ts";
export const DEFAULT_OUT_DIR = "generated";

/** An event file's name (`*.event.ts`, and its JavaScript forms), which `--config` may name by mistake. */
const EVENT_FILE = /\.event\.[cm]?[jt]s$/;

const KNOWN_KEYS = ["events", "ignore", "outDir", "strict", "remote", "sync", "formats", "receive", "docs"];
/** The options the folder checks (outDir, the docs folder) read: the others' problems do not hold them back. */
const FOLDER_OPTIONS = new Set(["events", "ignore", "outDir", "docs"]);

/** Finds, executes and checks the config. A missing default config means all defaults. */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadConfigResult> {
  const cwd = resolve(options.cwd ?? process.cwd());
  // Without --config, each name looked for is an input: a config appearing under an earlier name takes over.
  const lookedFor = options.configFile === undefined ? CONFIG_FILE_NAMES.map((name) => resolve(cwd, name)) : [];
  const configFile = options.configFile === undefined ? lookedFor.find(isFile) : resolve(cwd, options.configFile);
  if (configFile === undefined) {
    const config = withDefaults(cwd, undefined, {});
    const notFolder = outDirNotFolder(config.outDir, DEFAULT_OUT_DIR);
    if (notFolder !== undefined) return { ok: false, diagnostics: [notFolder(undefined)], sources: new Map() };
    return { ok: true, config, diagnostics: [], sources: new Map(), inputs: lookedFor };
  }
  const failed = (d: Diagnostic, sources: ReadonlyMap<string, string> = new Map()): LoadConfigResult => ({
    ok: false,
    diagnostics: [d],
    sources,
  });
  if (!isFile(configFile)) {
    const path = JSON.stringify(options.configFile ?? configFile);
    const problem = existsSync(configFile) ? "is a folder, not a config file" : "does not exist";
    return failed(diagnostic(Codes.ConfigNotFound, { path, problem }));
  }
  if (EVENT_FILE.test(basename(configFile))) {
    // Run as a config, an event file would be four "unknown option" errors that never say why.
    const path = JSON.stringify(options.configFile ?? configFile);
    return failed(diagnostic(Codes.ConfigNotFound, { path, problem: "is an event file, not a config file" }));
  }
  let text: string;
  try {
    text = readFileSync(configFile, "utf8");
  } catch (error) {
    const reason = messageOf(error);
    return failed(diagnostic(Codes.ConfigLoadFailed, { reason }, { span: fileSpan(configFile), cause: error }));
  }
  const sources = new Map([[configFile, text]]);

  let exported: unknown;
  const imported = new Set([...lookedFor, configFile]);
  try {
    exported = (await importModule(configFile, options.transpileCache, imported)).default;
  } catch (error) {
    const span = thrownSpan(error, configFile, sources);
    const reason = messageOf(error);
    const advice =
      error instanceof ModuleSyntaxError
        ? "Correct the syntax at the place shown: the config could not be compiled, so it never ran."
        : error instanceof ModuleRuntimeError
          ? error.advice
          : undefined;
    return failed(diagnostic(Codes.ConfigLoadFailed, { reason, advice }, { span, cause: error }), sources);
  }
  if (!isPlainObject(exported)) {
    const got = exported === undefined ? "no default export" : describe(exported);
    const at = defaultExportAt(configFile, text);
    const span =
      at === undefined ? fileSpan(configFile) : rangeSpan({ path: configFile, lineStarts: lineStarts(text) }, at, at);
    return failed(diagnostic(Codes.ConfigNotObject, { got }, { span }), sources);
  }
  const raw = exported as RawConfig;
  const problems = checkConfig(raw as Record<string, unknown>);
  // Only now, with a problem, is the source parsed to point at each: a valid config never loads TypeScript.
  let locator: ConfigLocator | undefined;
  const locate = (): ConfigLocator => (locator ??= configLocator(configFile, text));
  // A key with a problem is in the config: if not written here, it came with a spread.
  const diagnostics = problems.map((problem) =>
    problem.at(
      locate()(problem.key, problem.value, problem.occurrence) ??
        spreadsInto(problem.key).reduce<Span | undefined>((found, spread) => found ?? locate()(spread), undefined) ??
        fileSpan(configFile),
    ),
  );
  // The folders are checked beside other problems, each unless one is in an option it reads, or
  // is an unknown option (which may be one of those, misspelt): it waits for that to be fixed.
  const readable = (reads: (key: string) => boolean) =>
    problems.every((p) => KNOWN_KEYS.includes(p.key.split(".")[0]!) && !reads(p.key));
  const outDirReadable = readable((key) => key === "outDir");
  // Any key under docs but its title: a misspelt `out` (`docs.output`) is where the folder was meant to be.
  const docsReadable = readable((key) => FOLDER_OPTIONS.has(key) || (key.startsWith("docs.") && key !== "docs.title"));
  if (!outDirReadable && !docsReadable) return { ok: false, diagnostics, sources };
  // With problems elsewhere, only the options the checks read: the others may be of any type.
  const read =
    problems.length === 0 ? raw : Object.fromEntries(Object.entries(raw).filter(([k]) => FOLDER_OPTIONS.has(k)));
  const config = withDefaults(dirname(configFile), configFile, read);
  const notFolder = outDirReadable ? outDirNotFolder(config.outDir, raw.outDir ?? DEFAULT_OUT_DIR) : undefined;
  if (notFolder !== undefined) diagnostics.push(notFolder(locate()("outDir") ?? fileSpan(configFile)));
  if (docsReadable && config.docs !== undefined && options.docsOut === undefined) {
    // Located only with a problem to place: the source is parsed then, not on every build.
    const docsAt = () => locate()("docs.out") ?? locate()("docs") ?? fileSpan(configFile);
    const overlap = docsOverlap(config);
    if (overlap !== undefined) diagnostics.push(overlap(docsAt()));
    const folder = docsFolderProblem(config.docs.outDir, raw.docs?.out ?? DEFAULT_DOCS_OUT, "config", config);
    if (folder !== undefined) diagnostics.push(folder(docsAt()));
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics, sources };
  const inputs = isTypeScriptModule(configFile) ? [...imported] : undefined;
  return { ok: true, config, diagnostics: [], sources, inputs };
}

/**
 * Where a config (or a module it imports) failed to compile or threw while it ran: the place
 * the error names, in that file, whose text joins `sources` for the code frame; the config's
 * first line when unknown.
 */
function thrownSpan(error: unknown, configFile: string, sources: Map<string, string>): Span {
  const span =
    error instanceof ModuleSyntaxError
      ? error.span
      : error instanceof ModuleRuntimeError && error.file !== undefined
        ? error.position === undefined
          ? fileSpan(error.file)
          : { file: error.file, start: error.position, end: error.position }
        : fileSpan(configFile);
  if (!sources.has(span.file)) {
    try {
      sources.set(span.file, readFileSync(span.file, "utf8"));
    } catch {
      // No code frame then; the place still says where.
    }
  }
  return span;
}

/**
 * DT1005 (to be placed) when outDir is a file, or lies below one: the build would fail to
 * write there only after all its work, and with a file-system error rather than the setting.
 */
function outDirNotFolder(outDir: string, written: string): ((span: Span | undefined) => Diagnostic) | undefined {
  let got: string | undefined;
  const shown = JSON.stringify(written);
  try {
    const stat = statSync(outDir, { throwIfNoEntry: false });
    if (stat !== undefined && !stat.isDirectory()) got = `${shown}, a file`;
    // A link to nothing: the build could not make the folder it names.
    else if (stat === undefined && lstatSync(outDir, { throwIfNoEntry: false }) !== undefined)
      got = `${shown}, a link to nothing`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    got = code === "ENOTDIR" ? `${shown}, below a file` : `${shown}, which cannot be used (${code ?? String(error)})`;
  }
  if (got === undefined) return undefined;
  const params = { key: "outDir", expected: "a folder, or a path where one can be made", got };
  return (span) => diagnostic(Codes.ConfigInvalidValue, params, span === undefined ? {} : { span });
}

/**
 * DT1017 (to be placed) when the docs site's folder and outDir are one, or one holds the other:
 * each build's deletions and watch mode's ignoring of its own writes keep to one folder each.
 */
export function docsOverlap(
  config: ResolvedConfig,
  option?: { readonly out: string; readonly cwd: string } | undefined,
): ((span: Span | undefined) => Diagnostic) | undefined {
  const docs = config.docs?.outDir;
  if (docs === undefined) return undefined;
  const { outDir, rootDir } = config;
  const inside = isWithin(docs, outDir) || isWithin(outDir, docs);
  if (!inside) return undefined;
  // `--out` as typed, and the other folders from where it was typed; the config's from the project.
  const shown = { rootDir, shownFrom: option?.cwd };
  const out = option?.out;
  const params = {
    docs: out ?? shownFolder(shown, docs),
    outDir: shownFolder(shown, outDir),
    other: shownOther(shown, otherDocsFolder(rootDir, outDir)),
    origin: out === undefined ? ("config" as const) : ("--out" as const),
    same: docs === outDir,
  };
  return (span) => diagnostic(Codes.DocsOverlapsOutDir, params, span === undefined ? {} : { span });
}

/** The allowed value a misspelt string setting most likely meant, if it is close to one. */
function closestTo(setting: unknown, allowed: readonly string[]): string | undefined {
  return typeof setting === "string" ? suggest(setting, allowed) : undefined;
}

interface RawConfig {
  readonly events?: string | readonly string[];
  readonly ignore?: string | readonly string[];
  readonly outDir?: string;
  readonly strict?: boolean;
  readonly remote?: () => unknown;
  readonly sync?: Partial<SyncSettings>;
  readonly formats?: readonly OutputFormat[];
  readonly receive?: boolean | { readonly unknownKeys?: UnknownKeys };
  readonly docs?: { readonly out?: string; readonly title?: string };
}

function withDefaults(rootDir: string, configFile: string | undefined, raw: RawConfig): ResolvedConfig {
  const outDir = raw.outDir ?? DEFAULT_OUT_DIR;
  return {
    configFile,
    rootDir,
    events: toList(raw.events ?? DEFAULT_EVENTS),
    ignore: toList(raw.ignore ?? []),
    outDir: isAbsolute(outDir) ? outDir : resolve(rootDir, outDir),
    strict: raw.strict ?? false,
    remote: raw.remote,
    // A setting written as undefined keeps its default, as a missing one does.
    sync: { ...DEFAULT_SYNC, ...Object.fromEntries(Object.entries(raw.sync ?? {}).filter(([, v]) => v !== undefined)) },
    // In one order whatever order they are written in, so that reordering them is no change (disk cache).
    formats: OUTPUT_FORMATS.filter((format) => raw.formats?.includes(format) === true),
    receive:
      raw.receive === undefined || raw.receive === false
        ? undefined
        : { unknownKeys: (raw.receive === true ? undefined : raw.receive.unknownKeys) ?? "accept" },
    docs:
      raw.docs === undefined
        ? undefined
        : { outDir: resolve(rootDir, raw.docs.out ?? DEFAULT_DOCS_OUT), title: raw.docs.title ?? DEFAULT_DOCS_TITLE },
  };
}

function toList(value: string | readonly string[]): readonly string[] {
  return typeof value === "string" ? [value] : value;
}

/** A problem with one key of the config (a path for a nested one: `sync.retries`); placed once the key is found in the source. */
interface ConfigProblem {
  readonly key: string;
  /** A string of the key's value to point at (an entry of `formats`), when the problem is that entry. */
  readonly value?: string | undefined;
  /** Which of the strings equal to `value` (0: the first), for an entry written more than once. */
  readonly occurrence?: number | undefined;
  readonly at: (span: Span) => Diagnostic;
}

/** The longest wait a timer can hold (Node fires a longer one at once); about 24.8 days. */
export const MAX_TIMER_MS = 2_147_483_647;

/** The settings under `sync`: the whole numbers each takes (the waits are timers, so bounded). */
const SYNC_LIMITS: Readonly<
  Record<Exclude<keyof SyncSettings, "api">, { readonly min: number; readonly max?: number }>
> = {
  concurrency: { min: 1 },
  retries: { min: 0 },
  retryDelayMs: { min: 0, max: MAX_TIMER_MS },
  timeoutMs: { min: 1, max: MAX_TIMER_MS },
};
const SYNC_KEYS = ["api", ...Object.keys(SYNC_LIMITS)];

function checkConfig(raw: Record<string, unknown>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const invalid = (key: string, expected: string, got: string, suggestion?: string): void => {
    const params = { key, expected, got, suggestion };
    problems.push({ key, at: (span) => diagnostic(Codes.ConfigInvalidValue, params, { span }) });
  };
  /** `key` may be a path (`sync.retry`); `known` are the names allowed at its last step. */
  const unknown = (key: string, known: readonly string[]): void => {
    const params = { key, suggestion: suggest(key.slice(key.lastIndexOf(".") + 1), known), known };
    problems.push({ key, at: (span) => diagnostic(Codes.ConfigUnknownKey, params, { span }) });
  };
  /** Each setting on its own, by its path: `sync.timeoutMs`, `sync.concurency`. */
  const checkSync = (value: unknown): void => {
    if (!isRecord(value)) {
      invalid("sync", `an object with optional ${SYNC_KEYS.join(", ")}`, describe(value));
      return;
    }
    const settings = value;
    for (const name of Object.keys(settings).sort()) {
      const setting = settings[name];
      const limits = getOwn(SYNC_LIMITS, name);
      if (name === "api") {
        if (setting !== undefined && !(SYNC_APIS as readonly unknown[]).includes(setting)) {
          const expected = `"classic" (the documented API, events without a selector) or "selectors" (the API whose events carry a $Event{...} selector)`;
          invalid("sync.api", expected, describe(setting), closestTo(setting, SYNC_APIS));
        }
      } else if (limits === undefined) unknown(`sync.${name}`, SYNC_KEYS);
      else if (setting !== undefined && (!Number.isInteger(setting) || (setting as number) < limits.min)) {
        const got = typeof setting === "number" ? String(setting) : describe(setting);
        invalid(`sync.${name}`, `a whole number from ${limits.min}`, got);
      } else if (limits.max !== undefined && typeof setting === "number" && setting > limits.max) {
        invalid(`sync.${name}`, `at most ${limits.max} (milliseconds)`, String(setting));
      }
    }
  };
  /** Each entry on its own: an unknown format (with a did-you-mean) or one written twice. */
  const checkFormats = (value: unknown): void => {
    const strings = Array.isArray(value) && value.every((item) => typeof item === "string");
    if (!strings) {
      invalid("formats", `an array of ${OUTPUT_FORMATS.map((f) => JSON.stringify(f)).join(", ")}`, describe(value));
      return;
    }
    const seen = new Map<string, number>();
    for (const entry of value as readonly string[]) {
      const occurrence = seen.get(entry) ?? 0;
      seen.set(entry, occurrence + 1);
      const params = { format: entry, known: OUTPUT_FORMATS };
      if (!(OUTPUT_FORMATS as readonly string[]).includes(entry)) {
        const unknownFormat = { ...params, suggestion: suggest(entry, OUTPUT_FORMATS) };
        const at = (span: Span) => diagnostic(Codes.UnknownFormat, unknownFormat, { span });
        problems.push({ key: "formats", value: entry, occurrence, at });
      } else if (occurrence > 0) {
        const at = (span: Span) => diagnostic(Codes.RepeatedFormat, params, { span });
        problems.push({ key: "formats", value: entry, occurrence, at });
      }
    }
  };
  /** `true`, `false`, or an object of optional settings, each checked on its own. */
  const checkReceive = (value: unknown): void => {
    if (typeof value === "boolean") return;
    if (!isRecord(value)) {
      invalid("receive", 'true, false, or { unknownKeys: "accept" | "reject" }', describe(value));
      return;
    }
    for (const name of Object.keys(value).sort()) {
      const setting = value[name];
      if (name !== "unknownKeys") unknown(`receive.${name}`, ["unknownKeys"]);
      else if (setting !== undefined && !(UNKNOWN_KEYS as readonly unknown[]).includes(setting)) {
        const expected = '"accept" (unknown keys are valid, and reported as extra) or "reject" (they are issues)';
        invalid("receive.unknownKeys", expected, describe(setting), closestTo(setting, UNKNOWN_KEYS));
      }
    }
  };
  /** `docs: { out, title }`: `out` a path as `--out` takes one (docs-folder.ts), `title` a short line of text. */
  const checkDocs = (value: unknown): void => {
    if (!isRecord(value)) {
      invalid("docs", 'an object such as { out: "event-docs" } (or {} for that folder)', describe(value));
      return;
    }
    for (const name of Object.keys(value).sort()) {
      const setting = value[name];
      if (name !== "out" && name !== "title") unknown(`docs.${name}`, DOCS_KEYS);
      else if (setting === undefined) continue;
      else if (typeof setting !== "string")
        invalid(`docs.${name}`, name === "out" ? "a non-empty path" : "a non-empty string", describe(setting));
      else if (name === "out") {
        const problem = docsOutSyntax(setting);
        if (problem !== undefined) invalid("docs.out", problem.expected, problem.got);
      } else {
        const problem = docsTitleProblem(setting);
        const length = [...setting].length;
        const got = length > MAX_DOCS_TITLE ? `a string of ${length} characters` : describe(setting);
        if (problem !== undefined) invalid("docs.title", problem, got);
      }
    }
  };
  for (const key of Object.keys(raw).sort()) {
    const value = raw[key];
    if (!KNOWN_KEYS.includes(key)) {
      unknown(key, KNOWN_KEYS);
    } else if (value === undefined) {
      continue;
    } else if (key === "outDir" && (typeof value !== "string" || value.trim() === "")) {
      invalid(key, "a non-empty path", describe(value));
    } else if (key === "outDir" && typeof value === "string" && !isAbsolute(value) && value.includes("\\")) {
      // Elsewhere than on Windows, `.\\gen` would be one folder named so: the config is shared.
      // (An absolute path is computed where it runs, e.g. path.resolve on Windows: left alone.)
      invalid(key, "a path with forward slashes, which every system reads alike", describe(value));
    } else if (key === "remote" && typeof value !== "function") {
      invalid(key, "a function returning ductape.app.webhooks.events", describe(value));
    } else if (key === "sync") {
      checkSync(value);
    } else if (key === "formats") {
      checkFormats(value);
    } else if (key === "receive") {
      checkReceive(value);
    } else if (key === "docs") {
      checkDocs(value);
    } else if (key === "strict" && typeof value !== "boolean") {
      invalid(key, "true or false", describe(value));
    } else if (key === "events" && !isGlobList(value, 1)) {
      invalid(key, "a glob string or an array of non-empty glob strings", describe(value));
    } else if (key === "ignore" && !isGlobList(value, 0)) {
      // Its default is `[]`: writing the default out must be fine.
      invalid(key, "a glob string or an array of non-empty glob strings (or [])", describe(value));
    }
  }
  return problems;
}

const DOCS_KEYS = ["out", "title"];

/** What is wrong with a `docs.title`, as the end of "must be ...", or undefined. */
function docsTitleProblem(title: string): string | undefined {
  if (title.trim() === "") return "a non-empty string";
  // One line: it is a heading and the end of every tab's title.
  if (/[\u0000-\u001f\u007f]/.test(title)) return "one line of text, without control characters";
  if ([...title].length > MAX_DOCS_TITLE) return `at most ${MAX_DOCS_TITLE} characters`;
  return undefined;
}

/** A glob string, or an array of at least `min` of them; none blank. */
function isGlobList(value: unknown, min: number): boolean {
  const list: unknown[] = Array.isArray(value) ? value : [value];
  return list.length >= min && list.every((item) => typeof item === "string" && item.trim() !== "");
}

/** An object literal's kind of object: not an array, a Promise, a Date or any other class's instance. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (value instanceof Promise) return "a Promise";
  if (Array.isArray(value)) {
    // Every setting that takes an array takes non-empty strings: name the first element that is not one.
    const odd: unknown = value.find((item) => typeof item !== "string" || item.trim() === "");
    if (value.length === 0) return "an empty array";
    return odd === undefined
      ? "an array"
      : `an array holding ${typeof odd === "string" ? "a blank string" : describe(odd)}`;
  }
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "object" && !isPlainObject(value)) {
    const name: unknown = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === "string" && name !== "" ? `an instance of ${name}` : "an object that is not plain data";
  }
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
