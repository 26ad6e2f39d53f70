// Reading parsed flag values and declaring flags, shared by get and top.

import type { FlagSpec, ParsedCommand } from "../command";
import { flagBool, flagString as readString } from "./shared";

/** A string flag's value, "" when absent (shared.ts reads it). */
export const flagString = (flags: ParsedCommand["flags"], name: string): string =>
  readString(flags, name) ?? "";

export { flagBool };

/** A stringSlice flag: every occurrence, each split at commas. */
export function flagList(flags: ParsedCommand["flags"], name: string): string[] {
  const v = flags[name];
  const all = typeof v === "string" ? [v] : Array.isArray(v) ? [...(v as readonly string[])] : [];
  return all.flatMap((s) => s.split(",")).filter((s) => s !== "");
}

export const flag = (
  name: string,
  type: FlagSpec["type"],
  def: string,
  usage: string,
  shorthand?: string,
): FlagSpec => ({
  name,
  type,
  default: def,
  usage,
  ...(shorthand !== undefined ? { shorthand } : {}),
});

export const SELECTOR_USAGE =
  "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints.";
export const FIELD_SELECTOR_USAGE =
  "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type.";
