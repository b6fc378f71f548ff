import type { BuildResult } from "../../build.js";
import type { Io } from "../io.js";
import { githubReporter } from "./github.js";
import { jsonReporter } from "./json.js";
import { prettyReporter } from "./pretty.js";

/** `check`: the build ran with --check and wrote nothing by design. */
export type BuildMode = "build" | "check";

/** Turns a build's result into output. Reporters print; they never decide the exit code. */
export interface Reporter {
  readonly report: (result: BuildResult, io: Io, mode: BuildMode) => void;
}

export const REPORTERS = { pretty: prettyReporter, json: jsonReporter, github: githubReporter } as const;
export type ReporterName = keyof typeof REPORTERS;

/** The reporter to use: the flag wins; inside GitHub Actions the default is `github`. */
export function chooseReporter(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): ReporterName | undefined {
  // Own keys only: `toString` or `__proto__` are no reporters.
  if (flag !== undefined) return Object.hasOwn(REPORTERS, flag) ? (flag as ReporterName) : undefined;
  return env["GITHUB_ACTIONS"] === "true" ? "github" : "pretty";
}
