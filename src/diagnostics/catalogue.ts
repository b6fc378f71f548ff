import type { Diagnostic, RelatedLocation, Severity, Span } from "./diagnostic.js";

/**
 * The catalogue of every diagnostic the tool can report. Codes are permanent: once shipped, a
 * code never changes meaning and is never reused. Ranges: DT1xxx config and command line,
 * DT2xxx reading event files, DT3xxx definitions, DT4xxx samples and inference, DT5xxx writing
 * outputs, DT6xxx syncing with the platform (plan, push), DT7xxx importing documents, DT8xxx
 * the contract's tools, fifty codes a feature, errors and warnings alike (DT80xx the generated
 * validators of receive.ts; DT81xx `check` and `add` of a captured delivery; DT82xx `diff`,
 * comparing with a base; DT83xx the event docs site), DT9xxx internal faults.
 */
export interface DiagnosticKind<P> {
  readonly code: string;
  readonly title: string;
  readonly severity: Severity;
  readonly message: (params: P) => string;
  readonly hint?: (params: P) => string;
}

function kind<P = void>(k: DiagnosticKind<P>): DiagnosticKind<P> {
  return k;
}

/** `data.name`, or `data["a-b"]` for a name that is not an identifier. */
function memberAccess(object: string, name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `${object}.${name}` : `${object}[${JSON.stringify(name)}]`;
}

/** What a backslash in a glob escapes when it is meant as an escape: glob syntax, or a backslash. */
const GLOB_SPECIAL = "\\*?[](){}!@+|,^$.-";

/**
 * Whether a glob's backslashes look like a Windows path's separators rather than escapes: one
 * escapes nothing of glob syntax (`events\stripe`), or the glob has no `/` at all
 * (`events\**\*.event.ts`). A glob with `/` whose backslashes all escape glob syntax
 * (`events/\(x\)/**`, `\\`) means them as escapes.
 */
function hasPathBackslash(pattern: string): boolean {
  if (!pattern.includes("\\")) return false;
  if (!pattern.includes("/")) return true;
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] !== "\\") continue;
    const next = pattern[i + 1];
    if (next === undefined || !GLOB_SPECIAL.includes(next)) return true;
    i++;
  }
  return false;
}

/** The hint for globs written with backslashes, as Windows paths are. */
function forwardSlashes(patterns: readonly string[]): string {
  const fixed = patterns.map((p) => JSON.stringify(p.replaceAll("\\", "/"))).join(", ");
  return `Globs take forward slashes on every system (a backslash escapes the next character): write ${fixed}.`;
}

/** The first few names of a list, and how many more there are (each diagnostic's related locations name them all). */
function namesOf(names: readonly string[], shown = 10): string {
  const more = names.length - shown;
  return more > 0 ? `${names.slice(0, shown).join(", ")} and ${more} more` : names.join(", ");
}

/**
 * How a call to the platform failed for good: a transient failure that outlasted the retries, a
 * `Retry-After` longer than a retry waits, or an answer that would come again.
 */
export type FailureKind = "transient" | "wait" | "refused";

/** ` after 4 attempts` when a call was retried; nothing for a single attempt. */
function afterAttempts(attempts: number): string {
  return attempts > 1 ? ` after ${attempts} attempts` : "";
}

export const Codes = {
  // ---- DT1xxx: configuration and command line -------------------------------------------
  ConfigNotFound: kind<{ path: string; problem: string }>({
    code: "DT1001",
    title: "Config file not found",
    severity: "error",
    message: ({ path, problem }) => `The config file ${path} ${problem}.`,
    hint: () => "Check the path given to --config, or omit --config to use ./ductape.config.ts.",
  }),
  /** `advice`: what to do for a cause the loader recognised (a package not installed, a syntax error), instead of the general hint. */
  ConfigLoadFailed: kind<{ reason: string; advice?: string | undefined }>({
    code: "DT1002",
    title: "Config file could not be loaded",
    severity: "error",
    message: ({ reason }) => `The config file could not be loaded: ${reason}`,
    hint: ({ advice }) =>
      advice ?? "The config file is run as an ES module at the start of every build; fix the error it raised.",
  }),
  ConfigNotObject: kind<{ got: string }>({
    code: "DT1003",
    title: "Config has no default export object",
    severity: "error",
    message: ({ got }) => `The config's default export must be an object, got ${got}.`,
    hint: ({ got }) =>
      got === "a Promise"
        ? "A config is read as it is exported, without waiting: export the object itself, and do asynchronous setup (an SDK's login) inside `remote`."
        : 'Write `export default defineConfig({ events: "events/**/*.event.ts" })`.',
  }),
  ConfigUnknownKey: kind<{ key: string; suggestion: string | undefined; known: readonly string[] }>({
    code: "DT1004",
    title: "Unknown config option",
    severity: "error",
    message: ({ key, suggestion }) =>
      `Unknown config option "${key}".` + (suggestion ? ` Did you mean "${suggestion}"?` : ""),
    hint: ({ known }) => `Known options: ${known.join(", ")}.`,
  }),
  ConfigInvalidValue: kind<{
    key: string;
    expected: string;
    got: string;
    /** The command-line option that set the key instead of the config (`docs --out` sets docs.out): the same rule, reported there. */
    flag?: string | undefined;
    /** The allowed value closest to a misspelt one (`"rejct"`: `"reject"`). */
    suggestion?: string | undefined;
  }>({
    code: "DT1005",
    title: "Invalid config value",
    severity: "error",
    message: ({ key, expected, got, flag, suggestion }) =>
      (flag === undefined
        ? `Config option "${key}" must be ${expected}, got ${got}.`
        : `Option ${flag} (the config's "${key}") must be ${expected}, got ${got}.`) +
      (suggestion === undefined ? "" : ` Did you mean ${JSON.stringify(suggestion)}?`),
    hint: ({ key, flag }) =>
      flag === undefined
        ? `Fix "${key}" in the config, or leave it out for its default (docs/config.md lists both).`
        : `Fix ${flag} on the command line, or leave it out for the config's "${key}" or its default (docs/cli.md).`,
  }),
  UsageError: kind<{ reason: string; suggestion?: string | undefined }>({
    code: "DT1006",
    title: "Invalid command line",
    severity: "error",
    message: ({ reason, suggestion }) => reason + (suggestion ? ` Did you mean "${suggestion}"?` : ""),
    hint: () => "Run `ductape-events --help` for usage.",
  }),
  NoRemote: kind({
    code: "DT1008",
    title: "No remote configured",
    severity: "error",
    message: () => 'The config has no "remote", so there is no workspace to compare with or push to.',
    hint: () =>
      "Add remote: async () => ductape.app.webhooks.events to ductape.config.ts, after initialising the Ductape SDK with credentials from the environment.",
  }),
  RemoteUnusable: kind<{ reason: string }>({
    code: "DT1009",
    title: "Remote could not be used",
    severity: "error",
    message: ({ reason }) => `The config's remote() ${reason}.`,
    hint: () =>
      "remote must return (or resolve to), within sync.timeoutMs, ductape.app.webhooks.events: an object with create, update, fetchAll and fetch.",
  }),
  NoEventFiles: kind<{
    patterns: readonly string[];
    configAbove?: string | undefined;
    /** The project's folder (as shown), when run below it without a config anywhere in between. */
    projectRoot?: string | undefined;
  }>({
    code: "DT1010",
    title: "No event files found",
    // An error, so that a glob that matches nothing (a typo, backslashes) never replaces the outputs with empty ones.
    severity: "error",
    message: ({ patterns }) => `No event files match ${patterns.map((p) => JSON.stringify(p)).join(", ")}.`,
    hint: ({ patterns, configAbove, projectRoot }) =>
      patterns.some(hasPathBackslash)
        ? forwardSlashes(patterns)
        : configAbove !== undefined
          ? `There is no config file here, but there is ${configAbove}: run the build in its folder, or pass --config ${configAbove}.`
          : projectRoot !== undefined
            ? `There is no config file here, and globs are relative to the folder a build runs in; this one is inside the project at ${projectRoot} (the nearest folder above with a package.json): run the build there, as npm scripts do.`
            : 'Add a file such as events/my-webhook/my-event.event.ts, or set "events" in ductape.config.ts to where your events live (node_modules and outDir are never searched). The outputs were left as they were.',
  }),
  EventFilesInOutDir: kind<{ outDir: string; files: readonly string[] }>({
    code: "DT1011",
    title: "Event files inside outDir",
    // An error, as DT1010 is: these events would be neither built nor pushed, and plan would show them as only on the platform.
    severity: "error",
    message: ({ outDir, files }) =>
      `${files.length === 1 ? "1 event file is" : `${files.length} event files are`} inside outDir (${JSON.stringify(outDir)}), which is never searched since the build writes there: ${namesOf(files)}.`,
    hint: () =>
      'Give the outputs a folder of their own, outside the event files, such as outDir: "generated"; until then those events are not built.',
  }),
  UnknownFormat: kind<{ format: string; suggestion: string | undefined; known: readonly string[] }>({
    code: "DT1012",
    title: "Unknown output format",
    severity: "error",
    message: ({ format, suggestion }) =>
      `"formats" lists ${JSON.stringify(format)}, which is not a format the build writes.` +
      (suggestion ? ` Did you mean "${suggestion}"?` : ""),
    hint: ({ known }) =>
      `Known formats: ${known.map((f) => JSON.stringify(f)).join(", ")} (docs/config.md); leave "formats" out to write none.`,
  }),
  RepeatedFormat: kind<{ format: string }>({
    code: "DT1013",
    title: "Output format listed twice",
    severity: "error",
    message: ({ format }) => `"formats" lists ${JSON.stringify(format)} more than once.`,
    hint: ({ format }) => `Keep one ${JSON.stringify(format)}: each format is written once whatever the list says.`,
  }),
  /** `same`: the folder is outDir itself, not inside or around it. */
  DocsOverlapsOutDir: kind<{
    docs: string;
    outDir: string;
    same: boolean;
    other?: string | undefined;
    origin?: "config" | "--out";
  }>({
    code: "DT1017",
    title: "Docs folder overlaps outDir",
    severity: "error",
    message: ({ docs, outDir, same, origin }) => {
      const folder = `${JSON.stringify(docs)}${origin === "--out" ? " (--out)" : ""}`;
      return same
        ? `The event docs would be written to ${folder}, which is outDir.`
        : `The event docs folder ${folder} and outDir ${JSON.stringify(outDir)} lie one inside the other.`;
    },
    hint: ({ other = "event-docs", origin }) =>
      origin === "--out"
        ? `Give the site a folder of its own beside outDir, such as \`--out ${other}\`.`
        : `Give the docs a folder of their own beside outDir, such as docs: { out: ${JSON.stringify(other)} } (or \`ductape-events docs --out ${other}\`).`,
  }),
  DocsAmongEventSources: kind<{ docs: string; origin: "config" | "--out"; reason: string; other: string }>({
    code: "DT1018",
    title: "Docs folder among the event sources",
    severity: "error",
    message: ({ docs, origin, reason }) =>
      `The event docs folder ${JSON.stringify(docs)}${origin === "--out" ? " (--out)" : ""} ${reason}: the site's index.html, assets/ and webhooks/ would be written among the sources the build reads.`,
    hint: ({ other, origin }) =>
      origin === "--out"
        ? `Give the site a folder of its own outside the event sources, such as \`--out ${other}\` (a folder outside the project is fine too).`
        : `Give the site a folder of its own outside the event sources, such as docs: { out: ${JSON.stringify(other)} } (a folder outside the project is fine too).`,
  }),
  GlobMatchesNothing: kind<{ key: "events" | "ignore"; pattern: string }>({
    code: "DT1102",
    title: "Glob matches nothing",
    severity: "warning",
    message: ({ key, pattern }) =>
      key === "events"
        ? `${JSON.stringify(pattern)} matched nothing.`
        : `The ignore glob ${JSON.stringify(pattern)} leaves nothing out.`,
    hint: ({ key, pattern }) =>
      hasPathBackslash(pattern)
        ? forwardSlashes([pattern])
        : `Check "${key}" in the config for a typo in the folder or file name, or remove the glob.`,
  }),

  // ---- DT2xxx: reading event files -------------------------------------------------------
  SyntaxError: kind<{ reason: string }>({
    code: "DT2001",
    title: "Syntax error",
    severity: "error",
    message: ({ reason }) => `Syntax error: ${reason}`,
    hint: () => "Fix the syntax; the other event files are still checked.",
  }),
  NoDefaultExport: kind({
    code: "DT2002",
    title: "Event file has no default export",
    severity: "error",
    message: () => "This event file has no default export.",
    hint: () => "Add `export default defineEvent({ ... })`.",
  }),
  NotDefineEvent: kind<{ construct: string }>({
    code: "DT2003",
    title: "Default export is not a defineEvent call",
    severity: "error",
    message: ({ construct }) => `The default export is ${construct}, not a call to defineEvent.`,
    hint: () => 'Export `defineEvent({ ... })`, with defineEvent imported from "ductape-events".',
  }),
  UnsupportedExpression: kind<{ construct: string; keypath: string }>({
    code: "DT2004",
    title: "Value is not static data",
    severity: "error",
    message: ({ construct, keypath }) =>
      `${keypath}: ${construct} cannot be read without running code; event definitions must be static data.`,
    hint: () =>
      "Use a literal (string, number, boolean, null, array, object), or a const holding one in this file or a relative file.",
  }),
  UnresolvedIdentifier: kind<{ name: string; keypath: string }>({
    code: "DT2005",
    title: "Unknown identifier",
    severity: "error",
    message: ({ name, keypath }) =>
      `${keypath}: "${name}" is not a const declared in this file or imported from a relative file.`,
    hint: () => "Declare it with const (or import it from a relative file of the project).",
  }),
  UnsupportedImport: kind<{ specifier: string; name: string; keypath: string }>({
    code: "DT2006",
    title: "Value imported from a package",
    severity: "error",
    message: ({ specifier, name, keypath }) =>
      `${keypath}: "${name}" comes from the package "${specifier}"; only relative files of the project can be read statically.`,
    hint: () => "Copy the value into a file of the project, or inline it.",
  }),
  /**
   * `name` undefined: the file was not found (`tried`: the paths looked for, relative to the
   * importing file's folder); else the file has no such export. `json`: the file is (or names) a
   * JSON file, whose only export is its document.
   */
  ImportNotFound: kind<{
    specifier: string;
    name?: string | undefined;
    tried?: readonly string[] | undefined;
    json?: boolean | undefined;
  }>({
    code: "DT2007",
    title: "Imported file or export not found",
    severity: "error",
    message: ({ specifier, name, json }) =>
      name === undefined
        ? `Cannot find the ${json === true ? "JSON file" : "file"} "${specifier}".`
        : json === true
          ? `"${specifier}" is a JSON file: its only export is the document (the default export), so it has no export "${name}".`
          : name === "default"
            ? `"${specifier}" has no default export.`
            : `"${specifier}" has no exported const "${name}".`,
    hint: ({ specifier, name, tried, json }) => {
      if (name === undefined) {
        const lookedFor = tried === undefined || tried.length === 0 ? "" : `Looked for ${tried.join(" and ")}: `;
        return json === true
          ? `${lookedFor}check the path, which is relative to this file's folder and names the JSON file with its extension.`
          : `${lookedFor}check the path, which is relative to this file's folder (a ".js" specifier also finds the ".ts" file beside it).`;
      }
      if (json === true)
        return `Import the document and read the field from it: \`import data from "${specifier}"\`, then ${memberAccess("data", name)}.`;
      return name === "default"
        ? `Import the names the file exports (\`import { ... } from "${specifier}"\`), or give it \`export default\`.`
        : "Check the name, and that the value is exported with `export const` (or `export { name }`).";
    },
  }),
  /** `chain`: the names from the constant back to itself (`A`, `B`, `A`); one name when it names itself. */
  CircularReference: kind<{ name: string; chain: readonly string[] }>({
    code: "DT2008",
    title: "Circular reference",
    severity: "error",
    message: ({ name, chain }) =>
      chain.length <= 1
        ? `"${name}" refers to itself.`
        : `"${name}" refers to itself through a chain of constants: ${chain.join(" -> ")}.`,
    hint: () => "Break the cycle; a definition must be a finite tree of data.",
  }),
  InvalidSpread: kind<{ expected: string; keypath: string }>({
    code: "DT2009",
    title: "Spread of the wrong kind of value",
    severity: "error",
    message: ({ expected, keypath }) => `${keypath}: only ${expected} can be spread here.`,
    hint: () => 'Spread objects into objects and arrays into arrays: `{ ...headers, id: 1 }`, `[...tags, "new"]`.',
  }),
  DefinitionNotObject: kind<{ got: string }>({
    code: "DT2011",
    title: "Definition is not an object",
    severity: "error",
    message: ({ got }) => `defineEvent must be given an object literal, got ${got}.`,
    hint: () => "Pass { name, tag, description, sample } to defineEvent.",
  }),
  NumberOutOfRange: kind<{ keypath: string; excerpt: string; negative?: boolean }>({
    code: "DT2012",
    title: "Number too large for JSON",
    severity: "error",
    message: ({ keypath, excerpt, negative }) =>
      `${keypath}: ${excerpt} is too large for JSON, which holds numbers up to about 1.8e308 (it would be ${negative === true ? "-Infinity" : "Infinity"}).`,
    hint: () => "Write a smaller number, or the value as a string if the payload carries it as text.",
  }),
  NotAnEnumMember: kind<{ keypath: string; excerpt: string; members: readonly string[] }>({
    code: "DT2013",
    title: "Not a member of the enum",
    severity: "error",
    message: ({ keypath, excerpt }) => `${keypath}: ${excerpt} names no member of its enum.`,
    hint: ({ members }) =>
      members.length === 0
        ? "The enum has no members; add the one you mean."
        : `Use one of its members: ${members.slice(0, 10).join(", ")}${members.length > 10 ? ", ..." : ""}.`,
  }),
  NumberNotExact: kind<{
    keypath: string;
    /** The literal as written, with its sign when it has one (`-820982911946154508`). */
    literal: string;
    /** What the outputs would hold instead; undefined for an integer that is held but not safe. */
    written: string | undefined;
    /** For a literal written as an integer, its decimal digits (`0x10` gives "16"). */
    integer: string | undefined;
    /** Whether the literal is a property key (`{ 820982911946154508: x }`) rather than a value. */
    key: boolean;
    /** The schema keyword it is the value of, when a schema's bound (`maximum`), not data. */
    bound?: string | undefined;
  }>({
    code: "DT2014",
    title: "Number not held exactly",
    severity: "error",
    message: ({ keypath, literal, written, key }) =>
      key
        ? `${keypath}: the key \`${literal}\` is not held exactly by a JavaScript number: it would be the key "${written ?? literal}".`
        : written === undefined
          ? `${keypath}: \`${literal}\` is an integer beyond ±9007199254740991 (Number.MAX_SAFE_INTEGER), where JavaScript numbers hold only some integers: values beside it would lose digits.`
          : `${keypath}: \`${literal}\` cannot be held by a JavaScript number: it would become ${written} in the outputs.`,
    hint: ({ literal, written, integer, key, bound }) =>
      key
        ? `Quote the key: "${integer ?? literal.replaceAll("_", "")}".`
        : bound !== undefined
          ? `A schema's ${bound} must be a number JavaScript holds: write the bound you mean as one (up to 9007199254740991 for integers), or, for values that are really digits, declare them as strings with a pattern.`
          : integer !== undefined
            ? `Write ids and other large integers as strings ("${integer}"), as the APIs that send them do: a JavaScript receiver would round the number too.`
            : `Write ${written ?? literal} if that is the number you mean, or a string ("${literal.replaceAll("_", "")}") if its digits matter.`,
  }),
  DuplicateKey: kind<{ keypath: string; first: number }>({
    code: "DT2015",
    title: "Key written twice",
    severity: "error",
    message: ({ keypath, first }) =>
      `${keypath} is written twice in one object (first on line ${first}); only the last would be kept.`,
    hint: () => "Remove one of the two, or merge them.",
  }),
  FileUnreadable: kind<{ reason: string }>({
    code: "DT2010",
    title: "File could not be read",
    severity: "error",
    message: ({ reason }) => `The file could not be read: ${reason}`,
  }),

  // ---- DT3xxx: definitions ---------------------------------------------------------------
  MissingField: kind<{ keypath: string; field: string; example: string }>({
    code: "DT3001",
    title: "Missing field",
    severity: "error",
    message: ({ keypath, field }) => `${keypath} is missing the required field "${field}".`,
    hint: ({ field, example }) => `Add ${field}: ${example}.`,
  }),
  WrongType: kind<{ keypath: string; expected: string; got: string }>({
    code: "DT3002",
    title: "Wrong type",
    severity: "error",
    message: ({ keypath, expected, got }) => `${keypath} must be ${expected}, got ${got}.`,
    hint: ({ keypath, expected }) =>
      `Write ${expected} at ${keypath}; docs/event-files.md ("The definition") lists what each field takes.`,
  }),
  UnknownField: kind<{ keypath: string; field: string; suggestion: string | undefined; known: readonly string[] }>({
    code: "DT3003",
    title: "Unknown field",
    severity: "error",
    message: ({ keypath, field, suggestion }) =>
      `${keypath} has an unknown field "${field}".` + (suggestion ? ` Did you mean "${suggestion}"?` : ""),
    hint: ({ known }) => `Allowed fields: ${known.join(", ")}.`,
  }),
  InvalidTag: kind<{ tag: string; problem: string; suggestion: string | undefined }>({
    code: "DT3004",
    title: "Invalid tag",
    severity: "error",
    message: ({ tag, problem }) => `Tag ${JSON.stringify(tag)} ${problem}.`,
    hint: ({ suggestion }) =>
      "A tag is webhook-tag:event-tag, each side a lowercase slug of at most 100 characters: letters a-z and digits, words joined by single hyphens" +
      (suggestion ? `, for example ${JSON.stringify(suggestion)}.` : "."),
  }),
  EmptyName: kind<{ keypath: string }>({
    code: "DT3005",
    title: "Empty name",
    severity: "error",
    message: ({ keypath }) => `${keypath} is empty.`,
    hint: () => 'Give the event a human-readable name, such as "New Transaction".',
  }),
  DuplicateTag: kind<{ tag: string; count: number }>({
    code: "DT3006",
    title: "Duplicate tag",
    severity: "error",
    message: ({ tag, count }) => `Tag "${tag}" is defined ${count} times; tags must be unique.`,
    hint: () => "Rename all but one of the events, or delete the copies.",
  }),
  TypeNameCollision: kind<{ typeName: string; tags: readonly string[] }>({
    code: "DT3007",
    title: "Generated type names collide",
    severity: "error",
    message: ({ typeName, tags }) =>
      `Tags ${tags.map((t) => `"${t}"`).join(" and ")} would both generate the type ${typeName}.`,
    hint: () => "Rename one of the tags so that their words differ, not only their punctuation.",
  }),

  InvalidValue: kind<{ keypath: string; problem: string }>({
    code: "DT3008",
    title: "Invalid value",
    severity: "error",
    message: ({ keypath, problem }) => `${keypath} ${problem}.`,
  }),
  InvalidSelector: kind<{ selector: string; problem: string }>({
    code: "DT3009",
    title: "Invalid selector",
    severity: "error",
    message: ({ selector, problem }) => `Selector ${JSON.stringify(selector)} ${problem}.`,
    hint: () =>
      "A selector names the string or number field of the sample that identifies the event: a path such as " +
      '`body.event` or `headers["x-github-event"]`, or the platform\'s notation `$Event{event}` (a path into the body).',
  }),
  DuplicateSelectorValue: kind<{ webhook: string; selector: string; value: string; tags: readonly string[] }>({
    code: "DT3010",
    title: "Two events of a webhook share a selector value",
    severity: "error",
    message: ({ webhook, selector, value, tags }) =>
      `Events ${tags.map((t) => `"${t}"`).join(" and ")} of webhook "${webhook}" both have ${selector} = ${value}, so the selector cannot tell them apart.`,
    hint: () => "Give each event its own value at the selector path (it is usually the event's type name).",
  }),
  SelectorPathsDiffer: kind<{ webhook: string; paths: readonly string[] }>({
    code: "DT3011",
    title: "Events of a webhook use different selectors",
    severity: "error",
    message: ({ webhook, paths }) =>
      `The events of webhook "${webhook}" use different selector paths (${paths.map((p) => JSON.stringify(p)).join(", ")}).`,
    hint: () => "Use one path for every event of a webhook, so their payloads form one discriminated union.",
  }),

  SelectorOverridesRefinement: kind<{
    path: string;
    keys: readonly string[];
    selector: string;
    value: string;
    /** The refinement is of a field the selector's path goes through, not of the selected field. */
    onTheWay?: boolean;
  }>({
    code: "DT3012",
    title: "Refinement of the selected field",
    severity: "error",
    message: ({ path, keys, selector, value, onTheWay }) =>
      onTheWay === true
        ? `refine[${JSON.stringify(path)}] sets ${keys.join(", ")} on a field that the selector ${selector} goes ` +
          `through, but every payload must hold the selected field with this event's value ${value}, so the refinement would be ignored.`
        : `refine[${JSON.stringify(path)}] sets ${keys.join(", ")} on the field that the selector ${selector} ` +
          `names, but the selector types that field as this event's value ${value}, which every payload must hold, so the refinement would be ignored.`,
    hint: () =>
      "Remove enum, literal, schema, optional and nullable from this refinement (a description still applies), " +
      "or remove the selector.",
  }),
  SelectorMissing: kind<{ webhook: string; without: readonly string[]; selector: string }>({
    code: "DT3101",
    title: "Some events of a webhook have no selector",
    severity: "warning",
    message: ({ webhook, without, selector }) =>
      `${without.length === 1 ? "Event" : "Events"} ${without.map((t) => `"${t}"`).join(", ")} of webhook "${webhook}" ` +
      `${without.length === 1 ? "declares" : "declare"} no selector while others select with ${selector}, ` +
      `so WebhookPayloads["${webhook}"] is not a discriminated union and no selected field is typed as its event's value.`,
    hint: () =>
      "Give every event of the webhook a selector on the same field, or remove the selector from all of them.",
  }),

  // ---- DT32xx: declared schemas (`schema` on defineEvent) and their references --------------
  SchemaFileNotFound: kind<{ ref: string; file: string }>({
    code: "DT3201",
    title: "Schema reference to a missing file",
    severity: "error",
    message: ({ ref, file }) => `$ref ${JSON.stringify(ref)} names ${file}, which does not exist.`,
    hint: () =>
      "A relative $ref (./schemas/order.json#/definitions/order) is resolved against the folder of the file it is " +
      "written in; a package path (provider-schemas/schema.json#/...) needs the package installed (npm install -D <package>).",
  }),
  SchemaFileUnreadable: kind<{ ref: string; file: string; reason: string }>({
    code: "DT3202",
    title: "Schema file cannot be read",
    severity: "error",
    message: ({ ref, file, reason }) =>
      `$ref ${JSON.stringify(ref)} names ${file}, which cannot be read as JSON: ${reason}.`,
    hint: () => "A schema file must be a JSON document; fix or replace the file.",
  }),
  SchemaRefTargetMissing: kind<{ ref: string; problem: string }>({
    code: "DT3203",
    title: "Schema reference points to nothing",
    severity: "error",
    message: ({ ref, problem }) => `$ref ${JSON.stringify(ref)} points to nothing: ${problem}.`,
    hint: () =>
      "After # comes a JSON Pointer (/definitions/order: keys and array indexes, ~1 for / and ~0 for ~) or an anchor " +
      "declared with $anchor.",
  }),
  RemoteSchemaRef: kind<{ ref: string }>({
    code: "DT3204",
    title: "Schema reference to the network",
    severity: "error",
    message: ({ ref }) => `$ref ${JSON.stringify(ref)} points to the network, and schemas are never fetched.`,
    hint: () =>
      "Vendor the file: install the provider's npm package and write the $ref as <package>/<file>.json#/..., or save " +
      "a copy in the project and write the $ref relative to the file that holds it (./schemas/<file>.json#/...).",
  }),
  UnsupportedSchemaKeyword: kind<{ keyword: string; problem: string }>({
    code: "DT3205",
    title: "Schema keyword not supported",
    severity: "error",
    message: ({ keyword, problem }) => `${keyword} is not supported: ${problem}.`,
    hint: () => "Write the schema with $ref to a definition instead (#/$defs/<name>).",
  }),
  UnknownSchemaDialect: kind<{ keyword: string; value: string; supported: readonly string[] }>({
    code: "DT3206",
    title: "Unknown JSON Schema dialect",
    severity: "error",
    message: ({ keyword, value }) => `${keyword} ${value} names no JSON Schema dialect that is read here.`,
    hint: ({ supported }) => `Use one of ${supported.join(", ")}, or leave $schema out for draft-07.`,
  }),
  InvalidSchemaRef: kind<{ ref: string; problem: string }>({
    code: "DT3207",
    title: "Invalid schema reference",
    severity: "error",
    message: ({ ref, problem }) => `$ref ${ref} ${problem}.`,
    hint: () =>
      "Write $ref as a string: #/$defs/<name> in the same document, ./file.json#/... relative to the file that " +
      "holds it, or <package>/<file>.json#/... in an installed package.",
  }),
  SchemaRefCycle: kind<{ ref: string; chain: readonly string[] }>({
    code: "DT3208",
    title: "Schema reference leads only to itself",
    severity: "error",
    message: ({ ref, chain }) =>
      `$ref ${JSON.stringify(ref)} leads back to itself through references only (${chain.join(" -> ")}), so it describes no value.`,
    hint: () => "Point one of these references at a schema that has keywords of its own.",
  }),
  SchemaDoesNotCompile: kind<{ key: string; reason: string }>({
    code: "DT3209",
    title: "Declared schema cannot be compiled",
    severity: "error",
    message: ({ key, reason }) => `The schema ${key} cannot be used for validation: ${reason}.`,
    hint: () =>
      "Correct the keyword named (a pattern must be a valid regular expression, a type one of the JSON types).",
  }),
  SchemaFileNotExported: kind<{ ref: string; packageName: string; file: string }>({
    code: "DT3150",
    title: "Schema file not exported by its package",
    severity: "warning",
    message: ({ ref, packageName, file }) =>
      `$ref ${JSON.stringify(ref)}: package ${packageName} does not export this file in its "exports" map, so Node ` +
      `would refuse it; it was read from the package's folder (${file}).`,
    hint: () =>
      "This still works, but may break when the package moves the file: ask its authors to export it, or copy the file into the project.",
  }),

  // ---- DT4xxx: samples -------------------------------------------------------------------
  SampleTooDeep: kind<{ keypath: string; limit: number }>({
    code: "DT4001",
    title: "Sample nested too deeply",
    severity: "error",
    message: ({ keypath, limit }) => `${keypath} is nested more than ${limit} levels deep.`,
    hint: () => "Flatten the sample; payloads this deep are not supported.",
  }),
  SampleTooLarge: kind<{ keypath: string; nodes: number; limit: number }>({
    code: "DT4002",
    title: "Sample too large",
    severity: "error",
    message: ({ keypath, nodes, limit }) =>
      `${keypath} has ${nodes.toLocaleString("en-US")} values; the limit is ${limit.toLocaleString("en-US")}.`,
    hint: () =>
      "Trim the sample to a representative payload (arrays need only a few elements); the limit keeps a build's time and memory bounded.",
  }),
  InvalidRefinementPath: kind<{ path: string; problem: string; suggestion?: string | undefined }>({
    code: "DT4003",
    title: "Refinement names no field",
    severity: "error",
    message: ({ path, problem, suggestion }) =>
      `refine[${JSON.stringify(path)}]: the path ${problem}.` + (suggestion ? ` Did you mean "${suggestion}"?` : ""),
    hint: () =>
      'Write the path of a field in the sample: "body.customer.email", "body.items[].sku" ([] for array elements), \'headers["x-sig"]\'.',
  }),
  RefinementRejectsSample: kind<{ path: string; which: string; value: string; reason: string }>({
    code: "DT4004",
    title: "Refined type rejects a sample",
    severity: "error",
    message: ({ path, which, value, reason }) =>
      `refine[${JSON.stringify(path)}] makes the type reject ${which}: ${value} ${reason}.`,
    hint: () =>
      "Widen the refinement (an enum value, nullable, optional) or correct the sample; every sample must fit its type.",
  }),
  UnsupportedRefinementSchema: kind<{ path: string; problem: string }>({
    code: "DT4005",
    title: "Refinement schema not valid",
    severity: "error",
    message: ({ path, problem }) => `refine[${JSON.stringify(path)}].schema ${problem}.`,
    hint: () =>
      "Correct the schema at the places named (every JSON Schema keyword is taken; a $ref is not yet: write that schema inline).",
  }),
  DuplicateRefinement: kind<{ path: string; first: string }>({
    code: "DT4006",
    title: "Two refinements of one field",
    severity: "error",
    message: ({ path, first }) =>
      `refine[${JSON.stringify(path)}] names the same field as refine[${JSON.stringify(first)}], so one of them would be ignored.`,
    hint: () => "Merge the two entries into one.",
  }),
  EmptyArray: kind<{ keypath: string; others: number }>({
    code: "DT4101",
    title: "Empty array in sample",
    severity: "warning",
    message: ({ keypath, others }) =>
      others === 0
        ? `${keypath} is an empty array, so its elements are typed unknown.`
        : `${keypath} and ${others.toLocaleString("en-US")} other array${others === 1 ? "" : "s"} are empty, so their elements are typed unknown.`,
    hint: ({ others }) =>
      others === 0
        ? "Put one representative element in the sample to type its elements."
        : "Put one representative element in each of them to type their elements.",
  }),
  NullInSample: kind<{ keypath: string; path: string; others: number }>({
    code: "DT4102",
    title: "Field is always null in the samples",
    severity: "warning",
    message: ({ keypath, others }) =>
      others === 0
        ? `${keypath} is null in every sample, so it is typed null.`
        : `${keypath} and ${others.toLocaleString("en-US")} other field${others === 1 ? "" : "s"} are null in every sample, so they are typed null.`,
    hint: ({ path, others }) =>
      others === 0
        ? `If it can hold a value, add an example where it does (examples: [...]), or refine it with its real type: refine: { ${JSON.stringify(path)}: { schema: { type: "string" }, nullable: true } }.`
        : `Where a field can hold a value, add an example where it does (examples: [...]), or refine it with its real type, as in refine: { ${JSON.stringify(path)}: { schema: { type: "string" }, nullable: true } }.`,
  }),
  HeaderNotLowercase: kind<{ name: string; others: number }>({
    code: "DT4103",
    title: "Header name is not lowercase",
    severity: "warning",
    message: ({ name, others }) =>
      others === 0
        ? `Header ${JSON.stringify(name)} is typed with this spelling, but receivers such as Node.js deliver header names in lowercase.`
        : `Header ${JSON.stringify(name)} and ${others.toLocaleString("en-US")} other header${others === 1 ? "" : "s"} are typed with these spellings, but receivers such as Node.js deliver header names in lowercase.`,
    hint: ({ name, others }) =>
      others === 0
        ? `Write it as ${JSON.stringify(name.toLowerCase())}.`
        : `Write them in lowercase, as ${JSON.stringify(name.toLowerCase())}.`,
  }),

  /** `value`: the sample's value there, as written (`2`, `true`). */
  ValueNotText: kind<{
    keypath: string;
    part: "query" | "params";
    value: string;
    type: "a number" | "a boolean";
    others: number;
  }>({
    code: "DT4105",
    title: "Query or params value is not text",
    severity: "warning",
    message: ({ keypath, part, value, type, others }) =>
      `${keypath} is ${value}${others === 0 ? "" : `, and ${others.toLocaleString("en-US")} other value${others === 1 ? " is" : "s are"} not text either`}, but ${part === "query" ? "a query string" : "a URL's params"} arrive${part === "query" ? "s" : ""} as text (${part === "query" ? '?page=2 gives "2"' : '/orders/42 gives "42"'}): the types and the generated validators would expect ${type}, and reject every real delivery.`,
    hint: ({ value }) => `Write the value as the text it arrives as: ${JSON.stringify(value)}.`,
  }),

  SampleLooksLikeSecret: kind<{ keypath: string; kind: string; placeholder: string; sent: boolean; others: number }>({
    code: "DT4104",
    title: "Sample looks like a live credential",
    severity: "warning",
    message: ({ keypath, kind, sent, others }) =>
      `${keypath} looks like ${kind}${others === 0 ? "" : `, and ${others.toLocaleString("en-US")} other value${others === 1 ? " looks" : "s look"} like live credentials too`}. ` +
      (sent ? "Samples are committed to git and sent to the platform." : "Examples are committed to git."),
    hint: ({ placeholder, others }) =>
      `Use ${others === 0 ? "a placeholder" : "placeholders"} such as ${JSON.stringify(placeholder)}; push refuses samples like this unless --allow-secrets is given.`,
  }),

  SampleRejectedBySchema: kind<{ keypath: string; reason: string }>({
    code: "DT4201",
    title: "Sample does not match the declared schema",
    severity: "error",
    message: ({ keypath, reason }) => `${keypath} does not match the declared schema: ${reason}.`,
    hint: () => "Correct the sample, or the schema if the provider sends such values; every sample must validate.",
  }),

  // ---- DT5xxx: outputs -------------------------------------------------------------------
  OutputNotOurs: kind<{ path: string }>({
    code: "DT5001",
    title: "Output file was not generated by ductape-events",
    severity: "error",
    message: ({ path }) => `${path} exists and was not generated by ductape-events; it was left untouched.`,
    hint: () => 'Move the file away, or set "outDir" in ductape.config.ts to a folder of its own.',
  }),
  WriteFailed: kind<{ path: string; reason: string; partial?: boolean }>({
    code: "DT5002",
    title: "Could not write outputs",
    severity: "error",
    message: ({ path, reason, partial }) =>
      partial === true
        ? `Could not write ${path}: ${reason}. Some outputs had already been replaced and the others not; build again once the cause is fixed.`
        : `Could not write ${path}: ${reason}. No output was changed.`,
  }),

  OutputStale: kind<{ path: string; missing: boolean; obsolete?: boolean; reason?: string | undefined }>({
    code: "DT5003",
    title: "Output out of date",
    severity: "error",
    message: ({ path, missing, obsolete, reason }) =>
      obsolete === true
        ? `${path} is no longer generated (${reason ?? "its webhook declares no events"}) and would be deleted.`
        : missing
          ? `${path} is missing.`
          : `${path} is out of date with the event definitions.`,
    hint: () => "Run `ductape-events build` and commit the result.",
  }),

  // ---- DT83xx: the event docs site ------------------------------------------------------
  DocsFileNotOurs: kind<{ path: string; other?: string | undefined }>({
    code: "DT8301",
    title: "Docs file was not generated by ductape-events",
    severity: "error",
    message: ({ path }) =>
      `${path} exists and was not generated by ductape-events; it was left untouched, and nothing was written.`,
    hint: ({ other = "event-docs" }) =>
      `Move the file away, or give the docs a folder of their own: docs: { out: ${JSON.stringify(other)} } in ductape.config.ts, or \`ductape-events docs --out ${other}\`.`,
  }),

  // ---- DT6xxx: syncing with the platform -------------------------------------------------
  RemoteCallFailed: kind<{ call: string; reason: string; attempts: number; failure: FailureKind }>({
    code: "DT6001",
    title: "Call to the platform failed",
    severity: "error",
    message: ({ call, reason, attempts }) => `${call} failed${afterAttempts(attempts)}: ${reason}`,
    hint: ({ failure }) =>
      failure === "transient"
        ? "It failed on every retry (sync.retries): check the platform's status and the network, then run again."
        : failure === "wait"
          ? "The platform asked for a longer wait than a retry takes: run again once its rate limit has passed."
          : "The platform refused it, as it would again (such as 400, 401 or 404): check the credentials, the workspace and sync.api, then run again.",
  }),
  RemoteResponseInvalid: kind<{ reason: string }>({
    code: "DT6002",
    title: "Unexpected response from the platform",
    severity: "error",
    message: ({ reason }) => `${reason}.`,
  }),
  PushRefused: kind<{ reason: string }>({
    code: "DT6003",
    title: "Push refused",
    severity: "error",
    message: ({ reason }) => `Nothing was pushed: ${reason}.`,
  }),
  PushFailed: kind<{
    tag: string;
    action: string;
    reason: string;
    attempts: number;
    /** Changes of the same push that were applied, and how many the push tried. */
    applied: number;
    total: number;
  }>({
    code: "DT6004",
    title: "Event could not be pushed",
    severity: "error",
    message: ({ tag, action, reason, attempts }) => `${action} "${tag}" failed${afterAttempts(attempts)}: ${reason}`,
    hint: ({ applied, total }) =>
      total > 1 && applied === total - 1
        ? "The other events were still pushed; fix the cause and push again (pushing is idempotent)."
        : applied > 0
          ? `${applied} of the ${total - 1} other events ${applied === 1 ? "was" : "were"} still pushed; fix the causes and push again (pushing is idempotent).`
          : total > 1
            ? `No event was pushed: all ${total} calls failed. Suspect what they share first (the credentials, the workspace, the network); fix it and push again (pushing is idempotent).`
            : "Nothing was pushed; fix the cause and push again (pushing is idempotent).",
  }),
  SelectorRequired: kind<{ tag: string }>({
    code: "DT6005",
    title: "Event needs a selector for this platform API",
    severity: "error",
    message: ({ tag }) =>
      `"${tag}" declares no selector, and the workspace's API (sync.api "selectors") requires one for every event; nothing was sent.`,
    hint: () =>
      'Add `selector: "$Event{<field>}"` (or `"body.<field>"`) naming the body field whose value identifies this event, or set sync.api to "classic" if the workspace speaks the documented API.',
  }),
  SelectorNotOnPlatform: kind<{ tag: string; selector: string; problem: string }>({
    code: "DT6006",
    title: "Selector the platform API cannot take",
    severity: "error",
    message: ({ tag, selector, problem }) =>
      `The selector ${JSON.stringify(selector)} of "${tag}" ${problem}; the workspace's API (sync.api "selectors") takes a path into the body, written $Event{...}. Nothing was sent.`,
    hint: () =>
      'Select with a field of the body that identifies the event (`body.type` is sent as $Event{type}); an event told apart only by a header (as GitHub\'s x-github-event) cannot be pushed to this API. Or set sync.api to "classic".',
  }),

  // ---- DT7xxx: importing documents (ductape-events import) ------------------------------
  ImportNotOpenApi: kind<{ got: string }>({
    code: "DT7001",
    title: "Not an OpenAPI 3 document",
    severity: "error",
    message: ({ got }) => `This is not an OpenAPI 3.x document: ${got}.`,
    hint: ({ got }) =>
      got.includes("Swagger")
        ? "Convert it to OpenAPI 3 first (for example with swagger2openapi), then import the result."
        : 'import openapi reads OpenAPI 3.0 and 3.1 documents, whose root has "openapi": "3.x.y".',
  }),
  ImportNoOperations: kind<{ reason: string }>({
    code: "DT7002",
    title: "No webhooks or callbacks to import",
    severity: "error",
    message: ({ reason }) => `Nothing to import: ${reason}.`,
    hint: () =>
      "import openapi turns each operation of the document's webhooks (or, when it has none, of its paths' callbacks) into an event file.",
  }),
  ImportRefUnresolved: kind<{ ref: string; reason: string }>({
    code: "DT7003",
    title: "Reference cannot be resolved",
    severity: "error",
    message: ({ ref, reason }) => `The $ref ${JSON.stringify(ref)} cannot be resolved: ${reason}.`,
    hint: ({ reason }) =>
      reason.includes("another file")
        ? "Bundle the document into one file first (for example `npx @redocly/cli bundle`), then import the bundle."
        : "Fix the reference in the document, or leave the operation out with --only.",
  }),
  ImportNetworkRef: kind<{ ref: string }>({
    code: "DT7004",
    title: "Reference to the network",
    severity: "error",
    message: ({ ref }) => `The $ref ${JSON.stringify(ref)} points to the network, and nothing is fetched.`,
    hint: () =>
      "Vendor the referenced document: download it, bundle it into this one (for example `npx @redocly/cli bundle`), and import the bundle.",
  }),
  ImportSyntaxError: kind<{ reason: string }>({
    code: "DT7005",
    title: "Document could not be parsed",
    severity: "error",
    message: ({ reason }) => `The document could not be parsed: ${reason}`,
    hint: () => "import openapi reads JSON (a .json file) and YAML (.yaml or .yml).",
  }),
  ImportLossyNumber: kind<{ written: string }>({
    code: "DT7006",
    title: "Number that cannot be kept exactly",
    severity: "error",
    message: ({ written }) =>
      `The number ${written} has more digits than a JavaScript number holds, and a schema that imports it would say ${String(Number(written))}.`,
    hint: () =>
      "Write it in the document as a number that JavaScript can hold, or leave the operation out with --only.",
  }),
  ImportNoWebhookTag: kind<{ title: string }>({
    code: "DT7007",
    title: "No webhook tag",
    severity: "error",
    message: ({ title }) =>
      `The operations have no tags, and the document's title ${JSON.stringify(title)} makes no webhook tag (a lowercase slug of at most 100 characters).`,
    hint: () => "Name the webhook: ductape-events import openapi <file> --webhook <tag>.",
  }),
  ImportSharedFileStale: kind<{ file: string; missing: string; tag: string }>({
    code: "DT7008",
    title: "Shared schemas file lacks a schema",
    severity: "error",
    message: ({ file, missing, tag }) =>
      `${file} exists with other content than this import would write, and it has nothing at ${missing}, which the new event ${tag} refers to. Nothing was written.`,
    hint: ({ file }) =>
      `An import never overwrites a file. To take the document's current schemas, move ${file} away (carry over any edits of yours) and import again.`,
  }),
  ImportExampleUnused: kind<{ where: string; reason: string }>({
    code: "DT7101",
    title: "Example not used",
    severity: "warning",
    message: ({ where, reason }) => `The example ${where} was not used: ${reason}.`,
    hint: () =>
      "The event's sample comes from its next example, or is built from the schema; fix the example in the document to use it.",
  }),
  ImportOperationSkipped: kind<{ operation: string; reason: string }>({
    code: "DT7102",
    title: "Operation not imported",
    severity: "warning",
    message: ({ operation, reason }) => `${operation} was not imported: ${reason}.`,
    hint: () => "An event's body is a JSON object; write such an event by hand if you need it.",
  }),
  ImportSampleInvalid: kind<{ operation: string; reason: string }>({
    code: "DT7103",
    title: "Sample built from the schema does not satisfy it",
    severity: "warning",
    message: ({ operation, reason }) =>
      `${operation} has no example, and the sample built from its schema does not satisfy the schema: ${reason}.`,
    hint: () =>
      "Edit the sample in the event file (a build reports where it fails), or add an example to the document and import again.",
  }),

  // ---- DT8xxx: receiving deliveries (receive.ts) ------------------------------------------
  ReceiveCannotCompile: kind<{ owner: string; at: string; reason: string }>({
    code: "DT8001",
    title: "Schema keyword the receive validators cannot check",
    severity: "error",
    message: ({ owner, at, reason }) =>
      `The validators of receive.ts cannot check ${owner}'s schema exactly: ${at} ${reason}.`,
    hint: () =>
      'Write the schema without that keyword (the build\'s other outputs keep it), or turn "receive" off in the config; a validator that checked less than the schema says would accept deliveries it should not.',
  }),

  // ---- DT81xx: captured deliveries (ductape-events check, add) -------------------------
  /** `errors`: the project's errors elsewhere, shown with it (the event may be in a file that has them). */
  CaptureUnknownTag: kind<{ tag: string; suggestion: string | undefined; known: number; errors: number }>({
    code: "DT8101",
    title: "No such event",
    severity: "error",
    message: ({ tag, suggestion, known }) =>
      `The project has no event "${tag}"` +
      (suggestion === undefined
        ? ` (it declares ${known} event${known === 1 ? "" : "s"} that build).`
        : `. Did you mean "${suggestion}"?`),
    hint: ({ errors }) =>
      errors > 0
        ? `The project has ${errors === 1 ? "another error" : `${errors} other errors`}, shown here: fix ${errors === 1 ? "it" : "them"} first, since the event may be declared in a file that has ${errors === 1 ? "it" : "them"}.`
        : "Give the tag as webhook:event, as `ductape-events list` shows it; `add --from` creates a new event.",
  }),
  CaptureUnreadable: kind<{ path: string; reason: string }>({
    code: "DT8102",
    title: "Delivery file cannot be read",
    severity: "error",
    message: ({ path, reason }) => `Cannot read the delivery ${path}: ${reason}.`,
    hint: () => "Give the path of a JSON file holding the captured delivery.",
  }),
  CaptureSyntaxError: kind<{ reason: string }>({
    code: "DT8103",
    title: "Delivery is not JSON",
    severity: "error",
    message: ({ reason }) => `The delivery could not be parsed as JSON: ${reason}`,
    hint: () => "A capture is a JSON file: { headers, query, body, params }, or the raw body with --body.",
  }),
  CaptureNotADelivery: kind<{ problem: string }>({
    code: "DT8104",
    title: "Not a delivery",
    severity: "error",
    message: ({ problem }) => `This is not a captured delivery: ${problem}.`,
    hint: ({ problem }) =>
      problem.includes("top-level")
        ? "A delivery is { headers, query, body, params } (each an object, any of them may be left out); if the file is the raw body, pass --body."
        : "Headers are an object of strings (or arrays of strings, as Node gives repeated headers); query, body and params are objects.",
  }),
  CaptureLossyNumber: kind<{ written: string }>({
    code: "DT8105",
    title: "Number that cannot be kept exactly",
    severity: "error",
    message: ({ written }) =>
      `The number ${written} has more digits than a JavaScript number holds: it would be read as ${String(Number(written))}.`,
    hint: () =>
      "A receiver that parses the delivery with JSON.parse sees the rounded value; ask the sender for a string, or write the value as a number JavaScript can hold.",
  }),
  CaptureDoesNotMatch: kind<{ tag: string; issue: string }>({
    code: "DT8106",
    title: "Delivery does not match its event",
    severity: "error",
    message: ({ tag, issue }) => `${issue} (the schema of "${tag}").`,
    hint: () =>
      "Either the delivery is not what the event declares, or the event is out of date: add it to the event's examples with `ductape-events add --from <file> --tag <tag>`, then build.",
  }),
  /** `rejectedBy`: what made it an error (the flag, or the config), if anything did. */
  CaptureUnknownField: kind<{ tag: string; field: string; rejectedBy?: string | undefined }>({
    code: "DT8107",
    title: "Field not in the event's schema",
    severity: "warning",
    message: ({ tag, field, rejectedBy }) =>
      `${field} is not in the schema of "${tag}"; ${rejectedBy === undefined ? "accepted, since partners add fields" : `rejected, as ${rejectedBy} asks`}.`,
    hint: ({ rejectedBy }) =>
      rejectedBy === undefined
        ? "Pass --reject-unknown to treat such fields as errors; add the delivery to the event's examples (`ductape-events add`) to type them."
        : `Add the delivery to the event's examples (\`ductape-events add\`) to type such fields; to accept fields that partners add, leave out ${rejectedBy}.`,
  }),
  AddFileInTheWay: kind<{ path: string; problem: string }>({
    code: "DT8108",
    title: "Event file in the way",
    severity: "error",
    message: ({ path, problem }) => `${path} ${problem}; nothing was written.`,
    hint: () => "add never overwrites a file: move it away, or write the new event elsewhere with --out.",
  }),
  AddCannotEdit: kind<{ tag: string; problem: string }>({
    code: "DT8109",
    title: "Examples cannot be edited",
    severity: "error",
    message: ({ tag, problem }) =>
      `Cannot append the delivery to the examples of "${tag}": ${problem}; nothing was written.`,
    hint: () =>
      "add edits an `examples: [...]` array written in the defineEvent({...}) call itself; add the example there by hand, or write examples as such an array.",
  }),

  // ---- DT82xx: comparing events with a base (ductape-events diff); warnings DT8241-DT8249 ----
  DiffBaseNotFound: kind<{ base: string; shallow: boolean }>({
    code: "DT8201",
    title: "Base not found",
    severity: "error",
    message: ({ base, shallow }) =>
      shallow
        ? `The base ${JSON.stringify(base)} is no folder, and this shallow clone does not have that ref.`
        : `The base ${JSON.stringify(base)} is neither a folder nor a commit, branch or tag of this repository.`,
    hint: ({ base, shallow }) => {
      if (!shallow) {
        return "Give a ref (`main`, `origin/main`, `HEAD~1`, a tag or a commit) or the outDir of an earlier build (a folder with manifest.json).";
      }
      // A relative ref (HEAD~1) needs more history; a name can be fetched alone.
      const branch = base.startsWith("origin/") ? base.slice("origin/".length) : base;
      const then = branch === base ? `, then compare with \`--base origin/${branch}\` for a branch` : "";
      const fetch = /[~^@:]/.test(base)
        ? "fetch more history first (`git fetch --deepen=10`)"
        : `fetch it first (\`git fetch --depth=1 origin ${branch}\`${then})`;
      return `The clone is shallow: ${fetch}; in GitHub Actions, check out with \`fetch-depth: 0\`.`;
    },
  }),
  DiffNoRepository: kind<{ base: string; reason: string }>({
    code: "DT8202",
    title: "Not in a git repository",
    severity: "error",
    message: ({ base, reason }) =>
      `The base ${JSON.stringify(base)} is no folder, and it cannot be read as a git ref here: ${reason}`,
    hint: () =>
      "Run diff inside the project's git repository, or give a folder of an earlier build's outputs (with manifest.json).",
  }),
  DiffGitFailed: kind<{ reason: string }>({
    code: "DT8203",
    title: "git failed",
    severity: "error",
    message: ({ reason }) => `Reading the base from git failed: ${reason}`,
    hint: () => "Check that git is installed and on PATH, and that `git ls-tree <ref>` works in this repository.",
  }),
  DiffNoManifest: kind<{ folder: string; problem: string }>({
    code: "DT8204",
    title: "No manifest in the base folder",
    severity: "error",
    message: ({ folder, problem }) => `The base folder ${folder} ${problem}.`,
    hint: () =>
      "Give the outDir of a build of this version of ductape-events (manifest.json and webhooks/), or a git ref.",
  }),
  DiffBaseInvalid: kind<{ base: string; count: number; first: string }>({
    code: "DT8205",
    title: "Base does not build",
    severity: "error",
    message: ({ base, count, first }) =>
      `The events at ${JSON.stringify(base)} do not build (${count} error${count === 1 ? "" : "s"}), so there is nothing to compare with. The first: ${first}`,
    hint: () =>
      "Compare with a ref whose events build (`git checkout <ref> && ductape-events build` shows its errors).",
  }),
  DiffCurrentInvalid: kind<{ count: number }>({
    code: "DT8206",
    title: "Events do not build",
    severity: "error",
    message: ({ count }) =>
      `The event definitions have ${count} error${count === 1 ? "" : "s"} (above), so they were not compared with the base.`,
    hint: () => "Fix them (`ductape-events build` reports the same), then run diff again.",
  }),
  /** Of diff's range, as acknowledge is diff's; build reports it too, as a mistake in the event file. */
  AcknowledgementInvalid: kind<{ entry: string; problem: string }>({
    code: "DT8207",
    title: "Acknowledgement names nothing that can change",
    severity: "error",
    message: ({ entry, problem }) => `The acknowledgement ${JSON.stringify(entry)} ${problem}.`,
    hint: () =>
      'Acknowledge a payload path (`"body.legacy_id"`: that field and everything under it), `"tag"`, `"selector"`, or the tag of a removed event (`"orders:order-cancelled"`).',
  }),
  BreakingChange: kind<{
    tag: string;
    path: string;
    kind: string;
    before: string | null;
    after: string | null;
    audience: string;
  }>({
    code: "DT8208",
    title: "Breaking change",
    severity: "error",
    message: ({ tag, path, kind, before, after, audience }) =>
      `${tag} ${path}: ${kind} (${before ?? "none"} -> ${after ?? "none"}), breaking for ${audience}.`,
    hint: ({ path }) =>
      `If the break is intended, acknowledge it in the event file: acknowledge: [${JSON.stringify(path)}]; see docs/diff.md.`,
  }),
  AcknowledgedChange: kind<{ tag: string; path: string; kind: string; before: string | null; after: string | null }>({
    code: "DT8241",
    title: "Acknowledged breaking change",
    severity: "warning",
    message: ({ tag, path, kind, before, after }) =>
      `${tag} ${path}: ${kind} (${before ?? "none"} -> ${after ?? "none"}), acknowledged in the event file.`,
    hint: () => "Tell the receivers of this event; remove the acknowledgement once the change is in the base.",
  }),
  AcknowledgementStale: kind<{ entry: string; tag: string; base: string }>({
    code: "DT8242",
    title: "Stale acknowledgement",
    severity: "warning",
    message: ({ entry, tag, base }) =>
      `The acknowledgement ${JSON.stringify(entry)} of ${tag} matches no change against ${JSON.stringify(base)}.`,
    hint: () => "Remove it: the change it acknowledged is in the base now, or was undone.",
  }),
  DiffAmbiguousBase: kind<{ base: string }>({
    code: "DT8243",
    title: "Base is both a folder and a ref",
    severity: "warning",
    message: ({ base }) => `${JSON.stringify(base)} is both a folder and a git ref; the folder was compared with.`,
    hint: ({ base }) =>
      `To compare with the ref, write it unambiguously: \`--base refs/heads/${base}\` or \`--base ${base}^{commit}\`.`,
  }),

  // ---- DT9xxx: internal faults -----------------------------------------------------------
  InternalError: kind<{ reason: string }>({
    code: "DT9001",
    title: "Internal error",
    severity: "error",
    message: ({ reason }) => `Internal error: ${reason}`,
    hint: () => "This is a bug in ductape-events; please report it with the event file that triggers it.",
  }),
} as const;

export interface DiagnosticOptions {
  readonly span?: Span | undefined;
  readonly detail?: string | undefined;
  readonly related?: readonly RelatedLocation[] | undefined;
  readonly cause?: unknown;
  /** Overrides the kind's severity, e.g. warnings made errors by strict mode. */
  readonly severity?: Severity;
}

/** Builds a diagnostic of a catalogued kind. */
export function diagnostic<P>(k: DiagnosticKind<P>, params: P, options: DiagnosticOptions = {}): Diagnostic {
  const hint = k.hint?.(params);
  return {
    code: k.code,
    severity: options.severity ?? k.severity,
    title: k.title,
    message: k.message(params),
    ...(hint === undefined ? {} : { hint }),
    ...(options.span === undefined ? {} : { span: options.span }),
    ...(options.detail === undefined ? {} : { detail: options.detail }),
    ...(options.related === undefined || options.related.length === 0 ? {} : { related: options.related }),
    ...(options.cause === undefined ? {} : { cause: options.cause }),
  };
}
