export { BackfillsPage } from './BackfillsPage';
export { ProgressBar, totalProgress } from './BackfillProgress';
