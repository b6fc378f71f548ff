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
  init: {
    summary: "Add ductape.config.ts, an example event and a build:events script to this project",
    usage: "ductape-events init",
    options: {},
    load: async () => (await import("./init.js")).runInit,
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
