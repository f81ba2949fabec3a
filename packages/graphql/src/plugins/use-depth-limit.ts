import { GraphQLError, Kind, type FragmentDefinitionNode, type SelectionSetNode, type ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** Nesting depth of a selection set (fragments expanded, introspection fields not counted). */
export function selectionDepth(set: SelectionSetNode | undefined, fragments: Record<string, FragmentDefinitionNode>, seen = new Set<string>()): number {
  if (!set) return 0;
  let max = 0;
  for (const sel of set.selections) {
    let d = 0;
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value.startsWith('__')) continue;
      d = sel.selectionSet ? 1 + selectionDepth(sel.selectionSet, fragments, seen) : 1;
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      d = selectionDepth(sel.selectionSet, fragments, seen);
    } else {
      const name = sel.name.value;
      const fragment = fragments[name];
      if (!fragment || seen.has(name)) continue; // unknown/cyclic fragments are reported by graphql's own rules
      seen.add(name);
      d = selectionDepth(fragment.selectionSet, fragments, seen);
      seen.delete(name);
    }
    if (d > max) max = d;
  }
  return max;
}

function depthRule(maxDepth: number): ValidationRule {
  return (context) => {
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const def of context.getDocument().definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
    return {
      OperationDefinition(node) {
        const depth = selectionDepth(node.selectionSet, fragments);
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`Query depth ${depth} exceeds the limit of ${maxDepth}`, {
              nodes: [node],
              extensions: { code: 'INPUT_INVALID', limit: { kind: 'depth', max: maxDepth, actual: depth }, hint: 'split the query, or select fewer nested levels' },
            }),
          );
        }
      },
    };
  };
}

/**
 * Rejects operations nested deeper than `maxDepth` fields during validation (before execution).
 *
 * @example
 * createYoga({ plugins: [useDepthLimit(12)] });
 */
export function useDepthLimit(maxDepth: number): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(depthRule(maxDepth));
    },
  };
}
