import { describe, expect, it } from "vitest";
import { testCluster } from "../../../testing/harness";
import { wrapString } from "./explain";

const cluster = testCluster();
function run(line: string): { out: string; err: string; code: number } {
  let out = "";
  let err = "";
  let code = -1;
  cluster.shell.run(line, { out: (t) => (out += t), err: (t) => (err += t) }, (c) => (code = c));
  return { out, err, code };
}

describe("kubectl explain", () => {
  it("prints a kind as the plaintext template does", () => {
    const { out, code } = run("kubectl explain pods");
    expect(code).toBe(0);
    expect(out).toMatch(
      new RegExp(
        "^KIND:       Pod\\nVERSION:    v1\\n\\nDESCRIPTION:\\n" +
          "    Pod is a collection of containers that can run on a host. This resource is\\n" +
          "    created by clients and scheduled onto hosts.\\n    \\nFIELDS:\\n" +
          "  apiVersion\\t<string>\\n    APIVersion defines the versioned schema of this representation of an object.\\n",
      ),
    );
    expect(out).toContain(
      "\n  spec\t<PodSpec>\n    Specification of the desired behavior of the pod. More info:\n",
    );
    expect(out.endsWith("\n\n\n")).toBe(true);
  });

  it("follows a field path through arrays, with the group of grouped kinds", () => {
    const { out } = run("kubectl explain deploy.spec.template.spec.containers");
    expect(out).toMatch(
      /^GROUP: {6}apps\nKIND: {7}Deployment\nVERSION: {4}v1\n\nFIELD: containers <\[\]Container>\n\n\nDESCRIPTION:\n {4}List of containers belonging to the pod\./,
    );
    expect(out).toContain(
      "\n    A single application container that you want to run within a pod.\n    \nFIELDS:\n",
    );
    expect(out).toContain("\n  name\t<string> -required-\n");
  });

  it("lists every field with --recursive", () => {
    const { out } = run("kubectl explain deployment.spec --recursive");
    expect(out).toContain(
      "FIELDS:\n  minReadySeconds\t<integer>\n  paused\t<boolean>\n  progressDeadlineSeconds\t<integer>\n  replicas\t<integer>\n" +
        "  revisionHistoryLimit\t<integer>\n  selector\t<LabelSelector> -required-\n    matchExpressions\t<[]LabelSelectorRequirement>\n" +
        "      key\t<string> -required-\n      operator\t<string> -required-\n      values\t<[]string>\n    matchLabels\t<map[string]string>\n",
    );
  });

  it("fails as kubectl does", () => {
    expect(run("kubectl explain podz")).toEqual({
      out: "",
      err: 'error: the server doesn\'t have a resource type "podz"\n',
      code: 1,
    });
    expect(run("kubectl explain pods.spec.nope").err).toBe('error: field "nope" does not exist\n');
    expect(run("kubectl explain").err).toBe(
      'error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.\n',
    );
    expect(run("kubectl explain a b").err).toBe("error: We accept only this format: explain RESOURCE\n");
  });

  it("wraps words as go-wordwrap does", () => {
    expect(wrapString("aaa bbb ccc", 7)).toBe("aaa bbb\nccc");
    expect(wrapString("a verylongwordthatdoesnotfit b", 5)).toBe("a\nverylongwordthatdoesnotfit\nb");
    expect(wrapString("line one\nline two", 20)).toBe("line one\nline two");
  });
});

describe("kubectl help texts", () => {
  it("matches kubectl v1.32's help for version", () => {
    expect(run("kubectl version --help").out)
      .toBe(`Print the client and server version information for the current context.

Examples:
  # Print the client and server versions for the current context
  kubectl version

Options:
    --client=false:
\tIf true, shows client version only (no server required).

    -o, --output='':
\tOne of 'yaml' or 'json'.

Usage:
  kubectl version [flags] [options]

Use "kubectl options" for a list of global command-line options (applies to all commands).
`);
  });

  it("prints a group's help and exits 1 without a subcommand", () => {
    const { out, code } = run("kubectl config");
    expect(code).toBe(1);
    expect(out).toContain(
      "Available Commands:\n  current-context   Display the current-context\n  delete-cluster    Delete the specified cluster from the kubeconfig\n",
    );
    expect(out).toContain(
      'Usage:\n  kubectl config SUBCOMMAND [options]\n\nUse "kubectl config <command> --help" for more information about a given command.\n',
    );
    expect(run("kubectl config use-context --help").out).toContain("Aliases:\nuse-context, use\n\n");
    // DisableFlagsInUseLine: no " [flags]" unless the Use text has it.
    expect(run("kubectl config get-contexts -h").out).toContain(
      "Usage:\n  kubectl config get-contexts [(-o|--output=)name)] [options]\n",
    );
  });
});
