// Public entry point for patches: JSON merge patch (RFC 7386, as evanphx/json-patch does it for
// `kubectl patch --type merge`) and strategic merge patch from
// k8s.io/apimachinery/pkg/util/strategicpatch/patch.go. The code lives in:
//   mergePatch.ts             MergePatch / CreateMergePatch
//   strategicMerge.ts         StrategicMergeMapPatch (what the apiserver applies)
//   strategicMergeDiff.ts     CreateThreeWayMergePatch (what `kubectl apply` sends), CreateTwoWayMergePatch
//   strategicMergeHelpers.ts  directives and list helpers shared by the two above
//   patchSchema.ts            patchStrategy / patchMergeKey tags of the built-in kinds
//   patchCommon.ts            PatchError and JSON type helpers

export { PatchError } from "./patchCommon";
export { applyMergePatch, createMergePatch } from "./mergePatch";
export { BUILTIN_PATCH_SCHEMAS, PatchStrategy, patchSchemaForKind, type PatchSchema } from "./patchSchema";
export { applyStrategicMergePatch } from "./strategicMerge";
export {
  createThreeWayStrategicPatch,
  createTwoWayStrategicPatch,
  type ThreeWayOptions,
} from "./strategicMergeDiff";
