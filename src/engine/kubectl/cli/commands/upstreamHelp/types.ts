// The parts of a command's help that kubectl v1.32 prints verbatim (see help.ts commandHelp).

import type { FlagSpec } from "../../command";

export interface UpstreamHelp {
  readonly long: string;
  readonly example?: string;
  readonly flags: readonly FlagSpec[];
}
