import type { Io, OptionValues } from "./io.js";

export async function runAdd(_values: OptionValues, _io: Io): Promise<number> {
  return 3;
}
