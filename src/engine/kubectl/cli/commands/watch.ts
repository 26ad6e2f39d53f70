// `kubectl get -w` (k8s.io/kubectl/pkg/cmd/get/get.go, watch()): the listed objects first, then
// one row per watch event through the same tabwriter, flushed after every event, so a column
// keeps the widest width it has had (RememberWidths). The header is printed once, with the
// first row. Simplified: the watch starts when the list has answered, not from the list's
// resourceVersion, and it does not reconnect.

import type { KubeObject } from "../../../api/objects";
import type { ResourceInfo } from "../../../api/resources";
import type { ClientWatchEvent } from "../../../apiserver/watchCache";
import { printObject } from "../../printers/yamlPrinter";
import type { KubectlEnv, KubectlIO, RunningCommand } from "../command";
import { type GetPrintOptions, groupTable, isHumanReadable, printGeneric, printable } from "./getOutput";

const MIN_WIDTH = 6;
const PADDING = 3;

/** A tabwriter that is flushed after each block of rows and remembers its column widths. */
export class StreamingTable {
  private readonly widths: number[] = [];

  /** Lays out rows of cells; the last cell of a row is not padded (it ends no column). */
  write(rows: readonly (readonly string[])[]): string {
    for (const row of rows) {
      row.forEach((cell, i) => {
        if (i === row.length - 1) return;
        const width = Math.max(MIN_WIDTH, [...cell].length + PADDING, this.widths[i] ?? 0);
        this.widths[i] = width;
      });
    }
    return rows
      .map(
        (row) =>
          row
            .map((cell, i) =>
              i === row.length - 1 ? cell : cell + " ".repeat((this.widths[i] ?? 0) - [...cell].length),
            )
            .join("") + "\n",
      )
      .join("");
  }
}

export interface WatchOptions {
  readonly info: ResourceInfo;
  readonly namespace?: string;
  readonly labelSelector: string;
  readonly fieldSelector: string;
  readonly print: GetPrintOptions;
  /** --watch-only: do not print the listed objects. */
  readonly watchOnly: boolean;
  /** --output-watch-events: an EVENT column / WatchEvent objects. */
  readonly outputWatchEvents: boolean;
}

/** Prints the initial objects, then streams watch events until cancelled. */
export function startWatch(
  env: KubectlEnv,
  io: KubectlIO,
  options: WatchOptions,
  initial: readonly KubeObject[],
  done: (exitCode: number) => void,
): RunningCommand {
  const { info, print } = options;
  const table = new StreamingTable();
  let headerPrinted = print.noHeaders;
  let printed = 0;

  const emit = (type: string, obj: KubeObject): void => {
    if (isHumanReadable(print.output)) {
      const t = groupTable({ info, objects: [obj] }, { ...print, nowMs: env.nowMs() });
      const rows: string[][] = [];
      const event = options.outputWatchEvents;
      if (!headerPrinted) rows.push(event ? ["EVENT", ...t.columns] : t.columns);
      headerPrinted = true;
      for (const row of t.rows) rows.push(event ? [type, ...row.cells] : row.cells);
      io.out(table.write(rows));
    } else if (options.outputWatchEvents && (print.output === "json" || print.output === "yaml")) {
      io.out(printObject({ object: printable(info, obj), type }, print.output));
    } else if (print.output === "yaml") {
      io.out((printed > 0 ? "---\n" : "") + printObject(printable(info, obj), "yaml"));
    } else {
      const result = printGeneric([{ info, objects: [obj] }], { ...print, singleItem: true });
      io.out(result.ok ? result.text : "");
    }
    printed++;
  };

  if (!options.watchOnly) for (const obj of initial) emit("ADDED", obj);

  let stopped = false;
  const watch = env.client.apiserver.watchWithSelectors(
    info.resource,
    {
      component: "kubectl",
      ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
      ...(options.labelSelector !== "" ? { labelSelector: options.labelSelector } : {}),
      ...(options.fieldSelector !== "" ? { fieldSelector: options.fieldSelector } : {}),
    },
    (event: ClientWatchEvent) => {
      if (!stopped) emit(event.type, event.object);
    },
  );
  if (!watch.ok) {
    io.err(`error: ${watch.error}\n`);
    done(1);
    return { cancel: () => undefined };
  }
  return {
    cancel: () => {
      if (stopped) return;
      stopped = true;
      watch.stop();
      // Ctrl+C: the shell reports 128 + SIGINT.
      done(130);
    },
  };
}
