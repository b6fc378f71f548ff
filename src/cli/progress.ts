import type { BuildProgress } from "../build.js";
import type { Io } from "./io.js";

/**
 * A one-line progress display for long builds, on terminals only: redrawn at most every 100 ms
 * and erased before the report. In CI or piped output it stays silent, so logs stay line-based.
 */
export function progressPrinter(io: Io): { update: (p: BuildProgress) => void; clear: () => void } | undefined {
  // On stderr, where it is written: `build > out.txt` on a terminal still shows it.
  if (io.progress !== true) return undefined;
  let last = 0;
  let shown = false;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 100 || p.total < 50) return;
      last = now;
      shown = true;
      const label = p.phase === "extract" ? "reading event files" : "generating types";
      io.stderr(`\r\u001b[2K${label} ${p.done}/${p.total}`);
    },
    clear() {
      if (shown) io.stderr("\r\u001b[2K");
    },
  };
}
