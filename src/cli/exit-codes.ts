import type { Diagnostic } from "../diagnostics/diagnostic.js";

/** The documented exit codes of every command. */
export const ExitCode = {
  /** Success; warnings may have been printed. */
  Ok: 0,
  /**
   * Problems in event definitions or outputs (DT2xxx-DT5xxx errors); `plan`: changes pending;
   * `push`: samples that look like secrets (DT6003); `plan` and `push`: events that the workspace's API
   * generation cannot take (DT6005, DT6006); `init`: the project could not be set up; `check`: the
   * delivery does not match its event (DT8106, DT8107); `add`: nothing written (DT8108, DT8109).
   */
  Failed: 1,
  /** Bad command line or config (DT1xxx errors); `check` and `add`: an unknown tag or a bad delivery file (DT8101-DT8105). */
  Usage: 2,
  /** A bug in ductape-events (DT9xxx). */
  Internal: 3,
  /**
   * `plan` and `push`: the platform failed, so what it holds is unknown or not all was applied
   * (DT6001, DT6002, DT6004; DT1009 when `remote()` gave no answer in time or could not connect). Apart from 1, so
   * that CI can tell "changes pending" from an outage.
   */
  Remote: 4,
} as const;

/** The exit code that the worst error in a build calls for. */
export function exitCodeFor(diagnostics: readonly Diagnostic[]): number {
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.some((d) => d.code.startsWith("DT9"))) return ExitCode.Internal;
  if (errors.some((d) => d.code.startsWith("DT1"))) return ExitCode.Usage;
  return errors.length > 0 ? ExitCode.Failed : ExitCode.Ok;
}
