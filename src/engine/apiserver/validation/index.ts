// Validation entry points used by the apiserver's registry strategies and decoders.

export { decodeStrict } from "./schemaDecode";
export {
  validateBinding,
  validateEvent,
  validateLease,
  validateNamespace,
  validateNamespaceUpdate,
  validateNodeCreate,
  validateNodeUpdate,
  validatePodCreate,
  validatePodUpdate,
} from "./podValidation";
