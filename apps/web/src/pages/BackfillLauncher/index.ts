export { BackfillLauncher } from './BackfillLauncher';
