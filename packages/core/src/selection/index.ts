// Public surface of the asset selection syntax.
export {
  AllNode,
  AndNode,
  AttributeNode,
  FunctionNode,
  IsNode,
  KeyNode,
  NotNode,
  OrNode,
  SelectionNode,
  TagNode,
  TraversalNode,
} from './selection-ast';
export type { SelectionAttribute, SelectionFlag, SelectionFunction, TraversalDepth } from './selection-ast';
export { parseSelection, SELECTION_ATTRIBUTES, SELECTION_FLAGS, SELECTION_FUNCTIONS } from './parse-selection';
export { formatSelection } from './format-selection';
export { resolveSelection, resolveSelectionMask } from './resolve-selection';
export type { ResolveSelectionOptions, SelectionTarget } from './resolve-selection';
export { AssetSelection } from './asset-selection';
