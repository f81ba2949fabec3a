export { PlanPreview } from './PlanPreview';
