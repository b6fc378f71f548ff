import { AUDIENCES, diff, type Audience } from "../diff/index.js";
import { DIFF_FORMATS, diffExitCode, printDiff, type DiffFormat } from "./diff-report.js";
import { ExitCode } from "./exit-codes.js";
import type { Io, OptionValues } from "./io.js";
import { usageError } from "./options.js";

/** `ductape-events diff --base <git-ref | folder>`: exit 0 nothing breaking, 1 a breaking change, 2 bad input. */
export async function runDiff(values: OptionValues, io: Io): Promise<number> {
  const format = choose(values["format"], DIFF_FORMATS, io.env["GITHUB_ACTIONS"] === "true" ? "github" : "pretty");
  if (format === undefined)
    return usageError(io, `Unknown --format "${String(values["format"])}"; use pretty, json or github.`);
  const audience = choose(values["for"], AUDIENCES, "receivers");
  // In the document --format asks for: a script reading stdout sees the mistake.
  const output = { command: "diff", format, ...(audience === undefined ? {} : { audience }) };
  if (audience === undefined)
    return usageError(
      io,
      `Unknown --for "${String(values["for"])}"; use receivers, senders or both.`,
      undefined,
      output,
    );
  const base = values["base"];
  if (typeof base !== "string" || base === "") {
    return usageError(
      io,
      "diff needs a base to compare with: --base <git-ref | folder> (for example --base origin/main).",
      undefined,
      output,
    );
  }
  const config = typeof values["config"] === "string" ? values["config"] : undefined;
  const result = await diff({ cwd: io.cwd, config, base, audience: audience satisfies Audience });
  printDiff(result, format satisfies DiffFormat, io);
  const code = diffExitCode(result);
  return code === 3 ? ExitCode.Internal : code;
}

/** The flag's value when it is one of `names`, the default when not given, undefined when unknown. */
function choose<T extends string>(flag: string | boolean | undefined, names: readonly T[], fallback: T): T | undefined {
  if (flag === undefined) return fallback;
  return names.find((name) => name === flag);
}
