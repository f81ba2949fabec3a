/**
 * create-baton — scaffolds a Baton project. `npm create baton@latest my-project` runs the bin;
 * `baton init` (@baton/cli) calls runCreateBaton. No dependencies.
 */
export { runCreateBaton } from './run-create-baton';
export type { CreateBatonIO } from './run-create-baton';
export { initProject } from './init-project';
export type { InitProjectOptions, InitProjectResult } from './init-project';
export { InitConflictError } from './init-conflict-error';
export { scaffoldFiles, scaffoldManifest } from './scaffold-files';
export type { ScaffoldFile, ScaffoldOptions } from './scaffold-files';
