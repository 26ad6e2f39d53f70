// kubectl as a component (staging/src/k8s.io/kubectl/pkg/cmd/apply, delete): `apply` reads the
// manifests, and for each object GETs the live one, then creates it (`created`) or sends the
// three-way strategic merge patch computed from the last-applied annotation (`configured`, or
// `unchanged` when the patch is empty). Output and errors are printed as kubectl prints them.
// Simplified: client-side apply only (no --server-side), no pruning, no dry-run.

import type { KubeObject } from "../api/objects";
import { type ResourceInfo, resolveResourceName, resourceForKind } from "../api/resources";
import { type Status, isStatus } from "../api/status";
import type { ApiServer } from "../apiserver/apiServer";
import { Users } from "../apiserver/handlerChain";
import type { ApiResponse } from "../apiserver/request";
import { ApiClient } from "../client/apiClient";
import type { Simulation } from "../sim/simulation";
import { createThreeWayStrategicPatch, patchSchemaForKind } from "../util/patch";
import {
  type ErrorSource,
  type KubectlError,
  applyPatchVerb,
  clientError,
  formatKubectlError,
  resourceInfoString,
  resourceMappingNotFound,
  retrievingVerb,
} from "./errors";
import { parseManifests } from "./manifest";

export const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

export interface CommandResult {
  readonly ok: boolean;
  /** One line as kubectl prints it: `pod/web created`, or the error text. */
  readonly message: string;
  /** For manifest errors: where in the text (1-based). */
  readonly line?: number;
  readonly column?: number;
}

/** encoding/json of an unstructured object: map keys sorted, no spaces. */
export function sortedJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${sortedJson(v)}`).join(",")}}`;
}

/** `pod/web`, `lease.coordination.k8s.io/node-1`. */
export function objectName(info: ResourceInfo, name: string): string {
  return `${info.kind.toLowerCase()}${info.group ? `.${info.group}` : ""}/${name}`;
}

function withLastApplied(object: KubeObject): KubeObject {
  const { [LAST_APPLIED]: _previous, ...annotations } = object.metadata.annotations ?? {};
  const { annotations: _all, ...bareMeta } = object.metadata;
  const original = {
    ...object,
    metadata: Object.keys(annotations).length ? { ...bareMeta, annotations } : bareMeta,
  };
  return {
    ...object,
    metadata: {
      ...object.metadata,
      annotations: { ...annotations, [LAST_APPLIED]: `${sortedJson(original)}\n` },
    },
  };
}

/** Who sends the requests (the terminal's context user) and the namespace for objects without one. */
export interface KubectlCallOptions {
  readonly client?: ApiClient;
  readonly namespace?: string;
}

export class Kubectl {
  readonly client: ApiClient;

  constructor(
    readonly sim: Simulation,
    apiserver: ApiServer,
  ) {
    this.client = new ApiClient(sim, "kubectl", Users.admin, apiserver);
  }

  /** `kubectl apply -f <source>` with `text` as the file's content. */
  apply(
    text: string,
    source: string,
    done: (results: CommandResult[]) => void,
    options: KubectlCallOptions = {},
  ): void {
    const parsed = parseManifests(text, source);
    if (!parsed.ok) {
      done([{ ok: false, message: formatKubectlError(parsed.error).trimEnd(), ...pos(parsed) }]);
      return;
    }
    const outputs: CommandResult[] = [];
    const errors: CommandResult[] = [];
    const objects = parsed.objects;
    const step = (i: number): void => {
      if (i >= objects.length) {
        if (outputs.length === 0 && errors.length === 0)
          errors.push({ ok: false, message: "error: no objects passed to apply" });
        done([...outputs, ...errors]);
        return;
      }
      this.applyOne(objects[i]?.object ?? {}, source, options, (result) => {
        (result.ok ? outputs : errors).push(result);
        step(i + 1);
      });
    };
    step(0);
  }

  private applyOne(
    raw: Record<string, unknown>,
    source: string,
    options: KubectlCallOptions,
    done: (r: CommandResult) => void,
  ): void {
    const client = options.client ?? this.client;
    const apiVersion = String(raw["apiVersion"]);
    const kind = String(raw["kind"]);
    const metadata = (raw["metadata"] ?? {}) as KubeObject["metadata"];
    const info = resourceForKind(apiVersion, kind);
    if (!info) {
      const error = resourceMappingNotFound({
        name: metadata.name ?? "",
        namespace: metadata.namespace ?? "",
        source,
        kind,
        apiVersion,
      });
      return done({ ok: false, message: formatKubectlError(error).trimEnd() });
    }
    const namespace = info.namespaced ? (metadata.namespace ?? options.namespace ?? "default") : undefined;
    const name = metadata.name ?? "";
    // resource.Info's String(), as apply names the object in its errors.
    const infoText = resourceInfoString({
      group: info.group,
      version: info.version,
      resource: info.resource,
      kind: info.kind,
      name,
      namespace: namespace ?? "",
    });
    if (!name && metadata.generateName) {
      // apply.go: a generated name cannot be applied (there is nothing to compare against next time).
      return done({
        ok: false,
        message: formatKubectlError(
          clientError(`from ${metadata.generateName}: cannot use generate name with apply`),
        ).trimEnd(),
      });
    }
    if (!name) {
      const error = clientError("resource name may not be empty");
      return done({
        ok: false,
        message: formatKubectlError(error, { verb: retrievingVerb(infoText), source }).trimEnd(),
      });
    }
    const object = { ...raw, metadata: { ...metadata, ...(namespace ? { namespace } : {}) } } as KubeObject;
    const modified = withLastApplied(object);
    const label = objectName(info, name);
    const fail = (status: KubectlError, context: ErrorSource | ErrorSource[]): void =>
      done({ ok: false, message: formatKubectlError(status, context).trimEnd() });

    client.request(
      { verb: "get", resource: info.resource, name, ...(namespace ? { namespace } : {}) },
      (got) => {
        if (got.code === 404) {
          client.request(
            {
              verb: "create",
              resource: info.resource,
              ...(namespace ? { namespace } : {}),
              body: modified,
              fieldValidation: "Strict",
            },
            (created) => {
              if (created.code === 201) return done({ ok: true, message: `${label} created` });
              fail(asStatus(created), { verb: "creating", source });
            },
          );
          return;
        }
        if (got.code !== 200)
          return fail(asStatus(got), {
            verb: retrievingVerb(infoText),
            source,
          });
        const current = got.body as KubeObject;
        const lastText = current.metadata.annotations?.[LAST_APPLIED];
        const lastApplied = parseLastApplied(lastText);
        const patch = createThreeWayStrategicPatch(
          lastApplied,
          modified,
          current,
          patchSchemaForKind(info.kind),
        );
        if (Object.keys(patch).length === 0) return done({ ok: true, message: `${label} unchanged` });
        client.request(
          {
            verb: "patch",
            resource: info.resource,
            name,
            ...(namespace ? { namespace } : {}),
            body: patch,
            patchType: "application/strategic-merge-patch+json",
            fieldValidation: "Strict",
          },
          (patched) => {
            if (patched.code === 200) return done({ ok: true, message: `${label} configured` });
            fail(asStatus(patched), [
              { verb: "patching", source },
              { verb: applyPatchVerb(sortedJson(patch), infoText), source },
            ]);
          },
        );
      },
    );
  }

  /**
   * `kubectl delete <resource> <name> [-n namespace] [--grace-period=N] [--cascade=background|foreground|orphan]`.
   * kubectl always sends DeleteOptions.propagationPolicy, Background unless --cascade says otherwise.
   */
  delete(
    resource: string,
    name: string,
    namespace: string | undefined,
    done: (result: CommandResult) => void,
    options: {
      gracePeriodSeconds?: number;
      cascade?: "background" | "foreground" | "orphan";
      client?: ApiClient;
      /** The -f file the object came from, for `error when deleting "<file>": …`. */
      source?: string;
      /** Called with the object as the apiserver returned it, when the delete succeeded. */
      onDeleted?: (object: KubeObject) => void;
    } = {},
  ): void {
    const info = resolveResourceName(resource);
    if (!info)
      return done({ ok: false, message: `error: the server doesn't have a resource type "${resource}"` });
    const ns = info.namespaced ? (namespace ?? "default") : undefined;
    (options.client ?? this.client).request(
      {
        verb: "delete",
        resource: info.resource,
        name,
        ...(ns ? { namespace: ns } : {}),
        ...(options.gracePeriodSeconds !== undefined
          ? { gracePeriodSeconds: options.gracePeriodSeconds }
          : {}),
        propagationPolicy: cascadePolicies[options.cascade ?? "background"],
      },
      (response) => {
        if (response.code === 200) {
          options.onDeleted?.(response.body as KubeObject);
          // delete.go: a zero grace period is reported as "force deleted".
          const operation = options.gracePeriodSeconds === 0 ? "force deleted" : "deleted";
          return done({
            ok: true,
            message: `${info.kind.toLowerCase()}${info.group ? `.${info.group}` : ""} "${name}" ${operation}`,
          });
        }
        const context =
          options.source !== undefined ? { verb: "deleting", source: options.source } : undefined;
        done({ ok: false, message: formatKubectlError(asStatus(response), context).trimEnd() });
      },
    );
  }
}

/** kubectl's --cascade values as DeleteOptions.propagationPolicy (kubectl/pkg/cmd/delete). */
const cascadePolicies = {
  background: "Background",
  foreground: "Foreground",
  orphan: "Orphan",
} as const;

/** A hand-edited annotation that is not JSON counts as absent, as kubectl treats it. */
function parseLastApplied(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The response body as a Status (a non-Status error body becomes a generic one). */
export function asStatus(response: ApiResponse): Status {
  if (isStatus(response.body)) return response.body;
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: `unexpected response ${response.code}`,
    code: response.code,
  };
}

function pos(p: { line?: number; column?: number }): { line?: number; column?: number } {
  return {
    ...(p.line !== undefined ? { line: p.line } : {}),
    ...(p.column !== undefined ? { column: p.column } : {}),
  };
}
