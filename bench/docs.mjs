/**
 * `node bench/docs.mjs [--events 1000] [--runs 9] [--instructions [--predictable]]`: what the event docs site (`docs: {}`) adds to
 * a cold build. The target: under 10% (docs/benchmark.md). How it measures: bench/option-cost.mjs;
 * then the size of the outputs and of the site.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { bytes, measureOptionCost } from "./option-cost.mjs";

const { plain, withOption } = await measureOptionCost({
  name: "docs",
  option: "docs: {},",
  folders: ["event-docs"],
  target: "1.10",
});
const size = (path) => `${(bytes(path) / 1e6).toFixed(1)} MB`;
const site = join(withOption, "event-docs");
console.log(
  `  outputs ${size(join(plain, "generated"))}; the site ${size(site)}: index.html ${size(join(site, "index.html"))}, ` +
    `${readdirSync(join(site, "webhooks")).length} webhook pages`,
);
