import { describe, expect, it } from "vitest";

import type { Status } from "../api/status";
import { alreadyExists, fieldError, forbidden, invalid, notFound } from "../api/status";
import {
  addSourceToError,
  applyPatchVerb,
  clientError,
  formatKubectlError,
  formatKubectlErrors,
  goQuote,
  manifestParseError,
  resourceInfoString,
  resourceMappingNotFound,
  unknownResourceType,
  validationError,
  yamlParseError,
} from "./errors";

// Every expected string here is what kubectl v1.32.4 wrote to stderr when a stub apiserver
// answered with the same Status (or, for client-side errors, for the same manifest).

const creating = { verb: "creating", source: "broken.yaml" };

describe("server errors", () => {
  it("renders a single-cause Invalid from its details; the source never shows", () => {
    const status = invalid("Pod", "broken", [fieldError.required("spec.containers[0].image")]);
    expect(formatKubectlError(status)).toBe(
      'The Pod "broken" is invalid: spec.containers[0].image: Required value\n',
    );
    expect(formatKubectlError(status, creating)).toBe(
      'The Pod "broken" is invalid: spec.containers[0].image: Required value\n',
    );
  });

  it("lists several causes one per line after a colon and a trailing space, dropping duplicates", () => {
    const status = invalid("Pod", "broken", [
      fieldError.required("spec.containers[0].image"),
      fieldError.invalid("spec.containers[0].name", "A", "bad"),
      fieldError.required("spec.containers[0].image"),
    ]);
    expect(formatKubectlError(status, creating)).toBe(
      'The Pod "broken" is invalid: \n' +
        "* spec.containers[0].image: Required value\n" +
        '* spec.containers[0].name: Invalid value: "A": bad\n',
    );
  });

  it("falls back to the message for an Invalid without details", () => {
    const status: Status = {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: "some invalid thing",
      reason: "Invalid",
      code: 422,
    };
    expect(formatKubectlError(status, creating)).toBe(
      'The request is invalid: error when creating "broken.yaml": some invalid thing\n',
    );
  });

  it("prefixes other reasons with Error from server (Reason)", () => {
    expect(formatKubectlError(notFound("pods", "web"))).toBe(
      'Error from server (NotFound): pods "web" not found\n',
    );
    expect(formatKubectlError(alreadyExists("pods", "broken"), creating)).toBe(
      'Error from server (AlreadyExists): error when creating "broken.yaml": pods "broken" already exists\n',
    );
    expect(formatKubectlError(notFound("namespaces", "nope"), creating)).toBe(
      'Error from server (NotFound): error when creating "broken.yaml": namespaces "nope" not found\n',
    );
    expect(formatKubectlError(notFound("namespaces", "nope"), { verb: "creating", source: "STDIN" })).toBe(
      'Error from server (NotFound): error when creating "STDIN": namespaces "nope" not found\n',
    );
    expect(
      formatKubectlError(
        forbidden(
          "pods",
          "broken",
          "unable to create new content in namespace forb because it is being terminated",
        ),
        creating,
      ),
    ).toBe(
      'Error from server (Forbidden): error when creating "broken.yaml": pods "broken" is forbidden: ' +
        "unable to create new content in namespace forb because it is being terminated\n",
    );
  });

  it("omits the parenthesis when the Status has no reason", () => {
    const status: Status = {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: "boom",
      code: 500,
    };
    expect(formatKubectlError(status, creating)).toBe(
      'Error from server: error when creating "broken.yaml": boom\n',
    );
  });

  it("wraps a failed client-side apply patch twice", () => {
    const patch =
      '{"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\\"apiVersion\\":\\"v1\\",\\"kind\\":\\"Pod\\",\\"metadata\\":{\\"annotations\\":{},\\"name\\":\\"broken\\",\\"namespace\\":\\"default\\"},\\"spec\\":{\\"containers\\":[{\\"name\\":\\"app\\"}]}}\\n"}},"spec":{"$setElementOrder/containers":[{"name":"app"}],"containers":[{"image":null,"name":"app"}]}}';
    const info = resourceInfoString({
      group: "",
      version: "v1",
      resource: "pods",
      kind: "Pod",
      name: "broken",
      namespace: "default",
    });
    const status = forbidden("pods", "broken", "nope");
    expect(
      formatKubectlError(status, [
        { verb: "patching", source: "broken.yaml" },
        { verb: applyPatchVerb(patch, info), source: "broken.yaml" },
      ]),
    ).toBe(
      "Error from server (Forbidden): error when applying patch:\n" +
        `${patch}\n` +
        "to:\n" +
        'Resource: "/v1, Resource=pods", GroupVersionKind: "/v1, Kind=Pod"\n' +
        'Name: "broken", Namespace: "default"\n' +
        'for: "broken.yaml": error when patching "broken.yaml": pods "broken" is forbidden: nope\n',
    );
  });

  it("prints an aggregate one error per line, with Invalid's raw message and no error: prefix", () => {
    const bad = invalid("Pod", "broken", [
      fieldError.required("spec.containers[0].image"),
      fieldError.invalid("spec.containers[0].name", "A", "bad"),
    ]);
    const wrapped = addSourceToError(bad, { verb: "creating", source: "multi.yaml" });
    const mapping = resourceMappingNotFound({
      name: "x",
      namespace: "",
      source: "multi.yaml",
      kind: "Foo",
      apiVersion: "v1",
    });
    expect(formatKubectlErrors([mapping, wrapped, wrapped])).toBe(
      'resource mapping not found for name: "x" namespace: "" from "multi.yaml": no matches for kind "Foo" in version "v1"\n' +
        "ensure CRDs are installed first\n" +
        'Error from server (Invalid): error when creating "multi.yaml": Pod "broken" is invalid: [spec.containers[0].image: Required value, spec.containers[0].name: Invalid value: "A": bad]\n' +
        'Error from server (Invalid): error when creating "multi.yaml": Pod "broken" is invalid: [spec.containers[0].image: Required value, spec.containers[0].name: Invalid value: "A": bad]\n',
    );
    expect(formatKubectlErrors([wrapped])).toBe(
      'The Pod "broken" is invalid: \n* spec.containers[0].image: Required value\n* spec.containers[0].name: Invalid value: "A": bad\n',
    );
    expect(formatKubectlErrors([])).toBe("");
  });
});

describe("client-side errors", () => {
  it("reports kinds the server does not serve", () => {
    expect(
      formatKubectlError(
        resourceMappingNotFound({
          name: "x",
          namespace: "",
          source: "foo.yaml",
          kind: "Foo",
          apiVersion: "v1",
        }),
      ),
    ).toBe(
      'error: resource mapping not found for name: "x" namespace: "" from "foo.yaml": no matches for kind "Foo" in version "v1"\n' +
        "ensure CRDs are installed first\n",
    );
    expect(
      formatKubectlError(
        resourceMappingNotFound({
          name: "w",
          namespace: "prod",
          source: "w.yaml",
          kind: "Widget",
          apiVersion: "example.com/v1",
        }),
      ),
    ).toBe(
      'error: resource mapping not found for name: "w" namespace: "prod" from "w.yaml": no matches for kind "Widget" in version "example.com/v1"\n' +
        "ensure CRDs are installed first\n",
    );
    expect(formatKubectlError(unknownResourceType("foos"))).toBe(
      'error: the server doesn\'t have a resource type "foos"\n',
    );
  });

  it("reports unparsable manifests", () => {
    expect(
      formatKubectlError(
        yamlParseError("bad.yaml", "line 5: mapping values are not allowed in this context"),
      ),
    ).toBe(
      "error: error parsing bad.yaml: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context\n",
    );
    expect(
      formatKubectlError(yamlParseError("tab.yaml", "line 4: found character that cannot start any token")),
    ).toBe(
      "error: error parsing tab.yaml: error converting YAML to JSON: yaml: line 4: found character that cannot start any token\n",
    );
    expect(
      formatKubectlError(
        manifestParseError(
          "bad.json",
          "json: offset 62: invalid character '}' looking for beginning of object key string",
        ),
      ),
    ).toBe(
      "error: error parsing bad.json: json: offset 62: invalid character '}' looking for beginning of object key string\n",
    );
  });

  it("reports missing apiVersion and kind", () => {
    expect(formatKubectlError(validationError("nokind.yaml", ["apiVersion not set", "kind not set"]))).toBe(
      'error: error validating "nokind.yaml": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false\n',
    );
    expect(formatKubectlError(validationError("STDIN", ["kind not set"]))).toBe(
      'error: error validating "STDIN": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false\n',
    );
  });

  it("does not double the error: prefix", () => {
    expect(formatKubectlError(clientError("error: already prefixed"))).toBe("error: already prefixed\n");
  });
});

describe("goQuote", () => {
  it("quotes like Go's %q", () => {
    expect(goQuote('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(goQuote("tab\there\n")).toBe('"tab\\there\\n"');
    expect(goQuote("\x01é☃")).toBe('"\\x01é☃"');
  });
});
