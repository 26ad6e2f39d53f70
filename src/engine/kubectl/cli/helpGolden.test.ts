import { describe, expect, it } from "vitest";
import { testCluster } from "../../testing/harness";
import fixtures from "./helpFixtures.json";

// helpFixtures.json is the real kubectl v1.32's `--help` output (scripts/generate-kubectl-help.ts);
// `apply` and `create` are left out: they list subcommands the simulation does not implement.
describe("kubectl <command> --help", () => {
  const cluster = testCluster();
  for (const [command, expected] of Object.entries(fixtures as Record<string, string>)) {
    it(`prints upstream's help for ${command}`, () => {
      let out = "";
      let err = "";
      let code = -1;
      cluster.shell.run(
        `kubectl ${command} --help`,
        { out: (t) => (out += t), err: (t) => (err += t) },
        (c) => (code = c),
      );
      cluster.sim.runFor(1000);
      expect({ out, err, code }).toEqual({ out: expected, err: "", code: 0 });
    });
  }
});
