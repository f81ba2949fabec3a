export { MaterializeStaleDialog } from './MaterializeStaleDialog';
export { MaterializeDialog } from './MaterializeDialog';
