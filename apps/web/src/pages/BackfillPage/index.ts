export { BackfillPage } from './BackfillPage';
