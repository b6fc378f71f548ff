import { createInterface } from "node:readline/promises";
import { Codes, diagnostic } from "../diagnostics/catalogue.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { errorCode } from "../util/files.js";
import { formatDiagnostic } from "../diagnostics/format.js";
import { applyPlan } from "../sync/index.js";
import { ExitCode } from "./exit-codes.js";
import { usageError } from "./options.js";
import type { Io, OptionValues } from "./io.js";
import { formatPlan, listSecrets, pendingCount, prepare, retryNotice, runPlan, secretsToSend } from "./plan.js";

/** Asks a yes/no question on the terminal; injectable so tests can answer. */
export type Confirm = (question: string) => Promise<boolean>;

/**
 * `ductape-events push`: applies the plan. On a terminal it shows the plan and asks first
 * (`--yes` skips the question); without a terminal it refuses unless `--yes` is given, so a CI
 * job never pushes by accident. Samples that look like live credentials are refused unless
 * `--allow-secrets`.
 */
export async function runPush(values: OptionValues, io: Io, confirm: Confirm = askOnTerminal): Promise<number> {
  if (values["dry-run"] === true) return runPlan(values, io);
  // A push prints its results as text; --json would be taken, and then not kept.
  if (values["json"] === true) return usageError(io, "--json goes with --dry-run: a push prints its results as text.");
  const prepared = await prepare(values, io);
  if ("exit" in prepared) return prepared.exit;
  const refuse = (reason: string, code: number): number => {
    print(io, [diagnostic(Codes.PushRefused, { reason })]);
    return code;
  };

  io.stdout(formatPlan(prepared.entries));
  if (pendingCount(prepared.entries) === 0) {
    io.stdout("Nothing to push: the workspace matches the definitions.\n");
    return ExitCode.Ok;
  }
  // Only what would be sent counts: examples stay local, and unchanged samples are not sent.
  const secrets = secretsToSend(prepared.entries);
  if (secrets.length > 0 && values["allow-secrets"] !== true) {
    return refuse(
      `${listSecrets(io, secrets)} like live credentials (listed above); replace them with placeholders, or pass --allow-secrets`,
      ExitCode.Failed,
    );
  }
  if (values["yes"] !== true) {
    if (!io.isTTY)
      return refuse(
        "not on a terminal, so nobody can confirm; pass --yes to push without asking (as a CI job on merge would)",
        ExitCode.Usage,
      );
    const pending = pendingCount(prepared.entries);
    if (!(await confirm(`Push ${pending} ${pending === 1 ? "change" : "changes"} to the workspace? [y/N] `))) {
      io.stdout("Nothing was pushed.\n");
      return ExitCode.Ok;
    }
  }

  const outcomes = await applyPlan(prepared.api, prepared.entries, prepared.config.sync, retryNotice(io));
  for (const outcome of outcomes) io.stdout(`${outcome.ok ? "✔" : "✖"} ${outcome.action.padEnd(7)} ${outcome.tag}\n`);
  const failed = outcomes.filter((o) => !o.ok);
  print(
    io,
    failed.flatMap((o) => (o.error === undefined ? [] : [o.error])),
  );
  const applied = outcomes.length - failed.length;
  const summary = `${applied} applied, ${failed.length} failed${failed.length > 0 ? `: ${failed.map((o) => o.tag).join(", ")} not applied` : ""}.`;
  (failed.length > 0 ? io.stderr : io.stdout)(`${failed.length > 0 ? "✖" : "✔"} ${summary}\n`);
  return failed.length > 0 ? ExitCode.Remote : ExitCode.Ok;
}

function print(io: Io, diagnostics: readonly Diagnostic[]): void {
  // A hint said once: when every call failed alike, each failure has the same one.
  const hinted = new Set<string>();
  for (const d of diagnostics) {
    const { hint, ...rest } = d;
    const shown = hint === undefined || !hinted.has(hint) ? d : rest;
    if (hint !== undefined) hinted.add(hint);
    io.stderr(`${formatDiagnostic(shown, { cwd: io.cwd, color: io.color })}\n\n`);
  }
}

/** The terminal's question; the streams are injectable so that tests can press keys. */
export async function askOnTerminal(
  question: string,
  terminal: { readonly input: NodeJS.ReadableStream; readonly output: NodeJS.WritableStream } = {
    input: process.stdin,
    output: process.stdout,
  },
): Promise<boolean> {
  const rl = createInterface({ input: terminal.input, output: terminal.output });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } catch (error) {
    // Ctrl-C or Ctrl-D at the prompt (readline aborts the question): a "no", not a fault. The
    // cursor is still on the prompt line; end it, so that what is printed next has its own.
    if (error instanceof Error && (error.name === "AbortError" || errorCode(error) === "ABORT_ERR")) {
      terminal.output.write("\n");
      return false;
    }
    throw error;
  } finally {
    rl.close();
  }
}
