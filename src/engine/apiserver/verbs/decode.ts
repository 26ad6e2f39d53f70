// Decoding a request body (k8s.io/apiserver/pkg/endpoints/handlers): the group/version/kind must
// match the endpoint, and with fieldValidation=Strict unknown or mistyped fields are rejected.

import type { KubeObject } from "../../api/objects";
import { apiVersionOf } from "../../api/resources";
import { type Status, badRequest } from "../../api/status";
import { decodeStrict } from "../validation";
import type { RequestContext } from "../apiServer";

export type DecodeResult =
  { readonly ok: true; readonly object: KubeObject } | { readonly ok: false; readonly status: Status };

export function decodeBody(ctx: RequestContext, body: unknown): DecodeResult {
  const { info, request } = ctx;
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    return {
      ok: false,
      status: badRequest(
        `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`,
      ),
    };
  }
  const object = body as Partial<KubeObject>;
  const expected = apiVersionOf(info);
  const apiVersion = object.apiVersion ?? expected;
  const kind = object.kind ?? info.kind;
  if (apiVersion !== expected) {
    return {
      ok: false,
      status: badRequest(
        `the API version in the data (${apiVersion}) does not match the expected API version (${expected})`,
      ),
    };
  }
  if (kind !== info.kind) {
    return {
      ok: false,
      status: badRequest(`the kind in the data (${kind}) does not match the expected kind (${info.kind})`),
    };
  }
  // Components use typed clients (their bodies always decode); kubectl asks for Strict.
  if (request.fieldValidation === "Strict" || request.fieldValidation === "Warn") {
    const status = decodeStrict(apiVersion, kind, body);
    if (
      status &&
      (request.fieldValidation === "Strict" || !status.message.includes("strict decoding error"))
    ) {
      return { ok: false, status };
    }
  }
  // ObjectMeta's lists are omitempty: an emptied one (a patch removing the last ownerReference) is not stored.
  const metadata = { ...(object.metadata ?? {}) };
  if (metadata.ownerReferences?.length === 0) delete metadata.ownerReferences;
  if (metadata.finalizers?.length === 0) delete metadata.finalizers;
  return {
    ok: true,
    object: { ...object, apiVersion, kind, metadata } as KubeObject,
  };
}
