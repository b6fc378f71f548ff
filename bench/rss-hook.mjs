/**
 * Peak RSS without /usr/bin/time: loaded with `node --import bench/rss-hook.mjs <script>`, it
 * writes the process's peak resident set size (kilobytes, as GNU time's %M) to the file named
 * by BENCH_RSS_FILE when the process exits.
 */
import { writeFileSync } from "node:fs";

const file = process.env["BENCH_RSS_FILE"];
if (file !== undefined) process.on("exit", () => writeFileSync(file, `${process.resourceUsage().maxRSS}\n`));
