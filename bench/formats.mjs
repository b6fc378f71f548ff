/**
 * `node bench/formats.mjs [--events 1000] [--runs 9] [--instructions [--predictable]]`: what `formats` (all three documents) costs
 * a cold build. How it measures: bench/option-cost.mjs; then the size of each project's outputs.
 */
import { join } from "node:path";
import { bytes, measureOptionCost } from "./option-cost.mjs";

const { plain, withOption } = await measureOptionCost({
  name: "formats",
  option: 'formats: ["openapi", "asyncapi", "json-schema"],',
});
const size = (dir) => `${(bytes(join(dir, "generated")) / 1e6).toFixed(1)} MB`;
console.log(`  outputs without ${size(plain)}, with ${size(withOption)}`);
