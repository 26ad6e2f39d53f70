// Public entry point for labels and selectors, mirroring k8s.io/apimachinery/pkg/labels
// (selector.go), pkg/fields (selector.go), pkg/util/validation and metav1's LabelSelector
// helpers. The code lives in:
//   labelSelector.ts        Requirement, matching, printing, SelectorFromSet, LabelSelectorAsSelector
//   labelSelectorParser.ts  labels.Parse (lexer and parser)
//   fields.ts               field selectors
//   labelValidation.ts      label key/value validation and the shared error texts

export {
  LABEL_VALUE_MAX_LENGTH,
  maxLenError,
  regexError,
  validateDNS1123Subdomain,
  validateLabelKey,
  validateLabelValue,
  validateLabels,
} from "./labelValidation";
export {
  SelectionOperator,
  everything,
  isEverything,
  labelRequiresExactMatch,
  labelSelectorAsSelector,
  labelSelectorFromSet,
  labelSelectorString,
  matchesLabels,
  newRequirement,
  nothing,
  requirementMatches,
  requirementString,
  type LabelRequirement,
  type LabelSelector,
  type LabelSelectorRequirementInput,
  type Labels,
  type MetaLabelSelector,
  type ParseResult,
} from "./labelSelector";
export { parseLabelSelector } from "./labelSelectorParser";
export {
  escapeFieldValue,
  everythingFields,
  fieldRequiresExactMatch,
  fieldSelectorString,
  matchesFields,
  parseFieldSelector,
  type FieldRequirement,
  type FieldSelector,
} from "./fields";
