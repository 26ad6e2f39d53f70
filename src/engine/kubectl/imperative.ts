// kubectl's imperative commands that change one field of a workload: `kubectl scale` (a merge
// patch of the scale subresource, staging/src/k8s.io/kubectl/pkg/scale) and `kubectl set image`
// (a strategic merge patch of the pod template, pkg/cmd/set/set_image.go). Each call is traced as
// kubectl → kube-apiserver; the results are the lines kubectl prints.

import type { KubeObject } from "../api/objects";
import { qualifiedResource, resolveResourceName } from "../api/resources";
import type { ApiClient } from "../client/apiClient";
import { formatKubectlError } from "./errors";
import { type CommandResult, asStatus } from "./kubectl";

type Done = (result: CommandResult) => void;

const failure = (message: string): CommandResult => ({ ok: false, message: message.trimEnd() });

/** `kubectl scale <kind>/<name> --replicas=N`. */
export function scale(
  client: ApiClient,
  kind: string,
  name: string,
  namespace: string | undefined,
  replicas: number,
  done: Done,
): void {
  const info = resolveResourceName(kind);
  if (!info) return done(failure(`error: the server doesn't have a resource type "${kind}"`));
  if (!["deployments", "replicasets", "statefulsets", "replicationcontrollers"].includes(info.resource))
    return done(failure(`error: cannot scale ${qualifiedResource(info)}: no scale subresource`));
  client.request(
    {
      verb: "patch",
      resource: info.resource,
      namespace: namespace ?? "default",
      name,
      subresource: "scale",
      patchType: "application/merge-patch+json",
      body: { spec: { replicas } },
    },
    (response) => {
      if (response.code !== 200) return done(failure(formatKubectlError(asStatus(response))));
      done({
        ok: true,
        message: `${info.kind.toLowerCase()}${info.group ? `.${info.group}` : ""}/${name} scaled`,
      });
    },
  );
}

interface ContainerLike {
  readonly name: string;
  readonly image?: string;
}

/** `kubectl set image deployment/<name> <container>=<image>` (every container when `container` is omitted). */
export function setImage(
  client: ApiClient,
  deployment: string,
  namespace: string | undefined,
  container: string | undefined,
  image: string,
  done: Done,
): void {
  const ns = namespace ?? "default";
  client.request({ verb: "get", resource: "deployments", namespace: ns, name: deployment }, (got) => {
    if (got.code !== 200) return done(failure(formatKubectlError(asStatus(got))));
    const object = got.body as KubeObject;
    const spec =
      (object["spec"] as { template?: { spec?: { containers?: ContainerLike[] } } } | undefined) ?? {};
    const containers = spec.template?.spec?.containers ?? [];
    const targets = container === undefined ? containers : containers.filter((c) => c.name === container);
    if (targets.length === 0)
      return done(failure(`error: unable to find container named "${container ?? ""}"`));
    if (targets.every((c) => c.image === image))
      // kubectl prints nothing when the patch would not change the object.
      return done({ ok: true, message: `deployment.apps/${deployment} image updated` });
    client.request(
      {
        verb: "patch",
        resource: "deployments",
        namespace: ns,
        name: deployment,
        patchType: "application/strategic-merge-patch+json",
        body: { spec: { template: { spec: { containers: targets.map((c) => ({ name: c.name, image })) } } } },
      },
      (response) => {
        if (response.code !== 200) return done(failure(formatKubectlError(asStatus(response))));
        done({ ok: true, message: `deployment.apps/${deployment} image updated` });
      },
    );
  });
}
