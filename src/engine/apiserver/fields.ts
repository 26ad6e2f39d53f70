// The fields each resource supports in field selectors (pkg/registry/*/strategy.go
// GetAttrs / ToSelectableFields).

import type { KubeObject } from "../api/objects";

export function selectableFields(resource: string, object: KubeObject): Record<string, string> {
  const fields: Record<string, string> = {
    "metadata.name": object.metadata.name ?? "",
  };
  if (object.metadata.namespace !== undefined) fields["metadata.namespace"] = object.metadata.namespace;
  const spec = (object["spec"] ?? {}) as Record<string, unknown>;
  const status = (object["status"] ?? {}) as Record<string, unknown>;
  switch (resource) {
    case "pods":
      fields["spec.nodeName"] = String(spec["nodeName"] ?? "");
      fields["spec.restartPolicy"] = String(spec["restartPolicy"] ?? "");
      fields["spec.schedulerName"] = String(spec["schedulerName"] ?? "");
      fields["spec.serviceAccountName"] = String(spec["serviceAccountName"] ?? "");
      fields["spec.hostNetwork"] = String(spec["hostNetwork"] ?? false);
      fields["status.phase"] = String(status["phase"] ?? "");
      fields["status.podIP"] = String(status["podIP"] ?? "");
      fields["status.nominatedNodeName"] = String(status["nominatedNodeName"] ?? "");
      break;
    case "nodes":
      fields["spec.unschedulable"] = String(spec["unschedulable"] ?? false);
      break;
    case "namespaces":
      fields["status.phase"] = String(status["phase"] ?? "");
      break;
    case "events": {
      const involved = (object["involvedObject"] ?? {}) as Record<string, unknown>;
      for (const key of ["kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"]) {
        fields[`involvedObject.${key}`] = String(involved[key] ?? "");
      }
      fields["reason"] = String(object["reason"] ?? "");
      fields["type"] = String(object["type"] ?? "");
      fields["source"] = String((object["source"] as { component?: string } | undefined)?.component ?? "");
      break;
    }
  }
  return fields;
}
