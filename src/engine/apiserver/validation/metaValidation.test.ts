import { describe, expect, it } from "vitest";
import { formatFieldError, invalid } from "../../api/status";
import {
  goTimeString,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  nameIsDNSSubdomain,
  validateObjectMeta,
  validateObjectMetaUpdate,
  validatePathSegmentName,
} from "./metaValidation";

const LABEL_REGEX_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN_REGEX_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

const messages = (errs: ReturnType<typeof validateObjectMeta>): string[] => errs.map(formatFieldError);

describe("DNS names", () => {
  it("IsDNS1123Label", () => {
    expect(isDNS1123Label("web-1")).toEqual([]);
    expect(isDNS1123Label("Web")).toEqual([LABEL_REGEX_MSG]);
    expect(isDNS1123Label("a.b")).toEqual([LABEL_REGEX_MSG]);
    expect(isDNS1123Label("a".repeat(64))).toEqual(["must be no more than 63 characters"]);
    expect(isDNS1123Label(`${"a".repeat(63)}-`)).toEqual([
      "must be no more than 63 characters",
      LABEL_REGEX_MSG,
    ]);
  });

  it("IsDNS1123Subdomain", () => {
    expect(isDNS1123Subdomain("my.app-1")).toEqual([]);
    expect(isDNS1123Subdomain("my_app")).toEqual([SUBDOMAIN_REGEX_MSG]);
    expect(isDNS1123Subdomain("a".repeat(254))).toEqual(["must be no more than 253 characters"]);
  });

  it("IsDNS1035Label", () => {
    expect(isDNS1035Label("svc")).toEqual([]);
    expect(isDNS1035Label("1svc")).toEqual([
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it("allows a trailing dash in a generateName prefix", () => {
    expect(nameIsDNSSubdomain("web-", true)).toEqual([]);
    expect(nameIsDNSSubdomain("web-", false)).toEqual([SUBDOMAIN_REGEX_MSG]);
  });

  it("ValidatePathSegmentName", () => {
    expect(validatePathSegmentName("..", false)).toEqual(["may not be '..'"]);
    expect(validatePathSegmentName("a/b%c", false)).toEqual(["may not contain '/'", "may not contain '%'"]);
    expect(validatePathSegmentName("pod.17c3a2", false)).toEqual([]);
  });
});

describe("validateObjectMeta", () => {
  const pod = { namespaced: true, nameFn: nameIsDNSSubdomain, coreFinalizers: true };

  it("requires a name", () => {
    const errs = validateObjectMeta({ namespace: "default" }, pod);
    expect(invalid("Pod", "", errs).message).toBe(
      'Pod "" is invalid: metadata.name: Required value: name or generateName is required',
    );
  });

  it("requires a namespace on namespaced kinds and forbids it on cluster-scoped ones", () => {
    expect(messages(validateObjectMeta({ name: "web" }, pod))).toEqual([
      "metadata.namespace: Required value",
    ]);
    expect(
      messages(
        validateObjectMeta(
          { name: "n1", namespace: "default" },
          { namespaced: false, nameFn: nameIsDNSSubdomain },
        ),
      ),
    ).toEqual(["metadata.namespace: Forbidden: not allowed on this type"]);
  });

  it("checks the name, generateName and namespace formats", () => {
    expect(
      messages(validateObjectMeta({ name: "Web", generateName: "Web-", namespace: "My_NS" }, pod)),
    ).toEqual([
      `metadata.generateName: Invalid value: "Web-": ${SUBDOMAIN_REGEX_MSG}`,
      `metadata.name: Invalid value: "Web": ${SUBDOMAIN_REGEX_MSG}`,
      `metadata.namespace: Invalid value: "My_NS": ${LABEL_REGEX_MSG}`,
    ]);
  });

  it("checks labels, annotations and finalizers", () => {
    const errs = validateObjectMeta(
      {
        name: "web",
        namespace: "default",
        labels: { "app.kubernetes.io/name": "web", "bad key!": "ok", tier: "front end" },
        annotations: { "Example.com/Owner": "me", "a/b/c": "x" },
        finalizers: ["example.com/cleanup", "cleanup"],
        generation: -1,
      },
      pod,
    );
    expect(messages(errs)).toEqual([
      "metadata.generation: Invalid value: -1: must be greater than or equal to 0",
      `metadata.labels: Invalid value: "bad key!": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      `metadata.labels: Invalid value: "front end": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
      `metadata.annotations: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
      'metadata.finalizers[1]: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
    ]);
  });

  it("rejects orphan together with foregroundDeletion", () => {
    const errs = validateObjectMeta(
      { name: "web", namespace: "default", finalizers: ["orphan", "foregroundDeletion"] },
      pod,
    );
    expect(messages(errs)).toEqual([
      'metadata.finalizers: Invalid value: []string{"orphan", "foregroundDeletion"}: finalizer orphan and foregroundDeletion cannot be both set',
    ]);
  });
});

describe("validateObjectMetaUpdate", () => {
  const old = {
    name: "web",
    namespace: "default",
    uid: "0b1c",
    resourceVersion: "5",
    creationTimestamp: "2024-05-01T10:00:00Z",
  };

  it("accepts an update that keeps the identity", () => {
    expect(validateObjectMetaUpdate({ ...old, labels: { a: "b" } }, old)).toEqual([]);
    // The same instant written differently is the same time.
    expect(validateObjectMetaUpdate({ ...old, creationTimestamp: "2024-05-01T12:00:00+02:00" }, old)).toEqual(
      [],
    );
  });

  it("reports immutable fields as upstream prints them", () => {
    const errs = validateObjectMetaUpdate(
      { ...old, name: "web2", namespace: "prod", uid: "ffff", creationTimestamp: "2024-05-02T10:00:00Z" },
      old,
    );
    expect(invalid("Pod", "web2", errs).message).toBe(
      'Pod "web2" is invalid: [metadata.name: Invalid value: "web2": field is immutable, metadata.namespace: Invalid value: "prod": field is immutable, metadata.uid: Invalid value: "ffff": field is immutable, metadata.creationTimestamp: Invalid value: 2024-05-02 10:00:00 +0000 UTC: field is immutable]',
    );
  });

  it("needs a resourceVersion and a non-decreasing generation", () => {
    const errs = validateObjectMetaUpdate(
      { ...old, resourceVersion: "", generation: 1 },
      { ...old, generation: 2 },
    );
    expect(messages(errs)).toEqual([
      'metadata.resourceVersion: Invalid value: "": must be specified for an update',
      "metadata.generation: Invalid value: 1: must not be decremented",
    ]);
  });

  it("forbids new finalizers once deletion started, and keeps the deletion fields", () => {
    const deleting = { ...old, deletionTimestamp: "2024-05-03T00:00:00Z", deletionGracePeriodSeconds: 30 };
    const errs = validateObjectMetaUpdate({ ...old, finalizers: ["b/x", "a/y"] }, deleting);
    expect(messages(errs)).toEqual([
      'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"a/y", "b/x"}',
      'metadata.deletionTimestamp: Invalid value: "null": field is immutable',
      'metadata.deletionGracePeriodSeconds: Invalid value: "null": field is immutable',
    ]);
  });
});

describe("goTimeString", () => {
  it("prints time.Time's String() in UTC", () => {
    expect(goTimeString("2024-05-01T10:00:00Z")).toBe("2024-05-01 10:00:00 +0000 UTC");
    expect(goTimeString("2024-03-01T01:30:00+02:00")).toBe("2024-02-29 23:30:00 +0000 UTC");
    expect(goTimeString("2024-05-01T10:00:00.120000Z")).toBe("2024-05-01 10:00:00.12 +0000 UTC");
  });
});
