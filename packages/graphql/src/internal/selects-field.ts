import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';

function inSet(set: SelectionSetNode | undefined, name: string, info: GraphQLResolveInfo, depth: number): boolean {
  if (!set || depth > 3) return false;
  for (const sel of set.selections) {
    if (sel.kind === 'Field') {
      if (sel.name.value === name || inSet(sel.selectionSet, name, info, depth + 1)) return true;
    } else if (sel.kind === 'InlineFragment') {
      if (inSet(sel.selectionSet, name, info, depth)) return true;
    } else {
      const fragment = info.fragments[sel.name.value];
      if (fragment && inSet(fragment.selectionSet, name, info, depth)) return true;
    }
  }
  return false;
}

/** True when the field being resolved selects `name` within a few levels (e.g. `nodes { status }`). */
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  return info.fieldNodes.some((f) => inSet(f.selectionSet, name, info, 0));
}
