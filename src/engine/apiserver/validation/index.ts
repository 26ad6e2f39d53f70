// Validation entry points used by the apiserver's registry strategies and decoders.

export {
  validateBinding,
  validateEvent,
  validateLease,
  validateNamespace,
  validateNamespaceUpdate,
  validateNodeCreate,
  validateNodeUpdate,
} from "./clusterObjectsValidation";
export { validatePodCreate, validatePodUpdate } from "./podValidation";
export { decodeStrict } from "./schemaDecode";
