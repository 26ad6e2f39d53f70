// What an HPA scales (pkg/controller/podautoscaler/horizontal.go): the resource its
// scaleTargetRef names (the RESTMapper's part), and validateAndParseSelector — the target scale's
// selector must be present, parse, and select pods that no other HPA also selects.

import type { KubeObject, Pod } from "../api/objects";
import { RESOURCES, type ResourceInfo } from "../api/resources";
import { type LabelSelector, matchesLabels } from "../util/labelSelector";
import { parseLabelSelector } from "../util/labels";

/** The resource a scaleTargetRef names, or the mapper's error text. */
export function scaleTargetResource(apiVersion: string, kind: string): ResourceInfo | { error: string } {
  const parts = apiVersion.split("/");
  if (parts.length > 2) return { error: `unexpected GroupVersion string: ${apiVersion}` };
  const group = parts.length === 2 ? (parts[0] as string) : "";
  const info = RESOURCES.find((r) => r.group === group && r.kind === kind);
  return info ?? { error: `no matches for kind "${kind}" in group "${group}"` };
}

export type SelectorResult =
  | { readonly ok: true; readonly selector: LabelSelector; readonly pods: Pod[] }
  | {
      readonly ok: false;
      /** The Warning event's reason; its message is `error`. */
      readonly eventReason: string;
      /** The ScalingActive=False condition. */
      readonly conditionReason: string;
      readonly message: string;
      readonly error: string;
    };

/** The selectors of the HPAs synced so far (upstream's hpaSelectors BiMultimap). */
export class HpaSelectors {
  private readonly byHpa = new Map<
    string,
    { readonly namespace: string; readonly selector: LabelSelector }
  >();

  delete(key: string): void {
    this.byHpa.delete(key);
  }

  /** validateAndParseSelector for HPA `key`, over every pod the informer holds. */
  validate(key: string, namespace: string, text: string, allPods: Iterable<KubeObject>): SelectorResult {
    if (text === "") {
      return {
        ok: false,
        eventReason: "SelectorRequired",
        conditionReason: "InvalidSelector",
        message: "the HPA target's scale is missing a selector",
        error: "selector is required",
      };
    }
    const parsed = parseLabelSelector(text);
    if (!parsed.ok) {
      const error = `couldn't convert selector into a corresponding internal selector object: ${parsed.error}`;
      return {
        ok: false,
        eventReason: "InvalidSelector",
        conditionReason: "InvalidSelector",
        message: error,
        error,
      };
    }
    const selector = parsed.value;
    this.byHpa.set(key, { namespace, selector });
    const pods: Pod[] = [];
    for (const p of allPods) {
      if (p.metadata.namespace === namespace && matchesLabels(selector, p.metadata.labels)) {
        pods.push(p as unknown as Pod);
      }
    }
    const controlling = new Set<string>();
    for (const pod of pods) {
      for (const [hpa, s] of this.byHpa) {
        if (s.namespace === namespace && matchesLabels(s.selector, pod.metadata?.labels))
          controlling.add(hpa);
      }
    }
    if (controlling.size > 1) {
      const error = `pods by selector ${text} are controlled by multiple HPAs: [${[...controlling].sort().join(" ")}]`;
      return {
        ok: false,
        eventReason: "AmbiguousSelector",
        conditionReason: "AmbiguousSelector",
        message: error,
        error,
      };
    }
    return { ok: true, selector, pods };
  }
}
