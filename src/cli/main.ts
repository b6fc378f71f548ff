#!/usr/bin/env node
import { terminalSettings } from "./io.js";
import { run } from "./run.js";

/**
 * Once a command is done, whatever it left running must not keep the process alive: a call to
 * the platform that timed out cannot be cancelled, and an SDK may keep connections open. The
 * timer holds nothing open itself: a process with nothing left running exits at once, as before.
 */
const EXIT_GRACE_MS = 2000;

const stdoutClosed = new AbortController();
process.exitCode = await run(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: writerTo(process.stdout, () => stdoutClosed.abort()),
  stderr: writerTo(process.stderr),
  stdoutClosed: stdoutClosed.signal,
  ...terminalSettings(process, process.env),
  env: process.env,
});
setTimeout(exitOnceWritten, EXIT_GRACE_MS).unref();

/**
 * Writes to a stream until its reader goes away: a pipe closed early (`list | head -1`) is no
 * fault, and the rest of the output is dropped. The command itself runs to its end (a build
 * still writes its outputs) and exits with its own code; `onClosed` is told (watch stops).
 */
function writerTo(stream: NodeJS.WriteStream, onClosed?: () => void): (text: string) => void {
  let open = true;
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
    if (open) onClosed?.();
    open = false;
  });
  return (text) => {
    if (open) stream.write(text);
  };
}

/** Exits, but never while output is still queued (a pipe to a pager that is not being read). */
function exitOnceWritten(): void {
  const queued = (stream: NodeJS.WriteStream): boolean => stream.writableLength > 0 && !stream.destroyed;
  if (queued(process.stdout) || queued(process.stderr)) setTimeout(exitOnceWritten, 100).unref();
  else process.exit();
}
