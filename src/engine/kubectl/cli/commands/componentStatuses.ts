// `kubectl get componentstatuses` (cs): kube-apiserver answers from its own probes of the
// scheduler, the controller manager and each etcd member (pkg/registry/core/componentstatus),
// and every response carries the deprecation warning kubectl prints on stderr. The table is the
// server-side printer's (printComponentStatus: NAME, STATUS, MESSAGE, ERROR).
// Simplified: the components always report Healthy / "ok", in a fixed order (the real list is
// gathered concurrently, so its order varies); the request is traced but served here, since the
// simulated apiserver's REST storage has no componentstatuses.

import { Timing } from "../../../cluster/timing";
import { goQuote } from "../../errors";
import { tabwriter } from "../../printers/table";
import type { KubectlEnv, KubectlIO } from "../command";

export const COMPONENT_STATUS_WARNING = "Warning: v1 ComponentStatus is deprecated in v1.19+\n";

const COMPONENTS = ["scheduler", "controller-manager", "etcd-0"] as const;

export function isComponentStatuses(type: string): boolean {
  const t = type.toLowerCase();
  return t === "componentstatuses" || t === "componentstatus" || t === "cs";
}

/** Prints the component statuses (all, or the named ones) after a traced round trip. */
export function getComponentStatuses(
  env: KubectlEnv,
  names: readonly string[],
  noHeaders: boolean,
  io: KubectlIO,
  done: (exitCode: number) => void,
): void {
  const { sim, component, user } = env.client;
  const path =
    names.length === 1 ? `/api/v1/componentstatuses/${names[0] ?? ""}` : "/api/v1/componentstatuses";
  sim.send(
    {
      from: component,
      to: "kube-apiserver",
      kind: "request",
      summary: `GET ${path}`,
      detail: { type: "http", method: "GET", path, user: user.name },
    },
    Timing.networkMs,
    () =>
      sim.send(
        {
          from: "kube-apiserver",
          to: component,
          kind: "response",
          summary: "200 OK",
          detail: { type: "http", method: "GET", path, code: 200 },
        },
        Timing.networkMs,
        () => {
          io.err(COMPONENT_STATUS_WARNING);
          const shown =
            names.length === 0
              ? [...COMPONENTS]
              : names.filter((n) => (COMPONENTS as readonly string[]).includes(n));
          const missing = names.filter((n) => !(COMPONENTS as readonly string[]).includes(n));
          const lines = noHeaders ? [] : ["NAME\tSTATUS\tMESSAGE\tERROR"];
          for (const name of shown) lines.push(`${name}\tHealthy\tok\t`);
          if (shown.length > 0) io.out(tabwriter(lines.map((l) => `${l}\n`).join("")));
          for (const name of missing) {
            io.err(`Error from server (NotFound): componentstatuses ${goQuote(name)} not found\n`);
          }
          done(missing.length > 0 ? 1 : 0);
        },
      ),
  );
}
