import { BUILD_OPTIONS, buildOptions, reporterFor } from "./build.js";
import { ExitCode } from "./exit-codes.js";
import type { Command } from "./run.js";
import { watch } from "./watch.js";

export const watchCommand: Command = {
  summary: "Build, then rebuild whenever an event file or the config changes",
  usage: "ductape-events watch [--config <path>] [--strict] [--reporter <name>]",
  options: BUILD_OPTIONS,
  async run(values, io) {
    const reporter = reporterFor(values, io);
    if (reporter === undefined) return ExitCode.Usage;
    return watch(buildOptions(values, io), reporter, io);
  },
};
