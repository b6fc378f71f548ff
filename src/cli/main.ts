#!/usr/bin/env node
import { terminalSettings } from "./io.js";
import { run } from "./run.js";

/**
 * Once a command is done, whatever it left running must not keep the process alive: a call to
 * the platform that timed out cannot be cancelled, and an SDK may keep connections open. The
 * timer holds nothing open itself: a process with nothing left running exits at once, as before.
 */
const EXIT_GRACE_MS = 2000;

process.exitCode = await run(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  ...terminalSettings(process, process.env),
  env: process.env,
});
setTimeout(exitOnceWritten, EXIT_GRACE_MS).unref();

/** Exits, but never while output is still queued (a pipe to a pager that is not being read). */
function exitOnceWritten(): void {
  if (process.stdout.writableLength > 0 || process.stderr.writableLength > 0) setTimeout(exitOnceWritten, 100).unref();
  else process.exit();
}
