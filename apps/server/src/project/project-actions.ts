import type { ActionContext } from '@baton/actions';
import type { OpenProject, ProjectWithDefinitions } from './open-project';

/**
 * An opened project as @baton/actions sees it (storage, and the definitions with their IO managers
 * when they were loaded): what every command passes to an action.
 *
 * @example
 * const plan = await planMaterialization(projectActions(project), { select: 'raw/orders' });
 */
export function projectActions(project: OpenProject | ProjectWithDefinitions): ActionContext {
  if (!('definitions' in project)) return { storage: project.storage };
  return { storage: project.storage, definitions: () => project.definitions, ioManagers: () => project.ioManagers };
}
