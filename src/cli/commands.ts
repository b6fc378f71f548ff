import type { CommandRun } from "./io.js";

export interface CommandOption {
  readonly type: "string" | "boolean";
  readonly short?: string;
  readonly description: string;
}

/**
 * What the command line knows of a command before running it. Implementations are loaded on
 * demand: `--help`, `--version` and usage errors never pay for loading the compiler.
 */
export interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly options: Readonly<Record<string, CommandOption>>;
  /** Names of the positional arguments the command takes, all required; given to it among the option values. */
  readonly arguments?: readonly string[];
  readonly load: () => Promise<CommandRun>;
}

const CONFIG = {
  type: "string",
  short: "c",
  description: "Config file (default: ductape.config.ts, .mts, .js or .mjs in this folder)",
} as const;

/** Options of every command that builds. */
const BUILD_OPTIONS = {
  config: CONFIG,
  reporter: {
    type: "string",
    description: "Output format: pretty, json or github (default: pretty; github in GitHub Actions)",
  },
  strict: { type: "boolean", description: "Treat warnings as errors (also: strict: true in the config)" },
  "no-cache": {
    type: "boolean",
    description: "Compile everything, without reading or updating node_modules/.cache/ductape-events",
  },
} as const;

export const COMMANDS: Readonly<Record<string, Command>> = {
  build: {
    summary: "Check every event definition and write manifest.json, index.ts and webhooks/",
    usage: "ductape-events build [--config <path>] [--check] [--watch] [--strict] [--no-cache] [--reporter <name>]",
    options: {
      ...BUILD_OPTIONS,
      check: { type: "boolean", description: "Write nothing; exit 1 if any output is missing or out of date (for CI)" },
      watch: { type: "boolean", short: "w", description: "Build, then rebuild on every change (same as `watch`)" },
    },
    load: async () => (await import("./build.js")).runBuild,
  },
  watch: {
    summary: "Build, then rebuild whenever an event file or the config changes",
    usage: "ductape-events watch [--config <path>] [--strict] [--reporter <name>]",
    // No --no-cache: watch keeps its own per-event cache in memory and never uses the disk cache.
    options: { config: BUILD_OPTIONS.config, reporter: BUILD_OPTIONS.reporter, strict: BUILD_OPTIONS.strict },
    load: async () => (await import("./watch.js")).runWatch,
  },
  docs: {
    summary: "Build, and write the event docs site: a page per webhook with every event's fields and samples",
    usage: "ductape-events docs [--out <dir>] [--config <path>] [--strict] [--no-cache] [--reporter <name>]",
    options: {
      ...BUILD_OPTIONS,
      out: {
        type: "string",
        description: "Folder of the site (default: docs.out in the config, else event-docs)",
      },
    },
    load: async () => (await import("./docs.js")).runDocs,
  },
  list: {
    summary: "List the declared webhooks and events",
    usage: "ductape-events list [--config <path>] [--json]",
    options: { config: CONFIG, json: { type: "boolean", description: "Print the events as a JSON array" } },
    load: async () => (await import("./list.js")).runList,
  },
  plan: {
    summary:
      "Compare the declared events with the Ductape workspace; exit 1 when changes are pending, 4 when the platform fails",
    usage: "ductape-events plan [--config <path>] [--json] [--strict]",
    options: {
      config: CONFIG,
      json: { type: "boolean", description: "Print the plan as JSON" },
      strict: BUILD_OPTIONS.strict,
    },
    load: async () => (await import("./plan.js")).runPlan,
  },
  push: {
    summary: "Create and update the workspace's events to match the definitions (never deletes)",
    usage: "ductape-events push [--config <path>] [--yes] [--dry-run [--json]] [--allow-secrets] [--strict]",
    options: {
      config: CONFIG,
      yes: { type: "boolean", short: "y", description: "Push without asking (required when not on a terminal)" },
      "dry-run": { type: "boolean", description: "Only print the plan (same as `plan`)" },
      "allow-secrets": { type: "boolean", description: "Push samples even if they look like live credentials" },
      json: { type: "boolean", description: "With --dry-run: print the plan as JSON" },
      strict: BUILD_OPTIONS.strict,
    },
    load: async () => (await import("./push.js")).runPush,
  },
  diff: {
    summary:
      "Compare the events with a git ref or an earlier build's outputs; exit 1 when a change breaks receivers (see docs/diff.md)",
    usage:
      "ductape-events diff --base <git-ref | folder> [--for receivers|senders|both] [--format pretty|json|github] [--config <path>]",
    options: {
      config: CONFIG,
      base: { type: "string", description: "A git ref (main, origin/main, HEAD~1) or an earlier build's outDir" },
      for: { type: "string", description: "Whose code breaks: receivers (default), senders or both" },
      format: {
        type: "string",
        description: "Output: pretty, json or github (default: pretty; github in GitHub Actions)",
      },
    },
    load: async () => (await import("./diff.js")).runDiff,
  },
  init: {
    summary: "Add ductape.config.ts, an example event and a build:events script to this project",
    usage: "ductape-events init",
    options: {},
    load: async () => (await import("./init.js")).runInit,
  },
  check: {
    summary: "Check a captured delivery against its event's schema; exit 1 when it does not match",
    usage:
      "ductape-events check <tag> <delivery.json> [--body] [--reject-unknown] [--config <path>] [--reporter <name>]",
    arguments: ["tag", "file"],
    options: {
      config: CONFIG,
      reporter: BUILD_OPTIONS.reporter,
      body: { type: "boolean", description: "The file is the raw body, not { headers, query, body, params }" },
      "reject-unknown": {
        type: "boolean",
        description: "Fields the schema does not declare are errors (default: accepted, and listed as warnings)",
      },
    },
    load: async () => (await import("./check.js")).runCheck,
  },
  add: {
    summary: "Add a captured delivery to its event's examples, or write a new event file with it as the sample",
    usage:
      "ductape-events add --from <delivery.json> --tag <webhook:event> [--name <name>] [--out <dir>] [--config <path>]",
    options: {
      config: CONFIG,
      from: { type: "string", description: "The captured delivery: a JSON file of { headers, query, body, params }" },
      tag: { type: "string", description: "The event's tag, webhook:event (a new event when the project has none)" },
      name: { type: "string", description: "Name of a new event (default: from its tag, e.g. Charge Succeeded)" },
      out: { type: "string", description: "Folder of a new event file, a subfolder per webhook (default: events)" },
    },
    load: async () => (await import("./add.js")).runAdd,
  },
  import: {
    summary: "Write an event file per webhook (or callback) of an OpenAPI 3 document, with its schemas and a sample",
    usage: "ductape-events import openapi <file.json|yaml> [--webhook <tag>] [--out <dir>] [--only <names>]",
    arguments: ["format", "file"],
    options: {
      webhook: {
        type: "string",
        description: "Webhook tag of every event (default: the operations' tags, else the title)",
      },
      out: { type: "string", description: "Folder to write into, a subfolder per webhook (default: events)" },
      only: {
        type: "string",
        description: "Comma-separated webhook names or operationIds to import, * matching any text (default: all)",
      },
    },
    load: async () => (await import("./import.js")).runImport,
  },
};
